// A PKCS#11 module is code: loading it runs its constructors. A library that another user or
// program could have written (a group/world-writable folder, /tmp) must be refused before
// dlopen through every door — settings:set, --module, YIKEY_PKCS11_MODULE — and the proof
// is a library whose constructor writes a marker file: refused means no marker.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolderApiDispatcher, type HolderApiDispatcher } from '../../src-main/holder-api/dispatcher';
import { HolderSession } from '../../src-main/holder-api/holder-session';
import { openHolder } from '../../src-main/holder-api/open-holder';
import { fileSettingsStore } from '../../src-main/holder-api/settings-file';
import { createSettingsService } from '../../src-main/holder-api/settings-service';
import { loadTrustStore } from '../../src-main/holder-api/trust-store';
import { buildMarkerLibrary } from '../helpers/marker-library';
import { runCli } from '../helpers/run-cli';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('a PKCS#11 module another user could have written is never loaded', () => {
  let keys: VirtualKeyHome;
  let safe: { directory: string; cleanup(): void };
  let tmpFolder: string;
  let session: HolderSession;
  let dispatcher: HolderApiDispatcher;
  let settingsFile: string;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    process.env.VUSBKEY_HOME = keys.home;
    safe = createSafeTempDir('module-safety-');
    tmpFolder = mkdtempSync(path.join('/tmp', 'yikey-module-safety-'));
    settingsFile = path.join(safe.directory, 'settings.json');
    session = new HolderSession(await openHolder({ modulePath: keys.modulePath, renewalWindowDays: 30 }));
    const settings = createSettingsService({
      store: fileSettingsStore(settingsFile, () => undefined),
      session,
      installedModules: [],
      trustStore: await loadTrustStore([]),
    });
    dispatcher = createHolderApiDispatcher({ holder: session, settings });
  });

  afterAll(async () => {
    dispatcher?.close();
    await session?.stop();
    safe?.cleanup();
    if (tmpFolder) rmSync(tmpFolder, { recursive: true, force: true });
    await keys?.cleanup();
  });

  /** A marker library in a folder everyone may write to (as an attacker would leave it). */
  const libraryInWorldWritableFolder = (name: string): { library: string; marker: string } => {
    const folder = path.join(safe.directory, `${name}-shared`);
    const marker = path.join(safe.directory, `${name}.marker`);
    const library = buildMarkerLibrary(safe.directory, name, marker);
    const exposed = path.join(folder, `${name}.so`);
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    copyFileSync(library, exposed);
    return { library: exposed, marker };
  };

  it('settings:set refuses it with module-file-unsafe, runs none of its code and saves nothing', async () => {
    const { library, marker } = libraryInWorldWritableFolder('settings-door');
    const result = await dispatcher.dispatch('settings:set', { modulePath: library });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'module-file-unsafe',
        details: { path: library, at: path.dirname(library), reason: 'writable-by-others' },
      },
    });
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(settingsFile)).toBe(false);
    // The module in use is untouched: the key is still listed.
    expect(await dispatcher.dispatch('tokens:list', {})).toMatchObject({
      ok: true,
      output: { tokens: [{ label: 'doctor' }] },
    });
  });

  it('--module and YIKEY_PKCS11_MODULE refuse it the same way in the CLI', async () => {
    const { library, marker } = libraryInWorldWritableFolder('cli-door');
    const byFlag = await runCli(['tokens', '--module', library], { env: { ...keys.env, YIKEY_LANG: 'en' } });
    expect(byFlag.code).toBe(1);
    expect(byFlag.stderr).toContain('[module-file-unsafe]');
    expect(byFlag.stderr).toContain(library);
    const byEnvironment = await runCli(['tokens'], {
      env: { ...keys.env, YIKEY_PKCS11_MODULE: library, YIKEY_LANG: 'en' },
    });
    expect(byEnvironment.code).toBe(1);
    expect(byEnvironment.stderr).toContain('[module-file-unsafe]');
    expect(existsSync(marker)).toBe(false);
  });

  it('a library in a sticky world-writable folder (like /tmp itself) is refused', async () => {
    // Anyone may drop a file there; the sticky bit only stops them renaming ours.
    chmodSync(tmpFolder, 0o1777);
    const marker = path.join(safe.directory, 'tmp-door.marker');
    const library = buildMarkerLibrary(tmpFolder, 'tmp-door', marker);
    const result = await dispatcher.dispatch('settings:set', { modulePath: library });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'module-file-unsafe', details: { at: tmpFolder, reason: 'writable-by-others' } },
    });
    expect(existsSync(marker)).toBe(false);
  });

  it('the same library in a safe folder is loaded, and then refused as not PKCS#11', async () => {
    // The control: the check above, not something else, is what kept the constructor from running.
    const marker = path.join(safe.directory, 'safe.marker');
    const library = buildMarkerLibrary(safe.directory, 'safe', marker);
    const result = await dispatcher.dispatch('settings:set', { modulePath: library });
    expect(result).toMatchObject({ ok: false, error: { code: 'module-not-pkcs11' } });
    expect(readFileSync(marker, 'utf8')).toBe('constructor ran\n');
  });

  it('a relative --module is taken from the working directory, as a shell user means it', async () => {
    const relative = path.relative(process.cwd(), keys.modulePath);
    expect(path.isAbsolute(relative)).toBe(false);
    const result = await runCli(['tokens', '--json', '--module', relative], { env: keys.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ label: 'doctor' })]);
  });

  it('a relative YIKEY_PKCS11_MODULE is refused with its own code', async () => {
    const relative = await runCli(['tokens'], {
      env: { ...keys.env, YIKEY_PKCS11_MODULE: 'lib/libvusbkey.so', YIKEY_LANG: 'en' },
    });
    expect(relative.code).toBe(1);
    expect(relative.stderr).toContain('[module-path-relative]');
  });
});
