// The diagnostics report (诊断 / yikey diagnose) on virtual USBKEYs, checked against OpenSC's
// pkcs11-tool reading the same module: two keys and one unplugged (an empty slot), the module's
// C_GetInfo, token flags, mechanisms; a PIN typed before never shows up, a wrong-PIN error does.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsReportSchema, type DiagnosticsReport } from '../../src-main/contract/diagnostics-schemas';
import { diagnosticsText } from '../../src-main/contract/diagnostics-text';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { startHolderCore, type HolderCore } from '../../src-main/holder-api/start-holder-core';
import { runCli } from '../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

/** PINs no serial, label or version can contain by chance. */
const rightPin = '583920';
const wrongPin = '947261';

function pkcs11Tool(keys: VirtualKeyHome, ...args: string[]): string {
  const result = spawnSync('pkcs11-tool', ['--module', keys.modulePath, ...args], {
    env: keys.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`pkcs11-tool ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

describe('diagnostics report on virtual USBKEYs', () => {
  let keys: VirtualKeyHome;
  let core: HolderCore;
  const missingCa = join('/nonexistent', 'provincial-ca.pem');

  async function report(): Promise<DiagnosticsReport> {
    const result = await core.dispatcher.dispatch('diagnostics:get', {});
    if (!result.ok) throw new Error(`diagnostics:get failed: ${result.error.code}`);
    return diagnosticsReportSchema.parse(result.output);
  }

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'alpha', pin: rightPin });
    await keys.initKey({ label: 'beta', pin: rightPin });
    await keys.initKey({ label: 'gamma', pin: rightPin });
    await keys.unplug('gamma');
    process.env.VUSBKEY_HOME = keys.home;
    core = await startHolderCore({
      store: memorySettingsStore({ modulePath: keys.modulePath, trustedCaFiles: [keys.caPath, missingCa] }),
    });
  });

  afterAll(async () => {
    await core?.stop();
    await keys?.cleanup();
  });

  it('lists every slot, the empty one too, as pkcs11-tool -L does, with token flags and mechanisms', async () => {
    const diagnostics = await report();
    const listed = pkcs11Tool(keys, '-L');
    const toolSlots = [...listed.matchAll(/^Slot (\d+) \(0x[0-9a-f]+\): (.*)$/gm)].map((match) => match[1]);
    const toolEmpty = [...listed.matchAll(/^Slot (\d+) .*\n\s+\(empty\)/gm)].map((match) => match[1]);
    expect(toolSlots).toHaveLength(3);
    expect(toolEmpty).toHaveLength(1);
    expect(diagnostics.slots.map((slot) => slot.slotId)).toEqual(toolSlots);
    expect(diagnostics.slots.filter((slot) => slot.token === null).map((slot) => slot.slotId)).toEqual(
      toolEmpty,
    );
    const empty = diagnostics.slots.find((slot) => slot.token === null);
    expect(empty?.flags).not.toContain('CKF_TOKEN_PRESENT');
    expect(empty?.description).toContain('gamma');

    const labels = diagnostics.slots.flatMap((slot) => (slot.token ? [slot.token.label] : []));
    expect(labels.sort()).toEqual(['alpha', 'beta']);
    for (const slot of diagnostics.slots.filter((candidate) => candidate.token)) {
      expect(slot.flags).toContain('CKF_TOKEN_PRESENT');
      expect(slot.token?.flags).toEqual(
        expect.arrayContaining(['CKF_LOGIN_REQUIRED', 'CKF_USER_PIN_INITIALIZED', 'CKF_TOKEN_INITIALIZED']),
      );
      expect(slot.token?.mechanisms).toContainEqual(
        expect.objectContaining({
          type: '0x1',
          name: 'CKM_RSA_PKCS',
          flags: expect.arrayContaining(['CKF_SIGN']),
        }),
      );
      // pkcs11-tool's own reading of this token: serial and PIN lengths.
      const tokenBlock = listed.split(/^Slot /m).find((block) => block.startsWith(`${slot.slotId} `)) ?? '';
      expect(tokenBlock).toMatch(new RegExp(`serial num\\s+: ${slot.token?.serial ?? '-'}`));
      expect(tokenBlock).toMatch(
        new RegExp(`pin min/max\\s+: ${slot.token?.minPinLength}/${slot.token?.maxPinLength}`),
      );
    }

    const text = diagnosticsText(diagnostics);
    expect(text).toContain(`slot ${empty?.slotId}: empty`);
    expect(text).toMatch(/signing mechanisms \(\d+ of \d+\):\n(?:.*\n)*\s+CKM_RSA_PKCS 0x1 /);
  });

  it('C_GetInfo and the mechanism list agree with pkcs11-tool -I and -M', async () => {
    const diagnostics = await report();
    const info = pkcs11Tool(keys, '-I');
    expect(info).toMatch(
      new RegExp(`Cryptoki version ${diagnostics.library?.cryptokiVersion.replace('.', '\\.')}`),
    );
    expect(info).toMatch(new RegExp(`Manufacturer\\s+${diagnostics.library?.manufacturer}`));
    expect(info).toContain(`(ver ${diagnostics.library?.libraryVersion})`);

    const first = diagnostics.slots.find((slot) => slot.token);
    const mechanisms = pkcs11Tool(keys, '--slot', first?.slotId ?? '0', '-M')
      .split('\n')
      .filter((line) => line.startsWith('  '));
    expect(first?.token?.mechanisms).toHaveLength(mechanisms.length);
    // Same order (C_GetMechanismList's), same key sizes and the same capability flags.
    first?.token?.mechanisms.forEach((mechanism, index) => {
      const line = mechanisms[index] ?? '';
      if (mechanism.minKeySize !== 0 || mechanism.maxKeySize !== 0)
        expect(line).toContain(`keySize={${mechanism.minKeySize},${mechanism.maxKeySize}}`);
      expect(line.includes(', sign')).toBe(mechanism.flags.includes('CKF_SIGN'));
      expect(line.includes('generate_key_pair')).toBe(mechanism.flags.includes('CKF_GENERATE_KEY_PAIR'));
    });
    const rsaIndex =
      first?.token?.mechanisms.findIndex((mechanism) => mechanism.name === 'CKM_RSA_PKCS') ?? -1;
    expect(mechanisms[rsaIndex]).toMatch(/^\s+RSA-PKCS,/);
  });

  it('names the module, why it was chosen, and each trusted CA file with its state', async () => {
    const diagnostics = await report();
    expect(diagnostics.module).toEqual({ path: keys.modulePath, source: 'setting', vendor: null });
    expect(diagnostics.moduleError).toBeNull();
    expect(diagnostics.trustedCas).toMatchObject([
      { path: keys.caPath, error: null, certificates: [{ commonName: 'YiKey Test CA' }] },
      { path: missingCa, certificates: [], error: { code: 'trusted-ca-unreadable' } },
    ]);
    const text = diagnosticsText(diagnostics);
    expect(text).toContain(`path: ${keys.modulePath}`);
    expect(text).toContain(`${missingCa} (setting) — not in use: [trusted-ca-unreadable]`);
  });

  it('shows a wrong-PIN error with its code and never the PIN typed before', async () => {
    const slotId = (await report()).slots.find((slot) => slot.token?.label === 'alpha')?.slotId ?? '';
    expect(await core.dispatcher.dispatch('session:login', { slotId, pin: rightPin })).toMatchObject({
      ok: true,
    });
    expect(await core.dispatcher.dispatch('session:login', { slotId, pin: wrongPin })).toMatchObject({
      ok: false,
      error: { code: 'pin-incorrect' },
    });
    const diagnostics = await report();
    expect(diagnostics.recentErrors[0]).toMatchObject({ method: 'session:login', code: 'pin-incorrect' });
    for (const form of [JSON.stringify(diagnostics), diagnosticsText(diagnostics)]) {
      expect(form).not.toContain(rightPin);
      expect(form).not.toContain(wrongPin);
    }
    expect(diagnosticsText(diagnostics)).toMatch(/^\S+ session:login \[pin-incorrect\]$/m);
  });

  it('yikey diagnose --json parses and lists the empty slot; yikey diagnose prints the text', async () => {
    const env = { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath, YIKEY_TRUSTED_CA: keys.caPath };
    const json = await runCli(['diagnose', '--json'], { env });
    expect(json.code).toBe(0);
    const parsed = diagnosticsReportSchema.parse(JSON.parse(json.stdout));
    expect(parsed.module).toMatchObject({ path: keys.modulePath, source: 'environment' });
    expect(parsed.slots).toHaveLength(3);
    expect(parsed.slots.filter((slot) => slot.token === null)).toHaveLength(1);
    expect(parsed.trustedCas).toMatchObject([{ source: 'environment', error: null }]);

    const text = await runCli(['diagnose'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`path: ${keys.modulePath}`);
    expect(text.stdout).toContain('chosen by: 环境变量 environment variable YIKEY_PKCS11_MODULE');
    expect(text.stdout).toMatch(/^slot \d+: empty — /m);
    expect(text.stdout).toMatch(/^slot \d+: key inserted — .*alpha/m);
  });

  it('with a module that does not load, the report says why instead of failing', async () => {
    const result = await runCli(['--module', join(keys.home, 'missing-module.so'), 'diagnose', '--json'], {
      env: keys.env,
    });
    expect(result.code).toBe(0);
    const parsed = diagnosticsReportSchema.parse(JSON.parse(result.stdout));
    expect(parsed.moduleError).toMatchObject({ code: 'module-not-found' });
    expect(parsed.slotsError).toMatchObject({ code: 'module-not-found' });
    expect(parsed.library).toBeNull();
  });
});

describe('diagnostics report when the module does not load', () => {
  let core: HolderCore;
  const missingModule = join('/nonexistent', 'libvendor-pkcs11.so');

  beforeAll(async () => {
    core = await startHolderCore({ store: memorySettingsStore({ modulePath: missingModule }) });
  });

  afterAll(async () => {
    await core?.stop();
  });

  it('the app still answers diagnostics:get, with the module it tried and why it did not load', async () => {
    const result = await core.dispatcher.dispatch('diagnostics:get', {});
    if (!result.ok) throw new Error(`diagnostics:get failed: ${result.error.code}`);
    const diagnostics = diagnosticsReportSchema.parse(result.output);
    expect(diagnostics.module).toEqual({ path: missingModule, source: 'setting', vendor: null });
    expect(diagnostics.moduleError).toMatchObject({ code: 'module-not-found' });
    expect(diagnostics.library).toBeNull();
    expect(diagnostics.slots).toEqual([]);
    const text = diagnosticsText(diagnostics);
    expect(text).toContain(`path: ${missingModule}`);
    expect(text).toContain('not loaded: [module-not-found]');
  });
});
