// The policy file hospital IT deploys (contacts for a locked PIN and for renewal) reaches the
// renderer through settings:get. A malformed, special or huge file is ignored with a warning
// and the defaults, without blocking start-up and without stopping the core.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAdminPolicyFileBytes } from '../../src-main/contract/admin-policy';
import { adminPolicyPathFrom, loadAdminPolicy } from '../../src-main/holder-api/admin-policy-file';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { startHolderCore } from '../../src-main/holder-api/start-holder-core';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const helpdesk = {
  unitAdministrator: {
    name: '王敏（信息科）',
    phone: '0571-8888 1234',
    email: 'ca-admin@example-hospital.cn',
  },
  caHotline: { name: '浙江CA服务热线', phone: '400-888-0000' },
};

describe('admin policy file', () => {
  let keys: VirtualKeyHome;
  let directory: string;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    process.env.VUSBKEY_HOME = keys.home;
    directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-policy-'));
  });

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await keys?.cleanup();
  });

  const write = (name: string, text: string): string => {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    return file;
  };

  async function settingsWith(adminPolicyPath: string | null) {
    const core = await startHolderCore({
      store: memorySettingsStore({ modulePath: keys.modulePath }),
      adminPolicyPath,
    });
    try {
      const result = await core.dispatcher.dispatch('settings:get', {});
      // The core keeps answering whatever the file held.
      expect(await core.dispatcher.dispatch('tokens:list', {})).toMatchObject({ ok: true });
      return result;
    } finally {
      await core.stop();
    }
  }

  it('a valid file: settings:get carries the administrator and the hotline, no warning', async () => {
    const file = write('policy.json', JSON.stringify({ helpdesk }));
    expect(await settingsWith(file)).toMatchObject({
      ok: true,
      output: { adminPolicy: { helpdesk }, adminPolicyWarning: null },
    });
  });

  it('a malformed file (bad JSON, or a field of the wrong shape): ignored with the corrupt warning, defaults', async () => {
    for (const text of ['{"helpdesk": {', JSON.stringify({ helpdesk: { caHotline: { name: 'CA' } } })]) {
      const file = write('bad.json', text);
      expect(await settingsWith(file)).toMatchObject({
        ok: true,
        output: { adminPolicy: { helpdesk: {} }, adminPolicyWarning: 'corrupt' },
      });
    }
  });

  it('no file at the path, or YIKEY_POLICY_FILE empty: defaults and no warning', async () => {
    expect(await settingsWith(path.join(directory, 'absent.json'))).toMatchObject({
      ok: true,
      output: { adminPolicy: { helpdesk: {} }, adminPolicyWarning: null },
    });
    expect(adminPolicyPathFrom({ YIKEY_POLICY_FILE: '' })).toBeNull();
    expect(adminPolicyPathFrom({})).toBe('/etc/yikey/policy.json');
    expect(adminPolicyPathFrom({ YIKEY_POLICY_FILE: '/srv/p.json' })).toBe('/srv/p.json');
  });

  it('a FIFO is refused at once (no writer ever comes) and start-up goes on', async () => {
    const fifo = path.join(directory, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(await settingsWith(fifo)).toMatchObject({
      ok: true,
      output: { adminPolicy: { helpdesk: {} }, adminPolicyWarning: 'not-file' },
    });
    expect(await loadAdminPolicy(fifo)).toMatchObject({ warning: 'not-file' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a file over the cap is refused unread; a directory is not a file', async () => {
    const huge = write('huge.json', JSON.stringify({ helpdesk }));
    truncateSync(huge, maxAdminPolicyFileBytes + 1);
    expect(await loadAdminPolicy(huge)).toEqual({
      policy: { helpdesk: {} },
      warning: 'too-large',
      path: huge,
    });
    expect(await loadAdminPolicy(directory)).toMatchObject({ warning: 'not-file' });
  });
});
