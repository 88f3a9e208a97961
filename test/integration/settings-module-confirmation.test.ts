// settings:set with a module outside the vendor table asks the holder first (the Electron shell
// passes a main-process dialog as confirmUnlistedModule; here a recording stand-in answers).
// A "no" loads nothing and saves nothing — proven by a library whose constructor writes a
// marker file; a listed vendor module and a refused file are never asked about.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolderApiDispatcher, type HolderApiDispatcher } from '../../src-main/holder-api/dispatcher';
import { HolderSession } from '../../src-main/holder-api/holder-session';
import { openHolder } from '../../src-main/holder-api/open-holder';
import { createSettingsService } from '../../src-main/holder-api/settings-service';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { loadTrustStore } from '../../src-main/holder-api/trust-store';
import { detectInstalledModules } from '../../src-main/token/module-locator';
import { buildMarkerLibrary } from '../helpers/marker-library';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('confirmUnlistedModule', () => {
  let keys: VirtualKeyHome;
  let safe: { directory: string; cleanup(): void };
  let session: HolderSession;
  let dispatcher: HolderApiDispatcher;
  const store = memorySettingsStore();
  const asked: string[] = [];
  let answer = false;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    process.env.VUSBKEY_HOME = keys.home;
    safe = createSafeTempDir('module-confirmation-');
    session = new HolderSession(await openHolder({ modulePath: keys.modulePath, renewalWindowDays: 30 }));
    const settings = createSettingsService({
      store,
      session,
      installedModules: [],
      trustStore: await loadTrustStore([]),
      confirmUnlistedModule: async (modulePath) => {
        asked.push(modulePath);
        return answer;
      },
    });
    dispatcher = createHolderApiDispatcher({ holder: session, settings });
  });

  afterAll(async () => {
    dispatcher?.close();
    await session?.stop();
    safe?.cleanup();
    await keys?.cleanup();
  });

  it('"no" loads nothing, saves nothing and keeps the module in use', async () => {
    asked.length = 0;
    answer = false;
    const marker = path.join(safe.directory, 'declined.marker');
    const library = buildMarkerLibrary(safe.directory, 'declined', marker);
    const result = await dispatcher.dispatch('settings:set', { modulePath: library, renewalWindowDays: 40 });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(asked).toEqual([library]);
    expect(existsSync(marker)).toBe(false);
    expect(store.load()).toMatchObject({ modulePath: null, renewalWindowDays: 30 });
    expect(await dispatcher.dispatch('tokens:list', {})).toMatchObject({
      ok: true,
      output: { tokens: [{ label: 'doctor' }] },
    });
  });

  it('"yes" goes on to load it (this one then fails as not PKCS#11)', async () => {
    asked.length = 0;
    answer = true;
    const marker = path.join(safe.directory, 'accepted.marker');
    const library = buildMarkerLibrary(safe.directory, 'accepted', marker);
    const result = await dispatcher.dispatch('settings:set', { modulePath: library });
    expect(result).toMatchObject({ ok: false, error: { code: 'module-not-pkcs11' } });
    expect(asked).toEqual([library]);
    expect(readFileSync(marker, 'utf8')).toBe('constructor ran\n');
  });

  it('a file the safety check refuses is refused without asking', async () => {
    asked.length = 0;
    answer = true;
    const writable = path.join(safe.directory, 'writable-by-all.so');
    writeFileSync(writable, 'x');
    chmodSync(writable, 0o666);
    const result = await dispatcher.dispatch('settings:set', { modulePath: writable });
    expect(result).toMatchObject({ ok: false, error: { code: 'module-file-unsafe' } });
    expect(asked).toEqual([]);
  });

  it('a module from the vendor table and a change of other settings are not asked about', async () => {
    asked.length = 0;
    answer = false;
    expect(await dispatcher.dispatch('settings:set', { renewalWindowDays: 45 })).toMatchObject({ ok: true });
    // OpenSC is installed by .ci/install-system-packages.sh; its path is found through the table.
    const [listed] = detectInstalledModules();
    expect(listed).toBeDefined();
    const switched = await dispatcher.dispatch('settings:set', { modulePath: listed!.path });
    expect(switched).toMatchObject({ ok: true, output: { module: { path: listed!.path } } });
    expect(asked).toEqual([]);
  });
});
