// Where a standby token host may wait (src-main/token/standby-address.ts): only in a real folder
// of this user that nobody else may enter, at a path the system will not cut short, for an idle
// time a timer can hold. Real folders in a temp directory; no process is started.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isPrivateFolder,
  standbyIdleMs,
  standbySocketFor,
  defaultStandbyIdleSeconds,
} from '../../../src-main/token/standby-address';

describe('standby socket address', () => {
  let scratch: string;
  let runtimes = 0;
  const entry = '/opt/yikey/dist/node/token-host.cjs';

  /** A fresh XDG_RUNTIME_DIR under the scratch folder, `extra` characters longer than the minimum. */
  const runtime = (extra = 0): string => {
    const folder = join(scratch, `${++runtimes}${'r'.repeat(extra)}`);
    mkdirSync(folder, { mode: 0o700 });
    return folder;
  };

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'yikey-standby-address-'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes a private yikey folder and names the socket by what the host would be', () => {
    const env = { XDG_RUNTIME_DIR: runtime(), PATH: '/usr/bin' };
    const socket = standbySocketFor(env, entry)!;
    expect(socket).toMatch(new RegExp(`^${env.XDG_RUNTIME_DIR}/yikey/host-[0-9a-f]{32}\\.sock$`));
    expect(isPrivateFolder(dirname(socket))).toBe(true);
    expect(standbySocketFor({ PATH: '/usr/bin', XDG_RUNTIME_DIR: env.XDG_RUNTIME_DIR }, entry)).toBe(socket);
    expect(standbySocketFor({ ...env, NODE_CHANNEL_FD: '3', NODE_EXTRA_CA_CERTS: '/x.pem' }, entry)).toBe(
      socket,
    );
    // The shell's `_` (the program it ran) does not part `yikey …` from `node …/cli.cjs …`.
    expect(standbySocketFor({ ...env, _: '/usr/bin/node' }, entry)).toBe(socket);
    expect(standbySocketFor({ ...env, VUSBKEY_HOME: '/elsewhere' }, entry)).not.toBe(socket);
    expect(standbySocketFor({ ...env, YIKEY_STANDBY_HOST: 'off' }, entry)).toBeUndefined();
  });

  it('refuses a link, a folder of another user, and one others may enter', () => {
    const linked = runtime();
    const target = join(scratch, 'target');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(linked, 'yikey'));
    expect(standbySocketFor({ XDG_RUNTIME_DIR: linked }, entry)).toBeUndefined();
    expect(isPrivateFolder(join(linked, 'yikey'))).toBe(false);
    expect(isPrivateFolder(target)).toBe(true);

    for (const [mode, owner] of [
      [0o777, undefined],
      [0o701, undefined],
      [0o710, undefined],
      [0o700, 65534],
    ] as const) {
      const folder = runtime();
      mkdirSync(join(folder, 'yikey'), { mode: 0o700 });
      chmodSync(join(folder, 'yikey'), mode);
      if (owner !== undefined) {
        if (process.getuid?.() !== 0) continue; // Only root can give a folder away.
        chownSync(join(folder, 'yikey'), owner, owner);
      }
      expect(standbySocketFor({ XDG_RUNTIME_DIR: folder }, entry)).toBeUndefined();
    }
    expect(isPrivateFolder(join(scratch, 'missing'))).toBe(false);
  });

  it('ignores a relative XDG_RUNTIME_DIR (as the XDG spec says): no folder made under the working folder', () => {
    // `XDG_RUNTIME_DIR=. yikey tokens` made ./yikey in the holder's working folder and a standby
    // listening at a relative path there.
    const folder = runtime();
    const socket = standbySocketFor({ XDG_RUNTIME_DIR: relative(process.cwd(), folder) }, entry);
    expect(existsSync(join(folder, 'yikey'))).toBe(false);
    if (socket !== undefined) expect(isAbsolute(socket)).toBe(true);
  });

  it('gives no socket where its path would be cut short by the system', () => {
    const fits = runtime();
    const socket = standbySocketFor({ XDG_RUNTIME_DIR: fits }, entry)!;
    const room = 103 - Buffer.byteLength(socket);
    // Runtime folders are numbered: the next number may be a digit longer than this one's.
    const longest = runtime(room - String(runtimes + 1).length + String(runtimes).length);
    expect(Buffer.byteLength(standbySocketFor({ XDG_RUNTIME_DIR: longest }, entry)!)).toBe(103);
    expect(standbySocketFor({ XDG_RUNTIME_DIR: runtime(room + 1) }, entry)).toBeUndefined();
  });

  it('reads the idle time, falling back to the default for nonsense and capping what a timer cannot hold', () => {
    const idle = (value: string | undefined) => standbyIdleMs({ YIKEY_STANDBY_IDLE_SECONDS: value });
    expect(idle('20')).toBe(20_000);
    expect(idle('0.5')).toBe(500);
    for (const nonsense of [undefined, '', '0', '-5', 'soon', 'Infinity', 'NaN']) {
      expect(idle(nonsense)).toBe(defaultStandbyIdleSeconds * 1000);
    }
    expect(idle('1e10')).toBe(2 ** 31 - 1);
    expect(idle('2147484')).toBe(2 ** 31 - 1);
  });
});
