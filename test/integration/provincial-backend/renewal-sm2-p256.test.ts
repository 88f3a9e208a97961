// Renewal over CMP kur for SM2 and P-256 holders, YiKey's CLI against the reference backend as
// real processes. SM2: the backend's CA key is SM2 on its own virtual USBKEY; the holder's kur is
// protected with SM2-with-SM3 by the current key, the new SM2 key pair is made on the token in
// the key's vendor numbering (Longmai and Sansec) and proves possession with SM2. Everything is
// checked without Node's or OpenSSL's SM2 defaults (empty ID): pkcs11-tool reads the new key's
// flags, `openssl pkeyutl -verify` checks the certificates and a file signed with the new key on e
// computed by OpenSSL's SM3. P-256: `openssl verify` and `openssl cms -verify`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm2CaCertificatePath, softhsmLibraryPath } from '../../../native/vusbkey/control/paths';
import { opensslSm2CertificateSignatureOk } from '../../helpers/openssl-certificate-parts';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
} from '../../helpers/openssl-sm2';
import {
  backendCliJson,
  runBackendCli,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';
import { pkcs11Tool } from '../../helpers/renewal-fixture';
import { runCli } from '../../helpers/run-cli';
import { holderEnv } from '../../helpers/yikey-against-backend';
import { createVirtualKeyHome, type VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const pin = '123456';
type YikeyRequest = { id: string; stage: string; newKeyId: string; lastError: { code: string } | null };

/** One backend with its CA (SM2 or P-256) and a virtual key home with the holders' keys. */
function useRenewalBench(caAlgorithm: 'sm2' | 'p-256', holders: { label: string; init: object }[]) {
  const bench = {} as {
    work: string;
    data: string;
    keys: VirtualKeyHome;
    backend: BackendProcess;
    caPem: string;
    trustBundle: string;
  };
  beforeAll(async () => {
    bench.work = mkdtempSync(path.join(os.tmpdir(), `yikey-renew-${caAlgorithm}-`));
    bench.data = path.join(bench.work, 'data');
    bench.keys = await createVirtualKeyHome();
    for (const holder of holders) await bench.keys.initKey({ label: holder.label, pin, ...holder.init });
    backendCliJson([
      ...['seed-demo', '--data', bench.data, '--vusbkey-home', bench.keys.home],
      ...['--ca-algorithm', caAlgorithm],
    ]);
    bench.backend = await startBackend(bench.data, { checkAfterSeconds: 1, caAlgorithm });
    bench.caPem = path.join(bench.data, 'ca', 'ca.cert.pem');
    bench.trustBundle = path.join(bench.work, 'trusted.pem');
    const holderCa = caAlgorithm === 'sm2' ? sm2CaCertificatePath(bench.keys.home) : bench.keys.caPath;
    writeFileSync(bench.trustBundle, readFileSync(bench.caPem, 'utf8') + readFileSync(holderCa, 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await bench.backend?.stop();
    await bench.keys?.cleanup();
    if (bench.work) rmSync(bench.work, { recursive: true, force: true });
  });
  return bench;
}

type Bench = ReturnType<typeof useRenewalBench>;

const yikeyEnv = (bench: Bench, label: string): NodeJS.ProcessEnv => holderEnv(bench, label, 'en');

/** renew → both approvals → sync: the completed request, with the certificate read back by pkcs11-tool. */
async function renewWithApprovals(
  bench: Bench,
  label: string,
): Promise<{ request: YikeyRequest; der: Buffer }> {
  const env = yikeyEnv(bench, label);
  const submitted = await runCli(['request', 'renew', '--pin-stdin', '--wait', '0'], {
    env,
    stdin: `${pin}\n`,
  });
  expect(submitted.code, submitted.stderr).toBe(0);
  const pending = backendCliJson<{ id: number; kind: string; stage: string }[]>([
    ...['requests', '--data', bench.data],
  ]).find((request) => request.kind === 'renew' && request.stage !== 'done');
  expect(pending, 'the backend holds the renewal').toBeDefined();
  for (const role of ['unit', 'center']) {
    const approved = runBackendCli(['approve', String(pending!.id), '--as', role, '--data', bench.data]);
    expect(approved.status, approved.stderr).toBe(0);
  }
  const synced = await runCli(['requests', 'sync', '--pin-stdin', '--wait', '10'], {
    env,
    stdin: `${pin}\n`,
  });
  expect(synced.code, synced.stderr).toBe(0);
  const listed = await runCli(['requests', '--json'], { env });
  const [request] = (JSON.parse(listed.stdout) as { requests: YikeyRequest[] }).requests;
  expect(request).toMatchObject({ stage: 'completed', lastError: null });
  const file = path.join(bench.work, `${label}-renewed.der`);
  pkcs11Tool(bench.keys, [
    ...['--token-label', label, '--read-object', '--type', 'cert', '--id', request!.newKeyId],
    ...['--output-file', file],
  ]);
  return { request: request!, der: readFileSync(file) };
}

/** `yikey sign` with the certificate of `fingerprint`: the signature file's bytes. */
async function signWithNewKey(bench: Bench, label: string, format: string, der: Buffer) {
  const record = path.join(bench.work, 'record.txt');
  writeFileSync(record, '出院小结：患者李四，2026-11-30。\n');
  const out = path.join(bench.work, `${label}.${format}`);
  const fingerprint = spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha256'], {
    input: der,
    encoding: 'utf8',
  })
    .stdout.split('=')[1]!
    .trim();
  const signed = await runCli(
    ['sign', '--in', record, '--out', out, '--pin-stdin', '--format', format, '--cert', fingerprint],
    { env: yikeyEnv(bench, label), stdin: `${pin}\n` },
  );
  expect(signed.code, signed.stderr).toBe(0);
  const verdict = await runCli(['verify', '--in', record, '--sig', out, '--ca', bench.caPem, '--json'], {
    env: yikeyEnv(bench, label),
  });
  return { record, out, verdict: JSON.parse(verdict.stdout) as { outcome: string; problems: string[] } };
}

/** What pkcs11-tool says about the private key with `id` on the key `label`. */
function privateKeyDescription(bench: Bench, label: string, id: string): string {
  const listing = pkcs11Tool(bench.keys, [
    ...['--token-label', label, '--login', '--pin', pin, '--list-objects', '--type', 'privkey'],
  ]);
  const objects = listing.split(/(?=Private Key Object)/);
  return objects.find((object) => object.includes(id)) ?? '';
}

describe('SM2 renewal against an SM2 CA on a virtual USBKEY', () => {
  const bench = useRenewalBench('sm2', [
    { label: 'gm-longmai', init: { algorithm: 'sm2', vendor: 'longmai', commonName: '王五' } },
    { label: 'gm-sansec', init: { algorithm: 'sm2', vendor: 'sansec', commonName: '钱七' } },
  ]);

  it('the backend CA is SM2-with-SM3 and OpenSSL verifies its self-signature on e (default ID)', () => {
    const text = spawnSync('openssl', ['x509', '-in', bench.caPem, '-noout', '-text'], { encoding: 'utf8' });
    expect(text.stdout).toMatch(/Signature Algorithm: SM2-with-SM3/);
    expect(text.stdout).toMatch(/ASN1 OID: SM2/);
    const der = spawnSync('openssl', ['x509', '-in', bench.caPem, '-outform', 'DER']).stdout;
    expect(opensslSm2CertificateSignatureOk(bench.work, der, bench.caPem)).toBe(true);
  });

  for (const label of ['gm-longmai', 'gm-sansec']) {
    it(
      `${label}: new SM2 key on the token, SM2 certificate from the SM2 CA, a file signed with it verifies`,
      {
        timeout: 180_000,
      },
      async () => {
        for (const other of ['gm-longmai', 'gm-sansec']) {
          if (other === label) await bench.keys.plug(other);
          else await bench.keys.unplug(other);
        }
        const { request, der } = await renewWithApprovals(bench, label);

        // The new key: private, sensitive, never extractable, made on the token, signs.
        const description = privateKeyDescription(bench, label, request.newKeyId);
        expect(description).toMatch(/Access:.*\bsensitive\b/);
        expect(description).toMatch(/never extractable/);
        expect(description).toMatch(/\blocal\b/);
        const privateFlag = pkcs11Tool(bench.keys, [
          ...['--token-label', label, '--list-objects', '--type', 'privkey'],
        ]);
        expect(privateFlag, 'without login the private key is not listed').not.toContain(request.newKeyId);

        // The certificate: SM2 key (the token's), SM2-with-SM3 by the backend's SM2 CA (e-check).
        const text = spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], {
          input: der,
          encoding: 'utf8',
        }).stdout;
        expect(text).toMatch(/Signature Algorithm: SM2-with-SM3/);
        expect(text).toMatch(/ASN1 OID: SM2/);
        expect(opensslSm2CertificateSignatureOk(bench.work, der, bench.caPem)).toBe(true);
        // pkcs11-tool cannot read a vendor-typed SM2 public key through the module; SoftHSM holds
        // it as CKK_EC on the SM2 curve (native/vusbkey README, "SM2"), whose EC_POINT it lists.
        const direct = spawnSync(
          'pkcs11-tool',
          ['--module', softhsmLibraryPath(), '--token-label', label, '--list-objects', '--type', 'pubkey'],
          {
            env: { ...bench.keys.env, SOFTHSM2_CONF: path.join(bench.keys.home, 'softhsm2.conf') },
            encoding: 'utf8',
          },
        );
        const newPublicKey = direct.stdout
          .split(/(?=Public Key Object)/)
          .find((object) => object.includes(request.newKeyId));
        expect(newPublicKey).toContain('EC_PARAMS:  06082a811ccf5501822d');
        const tokenPoint = Buffer.from(/EC_POINT:\s+0441([0-9a-f]{130})/.exec(newPublicKey!)![1]!, 'hex');
        const certificatePem = path.join(bench.work, `${label}.pem`);
        spawnSync('openssl', ['x509', '-inform', 'DER', '-out', certificatePem], { input: der });
        expect(Buffer.from(opensslSm2PublicPoint(certificatePem)).equals(tokenPoint)).toBe(true);

        // A file signed with the new key: our verifier and OpenSSL's e-check accept it; not with an empty ID.
        const signed = await signWithNewKey(bench, label, 'cades', der);
        expect(signed.verdict).toMatchObject({ outcome: 'valid', problems: [] });
        const parts = opensslSignerInfoParts(readFileSync(signed.out));
        const e = opensslSm2E(tokenPoint, parts.signedAttributes!);
        expect(opensslSm2VerifyE(bench.work, certificatePem, e, parts.signature).ok).toBe(true);
        const emptyId = opensslSm2E(tokenPoint, parts.signedAttributes!, '');
        expect(opensslSm2VerifyE(bench.work, certificatePem, emptyId, parts.signature).ok).toBe(false);

        // The old SM2 key is retired: one private key left on the token.
        const all = pkcs11Tool(bench.keys, [
          ...['--token-label', label, '--login', '--pin', pin, '--list-objects', '--type', 'privkey'],
        ]);
        expect(all.match(/Private Key Object/g)).toHaveLength(1);
      },
    );
  }
});

describe('P-256 renewal against the P-256 CA', () => {
  const bench = useRenewalBench('p-256', [
    { label: 'ec-doctor', init: { algorithm: 'p-256', commonName: '孙八' } },
  ]);

  it(
    'new P-256 key, certificate OpenSSL verifies, a CMS signature openssl cms -verify accepts',
    {
      timeout: 180_000,
    },
    async () => {
      const { request, der } = await renewWithApprovals(bench, 'ec-doctor');
      const certificatePem = path.join(bench.work, 'ec-doctor.pem');
      spawnSync('openssl', ['x509', '-inform', 'DER', '-out', certificatePem], { input: der });
      const text = spawnSync('openssl', ['x509', '-in', certificatePem, '-noout', '-text'], {
        encoding: 'utf8',
      });
      expect(text.stdout).toMatch(/NIST CURVE: P-256/);
      const verified = spawnSync('openssl', ['verify', '-CAfile', bench.caPem, certificatePem], {
        encoding: 'utf8',
      });
      expect(verified.stdout).toContain(': OK');
      expect(privateKeyDescription(bench, 'ec-doctor', request.newKeyId)).toMatch(/never extractable/);

      const signed = await signWithNewKey(bench, 'ec-doctor', 'cades', der);
      expect(signed.verdict).toMatchObject({ outcome: 'valid' });
      const cms = spawnSync(
        'openssl',
        [
          ...['cms', '-verify', '-binary', '-inform', 'DER', '-in', signed.out, '-content', signed.record],
          ...['-CAfile', bench.caPem, '-purpose', 'any', '-out', '/dev/null'],
        ],
        { encoding: 'utf8' },
      );
      expect(cms.stderr).toContain('Verification successful');
    },
  );
  it('refuses to turn its P-256 CA into an SM2 one (the data folder keeps working)', () => {
    const refused = runBackendCli([
      ...['seed-demo', '--data', bench.data, '--vusbkey-home', bench.keys.home],
      ...['--ca-algorithm', 'sm2'],
    ]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('already has a P-256 CA');
    expect(existsSync(path.join(bench.data, 'ca-vusbkey'))).toBe(false);
    // Nothing of an SM2 CA was made: the folder's CA is still the P-256 one it serves.
    const served = spawnSync('curl', ['-s', `${bench.backend.origin}/ca.pem`], { encoding: 'utf8' }).stdout;
    expect(served.trim()).toBe(readFileSync(bench.caPem, 'utf8').trim());
  });
});
