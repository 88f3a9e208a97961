// files:sign through the real dispatcher and holder on a virtual key: a file whose name is at the
// length limit (252–255 characters) gets a signature with a valid, shortened .p7s name instead of
// an internal error, and OpenSSL verifies that signature over the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHolderApiDispatcher, type HolderApiDispatcher } from '../../src-main/holder-api/dispatcher';
import { startHolderOn, type OpenedHolder } from '../../src-main/holder-api/open-holder';
import type { SettingsService } from '../../src-main/holder-api/settings-service';
import { opensslCmsVerify } from '../helpers/openssl';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('files:sign with a file name at the length limit', () => {
  let keys: VirtualKeyHome;
  let opened: OpenedHolder;
  let dispatcher: HolderApiDispatcher;
  let dir: string;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    process.env.VUSBKEY_HOME = keys.home;
    opened = await startHolderOn({ path: keys.modulePath, source: 'setting' }, { renewalWindowDays: 30 });
    // files:sign never reads the settings.
    dispatcher = createHolderApiDispatcher({ holder: opened.holder, settings: {} as SettingsService });
    const [token] = await opened.holder.listTokens();
    await opened.holder.login(token!.slotId, '123456');
    dir = mkdtempSync(join(tmpdir(), 'yikey-long-name-'));
  });
  afterAll(async () => {
    dispatcher?.close();
    await opened?.stop();
    rmSync(dir, { recursive: true, force: true });
    await keys?.cleanup();
  });

  it.each([251, 252, 255])('a %i-character name signs, with a name the contract accepts', async (length) => {
    const name = `${'x'.repeat(length - 4)}.txt`;
    const content = Buffer.from(`record ${length}\n`);
    const reply = await dispatcher.dispatch('files:sign', {
      file: { name, contentBase64: content.toString('base64') },
    });
    expect(reply).toMatchObject({ ok: true });
    if (!reply.ok) return;
    const { signature } = reply.output as { signature: { fileName: string; contentBase64: string } };
    expect(signature.fileName.length).toBeLessThanOrEqual(255);
    expect(signature.fileName).toBe(length <= 251 ? `${name}.p7s` : `${name.slice(0, 251)}.p7s`);
    const contentPath = join(dir, `content-${length}`);
    const signaturePath = join(dir, `signature-${length}.p7s`);
    writeFileSync(contentPath, content);
    writeFileSync(signaturePath, Buffer.from(signature.contentBase64, 'base64'));
    expect(opensslCmsVerify({ content: contentPath, signature: signaturePath, caFile: keys.caPath }).ok).toBe(
      true,
    );
  });
});
