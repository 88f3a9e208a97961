// settings:set through the real dispatcher, with real token hosts on the virtual USBKEY: a file
// that is not PKCS#11 is refused with its own error and nothing changes; a valid module is
// switched to; out-of-range values are refused; the renewal window changes the expiry status;
// trusted CA files are checked before they are saved and change the certificate chain at once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolderApiDispatcher, type HolderApiDispatcher } from '../../src-main/holder-api/dispatcher';
import { HolderSession } from '../../src-main/holder-api/holder-session';
import { openHolder } from '../../src-main/holder-api/open-holder';
import { fileSettingsStore } from '../../src-main/holder-api/settings-file';
import { createSettingsService } from '../../src-main/holder-api/settings-service';
import { loadTrustStore } from '../../src-main/holder-api/trust-store';
import { findOpenScModule } from '../helpers/system-libraries';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('settings:set', () => {
  let keys: VirtualKeyHome;
  let directory: string;
  let settingsFile: string;
  let session: HolderSession;
  let dispatcher: HolderApiDispatcher;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor', days: 20 });
    process.env.VUSBKEY_HOME = keys.home;
    directory = mkdtempSync(path.join(os.tmpdir(), 'yikey-settings-it-'));
    settingsFile = path.join(directory, 'settings.json');
    const store = fileSettingsStore(settingsFile, () => undefined);
    session = new HolderSession(await openHolder({ modulePath: keys.modulePath, renewalWindowDays: 30 }));
    const settings = createSettingsService({
      store,
      session,
      installedModules: [],
      trustStore: await loadTrustStore([]),
    });
    dispatcher = createHolderApiDispatcher({ holder: session, settings });
  });

  afterAll(async () => {
    dispatcher.close();
    session.stop();
    rmSync(directory, { recursive: true, force: true });
    await keys.cleanup();
  });

  const call = async (method: string, input: unknown) => dispatcher.dispatch(method, input);
  const statusOfFirstCertificate = async (): Promise<unknown> => {
    const result = await call('certs:list', {});
    if (!result.ok) throw new Error(result.error.message);
    const [entry] = (result.output as { certificates: { certificate?: { status: string } }[] }).certificates;
    return entry?.certificate?.status;
  };

  it('the renewal window changes the expiry status of a certificate with 20 days left', async () => {
    expect(await statusOfFirstCertificate()).toBe('expiring');
    const result = await call('settings:set', { renewalWindowDays: 10 });
    expect(result).toMatchObject({ ok: true, output: { renewalWindowDays: 10 } });
    expect(await statusOfFirstCertificate()).toBe('valid');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ renewalWindowDays: 10 });
  });

  it.each([
    { renewalWindowDays: 0 },
    { renewalWindowDays: 366 },
    { renewalWindowDays: 2.5 },
    { autoLockMinutes: 0 },
    { autoLockMinutes: 121 },
    { language: 'fr' },
    { unknownSetting: true },
  ])('refuses %o and keeps the previous settings', async (patch) => {
    const before = readFileSync(settingsFile, 'utf8');
    const result = await call('settings:set', patch);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(readFileSync(settingsFile, 'utf8')).toBe(before);
  });

  it('refuses a file that is not a PKCS#11 module, with that reason, and keeps the module in use', async () => {
    const notAModule = path.join(directory, 'not-a-module.so');
    writeFileSync(notAModule, 'hello, I am text\n');
    const before = readFileSync(settingsFile, 'utf8');
    const result = await call('settings:set', { modulePath: notAModule, renewalWindowDays: 40 });
    expect(result).toMatchObject({ ok: false, error: { code: 'module-not-pkcs11' } });
    expect(readFileSync(settingsFile, 'utf8')).toBe(before);
    const view = await call('settings:get', {});
    expect(view).toMatchObject({
      ok: true,
      output: { renewalWindowDays: 10, module: { path: keys.modulePath } },
    });
    expect(await call('tokens:list', {})).toMatchObject({
      ok: true,
      output: { tokens: [{ label: 'doctor' }] },
    });
  });

  it('switches the running holder to a valid module chosen in the settings', async ({ skip }) => {
    const openScModule = findOpenScModule();
    if (!openScModule)
      return skip(
        'OpenSC is not installed: no opensc-pkcs11.so in the vendor table, dpkg or the library folders',
      );
    const locked: string[] = [];
    const unsubscribe = dispatcher.onEvent((event) => {
      if (event.name === 'session:locked') locked.push(event.payload.reason);
    });
    const opensc = openScModule.path;
    const result = await call('settings:set', { modulePath: opensc });
    unsubscribe();
    expect(result).toMatchObject({ ok: true, output: { modulePath: opensc, module: { path: opensc } } });
    expect(locked).toEqual(['module-changed']);
    // OpenSC sees no card here: the virtual key is gone from the listing.
    expect(await call('tokens:list', {})).toMatchObject({ ok: true, output: { tokens: [] } });
    const back = await call('settings:set', { modulePath: keys.modulePath });
    expect(back).toMatchObject({ ok: true, output: { module: { path: keys.modulePath } } });
    expect(await call('tokens:list', {})).toMatchObject({
      ok: true,
      output: { tokens: [{ label: 'doctor' }] },
    });
  });

  const chainOfFirstCertificate = async (): Promise<Record<string, unknown>> => {
    const listing = await call('certs:list', {});
    if (!listing.ok) throw new Error(listing.error.message);
    const [entry] = (listing.output as { certificates: { certificate: { sha256Fingerprint: string } }[] })
      .certificates;
    const result = await call('certs:chain', { sha256Fingerprint: entry!.certificate.sha256Fingerprint });
    if (!result.ok) throw new Error(result.error.message);
    return result.output as Record<string, unknown>;
  };

  it('trusted CA files: refused with the reason when not CA certificates, applied at once when they are', async () => {
    expect(await chainOfFirstCertificate()).toMatchObject({
      chainStatus: 'incomplete',
      trustStoreConfigured: false,
      elements: [{ subject: { commonName: '张三' } }],
    });
    const before = readFileSync(settingsFile, 'utf8');
    const noPem = path.join(directory, 'notes.pem');
    writeFileSync(noPem, 'not a certificate\n');
    const holderCertificate = path.join(keys.home, 'keys', 'doctor', 'cert.pem');
    for (const [file, code] of [
      [noPem, 'trusted-ca-no-certificate'],
      [holderCertificate, 'trusted-ca-not-ca'],
      [path.join(directory, 'missing.pem'), 'trusted-ca-unreadable'],
    ] as const) {
      const refused = await call('settings:set', { trustedCaFiles: [keys.caPath, file] });
      expect(refused).toMatchObject({ ok: false, error: { code, details: { path: file } } });
      expect(readFileSync(settingsFile, 'utf8')).toBe(before);
    }

    const saved = await call('settings:set', { trustedCaFiles: [keys.caPath] });
    expect(saved).toMatchObject({
      ok: true,
      output: {
        trustedCaFiles: [keys.caPath],
        trustedCas: [
          {
            path: keys.caPath,
            source: 'setting',
            certificates: [{ commonName: 'YiKey Test CA' }],
            error: null,
          },
        ],
      },
    });
    expect(await chainOfFirstCertificate()).toMatchObject({
      chainStatus: 'trusted',
      trustStoreConfigured: true,
      elements: [
        { subject: { commonName: '张三' }, isTrustAnchor: false },
        { subject: { commonName: 'YiKey Test CA' }, isTrustAnchor: true, status: 'valid' },
      ],
    });

    await call('settings:set', { trustedCaFiles: [] });
    expect(await chainOfFirstCertificate()).toMatchObject({
      chainStatus: 'incomplete',
      trustStoreConfigured: false,
    });
  });
});
