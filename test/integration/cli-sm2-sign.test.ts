// `yikey sign` with SM2 keys on the virtual USBKEY (Longmai and Sansec numbering), in every
// --format, each result checked by OpenSSL alone (pkeyutl on e from OpenSSL's SM3) and the
// CMS ones also by `yikey verify` with the virtual key's SM2 CA.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm2CaCertificatePath } from '../../native/vusbkey/control/paths';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
} from '../helpers/openssl-sm2';
import { runCli } from '../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('yikey sign with SM2 keys', () => {
  let keys: VirtualKeyHome;
  let env: NodeJS.ProcessEnv;
  let record: string;
  const certificatePaths = new Map<string, string>();

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    for (const vendor of ['longmai', 'sansec'] as const) {
      const made = await keys.initKey({ label: vendor, algorithm: 'sm2', vendor, pin: '123456' });
      certificatePaths.set(vendor, made.certificate!.file);
    }
    env = { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath, YIKEY_LANG: 'en' };
    record = join(keys.home, 'record.txt');
    await writeFile(record, '出院小结：患者李四，2026-11-30。\n');
  });

  afterAll(async () => {
    await keys?.cleanup();
  });

  const fingerprint = (certificatePath: string): string =>
    spawnSync('openssl', ['x509', '-in', certificatePath, '-noout', '-fingerprint', '-sha256'], {
      encoding: 'utf8',
    })
      .stdout.split('=')[1]!
      .trim();

  async function sign(vendor: string, format: string): Promise<Uint8Array> {
    const out = join(keys.home, `${vendor}-${format}.out`);
    const result = await runCli(
      [
        'sign',
        '--in',
        record,
        '--out',
        out,
        '--pin-stdin',
        '--format',
        format,
        '--cert',
        fingerprint(certificatePaths.get(vendor)!),
      ],
      { env, stdin: '123456\n' },
    );
    expect(result.stderr).toContain('Signed');
    expect(result.code).toBe(0);
    return new Uint8Array(await readFile(out));
  }

  const opensslAccepts = async (vendor: string, signed: Uint8Array, value: Uint8Array): Promise<boolean> => {
    const certificatePath = certificatePaths.get(vendor)!;
    const e = opensslSm2E(opensslSm2PublicPoint(certificatePath), signed);
    return opensslSm2VerifyE(keys.home, certificatePath, e, value).ok;
  };

  const ourVerdict = async (
    vendor: string,
    format: string,
  ): Promise<{ outcome: string; problems: string[] }> => {
    const result = await runCli(
      [
        'verify',
        '--in',
        record,
        '--sig',
        join(keys.home, `${vendor}-${format}.out`),
        '--ca',
        sm2CaCertificatePath(keys.home),
        '--json',
      ],
      { env },
    );
    return JSON.parse(result.stdout) as { outcome: string; problems: string[] };
  };

  it('cades (default for SM2): OpenSSL accepts the value over the signed attributes; yikey verify says valid', async () => {
    for (const vendor of ['longmai', 'sansec']) {
      const p7s = await sign(vendor, 'cades');
      const parts = opensslSignerInfoParts(p7s);
      expect(parts.objects).toEqual(expect.arrayContaining(['sm3', 'SM2-with-SM3']));
      expect(await opensslAccepts(vendor, parts.signedAttributes!, parts.signature)).toBe(true);
      expect(await ourVerdict(vendor, 'cades')).toMatchObject({ outcome: 'valid', problems: [] });
    }
  });

  it('gmt0010 and pkcs7 (no signed attributes): OpenSSL and yikey verify accept them', async () => {
    const gmt = opensslSignerInfoParts(await sign('longmai', 'gmt0010'));
    expect(gmt.objects).toContain('1.2.156.10197.6.1.4.2.2');
    expect(await opensslAccepts('longmai', gmt.signedAttributes!, gmt.signature)).toBe(true);
    expect(await ourVerdict('longmai', 'gmt0010')).toMatchObject({ outcome: 'valid' });
    const bare = opensslSignerInfoParts(await sign('sansec', 'pkcs7'));
    expect(bare.signedAttributes).toBeNull();
    expect(await opensslAccepts('sansec', new Uint8Array(await readFile(record)), bare.signature)).toBe(true);
    expect(await ourVerdict('sansec', 'pkcs7')).toMatchObject({ outcome: 'valid' });
  });

  it('raw: a base64 SOF value OpenSSL verifies over SM3(Z ‖ file), and not with an empty ID', async () => {
    const text = new TextDecoder().decode(await sign('sansec', 'raw')).trim();
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const value = new Uint8Array(Buffer.from(text, 'base64'));
    const content = new Uint8Array(await readFile(record));
    expect(await opensslAccepts('sansec', content, value)).toBe(true);
    const certificatePath = certificatePaths.get('sansec')!;
    const emptyId = opensslSm2E(opensslSm2PublicPoint(certificatePath), content, '');
    expect(opensslSm2VerifyE(keys.home, certificatePath, emptyId, value).ok).toBe(false);
  });

  it('diagnose names the vendor SM2 mechanisms each key offers, with whose numbering they are', async () => {
    const report = await runCli(['diagnose', '--json'], { env });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('CKM_SM2 (longmai SM2)');
    expect(report.stdout).toContain('CKM_SM3_SM2_APPID1_DER (sansec SM2)');
  });

  it('refuses an unknown --format before asking for a PIN', async () => {
    const result = await runCli(
      ['sign', '--in', record, '--out', join(keys.home, 'x'), '--pin-stdin', '--format', 'pdf'],
      {
        env,
        stdin: '123456\n',
      },
    );
    expect(result.code).toBe(2); // a usage error
    expect(result.stderr).toContain('[invalid-input]');
    expect(result.stderr).toContain('Unknown --format pdf');
  });
});
