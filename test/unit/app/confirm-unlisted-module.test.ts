// The Electron dialog before an unlisted PKCS#11 module loads: only the "load" button says yes;
// Cancel is the default and the Esc answer, the path is shown, the window is the parent.
import { describe, expect, it } from 'vitest';
import {
  createUnlistedModuleConfirmation,
  unlistedModuleDialog,
  type ShowMessageBox,
} from '../../../src-main/app/confirm-unlisted-module';

describe('createUnlistedModuleConfirmation', () => {
  const path = '/opt/vendor/lib/libp11.so';

  it.each([
    [0, false],
    [1, true],
  ])('button %i answers %s', async (response, allowed) => {
    const seen: Parameters<ShowMessageBox>[] = [];
    const show: ShowMessageBox = async (...args) => {
      seen.push(args);
      return { response };
    };
    const confirm = createUnlistedModuleConfirmation(show, () => null);
    expect(await confirm(path)).toBe(allowed);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1].detail).toContain(path);
  });

  it('defaults to Cancel, and Esc cancels', () => {
    const options = unlistedModuleDialog(path);
    expect(options.buttons?.[options.defaultId ?? -1]).toBe('取消');
    expect(options.buttons?.[options.cancelId ?? -1]).toBe('取消');
    expect(options.message).toMatch(/驱动/);
  });
});
