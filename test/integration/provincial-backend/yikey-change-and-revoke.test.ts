// 变更 and 注销 from YiKey's CLI against the reference provincial backend, both real processes:
// a leaked key is revoked at once and removed from the USBKEY; leaving the job is revoked only
// after the unit and the information centre approved; a change of department gets a new key
// and a certificate with the new department once both approved. OpenSSL reads the CRL and
// verifies the changed certificate; pkcs11-tool shows what is left on each key. Wrong input is
// refused before the PIN is asked for, with words that say what is wrong.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTokenObjects, readCertificateFromToken } from '../../helpers/pkcs11-tool';
import { runBackendCli, type BackendProcess } from '../../helpers/provincial-backend-process';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { runCli } from '../../helpers/run-cli';
import {
  backendRequests as backendRequestsOf,
  holderEnv,
  onlyPlugged as plugOnly,
  yikeyRequests as listYikeyRequests,
} from '../../helpers/yikey-against-backend';
import type { VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const pin = '123456';
const labels = ['leaked', 'leaver', 'mover', 'retiree'] as const;
type Label = (typeof labels)[number];

describe('yikey request change|revoke against the reference provincial backend', () => {
  let work: string;
  let data: string;
  let keys: VirtualKeyHome;
  let backend: BackendProcess;

  let world: BackendAndHolders | undefined;

  beforeAll(async () => {
    const people = {
      leaked: { commonName: '孙八', idNumber: '110101198001011231' },
      leaver: { commonName: '周九', idNumber: '110101198101011232' },
      mover: { commonName: '吴十', idNumber: '110101198201011233', unit: '药剂科' },
      retiree: { commonName: '郑十一', idNumber: '110101195801011234' },
    };
    world = await startBackendAndHolders('yikey-change-revoke-', async (home) => {
      for (const label of labels) await home.initKey({ label, pin, ...people[label] });
    });
    ({ work, data, keys, backend } = world);
  });

  afterAll(async () => await world?.stop());

  const env = (label: Label) => holderEnv(world!, label);
  const yikey = (label: Label, args: string[]) => runCli(args, { env: env(label), stdin: `${pin}\n` });
  const yikeyRequests = (label: Label) => listYikeyRequests(env(label));
  const backendRequests = (kind: string) => backendRequestsOf(data, kind);
  const onlyPlugged = (label: Label) => plugOnly(world!, labels, label);
  const backendCli = (...args: string[]) => {
    const result = runBackendCli([...args, '--data', data]);
    expect(result.status, result.stderr).toBe(0);
  };
  const objectsOn = (label: Label, type: 'privkey' | 'cert') => listTokenObjects(keys, label, pin, type);
  /** The CRL as OpenSSL reads it from the backend's /crl. */
  const crlText = async () => {
    const der = Buffer.from(await (await fetch(`${backend.origin}/crl`)).arrayBuffer());
    const file = path.join(work, `crl-${Date.now()}.der`);
    writeFileSync(file, der);
    const read = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(read.status, read.stderr).toBe(0);
    return read.stdout.toUpperCase();
  };
  const certificateSerial = (label: Label) => {
    const file = path.join(keys.home, 'keys', label, 'cert.pem');
    const read = spawnSync('openssl', ['x509', '-in', file, '-noout', '-serial'], { encoding: 'utf8' });
    return /serial=([0-9A-F]+)/i.exec(read.stdout)![1]!.toUpperCase();
  };

  it('refuses an unknown reason and an empty or malformed change before asking for the PIN', async () => {
    await onlyPlugged('mover');
    const reason = await yikey('mover', ['request', 'revoke', '--reason', 'lost', '--pin-stdin']);
    expect(reason.code).not.toBe(0);
    expect(reason.stderr).toMatch(/key-leaked, identity-changed, job-change, leaving, retirement/);
    const nothing = await yikey('mover', ['request', 'change', '--pin-stdin']);
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toMatch(/name, department or ID number|姓名|部门|身份证/);
    const badId = await yikey('mover', ['request', 'change', '--id-number', '12345', '--pin-stdin']);
    expect(badId.code).not.toBe(0);
    expect(badId.stderr).toMatch(/18/);
    const same = await yikey('mover', ['request', 'change', '--department', '药剂科', '--pin-stdin']);
    expect(same.code).not.toBe(0);
    expect(await yikeyRequests('mover')).toEqual([]);
    expect(backendRequests('change')).toEqual([]);
  });

  it(
    'a leaked key is revoked at once: on the CRL as key compromise, gone from the USBKEY',
    { timeout: 120_000 },
    async () => {
      await onlyPlugged('leaked');
      const serial = certificateSerial('leaked');
      const revoked = await yikey('leaked', ['request', 'revoke', '--reason', 'key-leaked', '--pin-stdin']);
      expect(revoked.code, revoked.stderr).toBe(0);
      const [request] = await yikeyRequests('leaked');
      expect(request).toMatchObject({ kind: 'revoke', stage: 'completed', lastError: null });
      const crl = await crlText();
      expect(crl).toContain(serial);
      expect(crl).toMatch(/KEY COMPROMISE/);
      expect(objectsOn('leaked', 'privkey')).not.toMatch(/Private Key Object/);
      expect(objectsOn('leaked', 'cert')).not.toMatch(/Certificate Object/);
    },
  );

  it(
    'leaving the job is revoked only after the unit and the centre approved',
    { timeout: 120_000 },
    async () => {
      await onlyPlugged('leaver');
      const serial = certificateSerial('leaver');
      const submitted = await yikey('leaver', [
        'request',
        'revoke',
        '--reason',
        'leaving',
        '--pin-stdin',
        '--wait',
        '0',
      ]);
      expect(submitted.code, submitted.stderr).toBe(0);
      const [waiting] = await yikeyRequests('leaver');
      expect(waiting).toMatchObject({ kind: 'revoke', stage: 'waiting' });
      expect(waiting!.stageText).toMatch(/单位审核/);
      expect(await crlText()).not.toContain(serial);
      expect(objectsOn('leaver', 'privkey')).toMatch(/Private Key Object/);

      const [pending] = backendRequests('revoke').filter((request) => request.stage !== 'done');
      backendCli('approve', String(pending!.id), '--as', 'unit');
      backendCli('approve', String(pending!.id), '--as', 'center');
      const synced = await yikey('leaver', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect(synced.code, synced.stderr).toBe(0);
      const [done] = await yikeyRequests('leaver');
      expect(done).toMatchObject({ id: waiting!.id, stage: 'completed', lastError: null });
      const crl = await crlText();
      expect(crl).toContain(serial);
      expect(crl).toMatch(/CESSATION OF OPERATION/);
      expect(objectsOn('leaver', 'privkey')).not.toMatch(/Private Key Object/);
    },
  );

  it(
    'a change of department: new key, certificate with the new department after both approvals',
    { timeout: 120_000 },
    async () => {
      await onlyPlugged('mover');
      const submitted = await yikey('mover', [
        'request',
        'change',
        '--department',
        '心内科',
        '--pin-stdin',
        '--wait',
        '0',
      ]);
      expect(submitted.code, submitted.stderr).toBe(0);
      const [waiting] = await yikeyRequests('mover');
      expect(waiting).toMatchObject({ kind: 'change', stage: 'waiting' });
      const [pending] = backendRequests('change');
      backendCli('approve', String(pending!.id), '--as', 'unit');
      backendCli('approve', String(pending!.id), '--as', 'center');
      const synced = await yikey('mover', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect(synced.code, synced.stderr).toBe(0);
      const [done] = await yikeyRequests('mover');
      expect(done).toMatchObject({ kind: 'change', stage: 'completed', lastError: null });

      const der = path.join(work, 'mover.der');
      readCertificateFromToken(keys, 'mover', done!.newKeyId, der);
      const pem = `${der}.pem`;
      spawnSync('openssl', ['x509', '-inform', 'DER', '-in', der, '-out', pem]);
      const subject = spawnSync('openssl', ['x509', '-in', pem, '-noout', '-subject', '-nameopt', 'utf8'], {
        encoding: 'utf8',
      });
      expect(subject.stdout).toContain('OU=心内科');
      expect(subject.stdout).toContain('CN=吴十');
      const verify = spawnSync('openssl', ['verify', '-CAfile', path.join(data, 'ca', 'ca.cert.pem'), pem], {
        encoding: 'utf8',
      });
      expect(verify.stdout).toContain(': OK');
      const privateKeys = objectsOn('mover', 'privkey');
      expect(privateKeys.match(/Private Key Object/g)).toHaveLength(1);
      expect(privateKeys).toContain(done!.newKeyId);
    },
  );

  it(
    'a backend killed -9 only delays a revocation: the same rr is sent again, one request, revoked after approvals',
    { timeout: 180_000 },
    async () => {
      await onlyPlugged('retiree');
      const serial = certificateSerial('retiree');
      await backend.kill9();
      const offline = await yikey('retiree', [
        'request',
        'revoke',
        '--reason',
        'retirement',
        '--pin-stdin',
        '--wait',
        '0',
      ]);
      expect(offline.stderr).toMatch(/backend-unreachable/);
      const [kept] = await yikeyRequests('retiree');
      expect(kept).toMatchObject({
        kind: 'revoke',
        stage: 'request-ready',
        lastError: { code: 'backend-unreachable' },
      });

      await world!.restartBackend();
      backend = world!.backend;
      const resent = await yikey('retiree', ['requests', 'sync', '--pin-stdin', '--wait', '0']);
      expect(resent.code, resent.stderr).toBe(0);
      const [waiting] = await yikeyRequests('retiree');
      expect(waiting).toMatchObject({ id: kept!.id, stage: 'waiting', lastError: null });
      const open = backendRequests('revoke').filter((request) => request.stage !== 'done');
      expect(open).toHaveLength(1);
      backendCli('approve', String(open[0]!.id), '--as', 'unit');
      backendCli('approve', String(open[0]!.id), '--as', 'center');
      const synced = await yikey('retiree', ['requests', 'sync', '--pin-stdin', '--wait', '10']);
      expect(synced.code, synced.stderr).toBe(0);
      expect((await yikeyRequests('retiree'))[0]).toMatchObject({ id: kept!.id, stage: 'completed' });
      expect(await crlText()).toContain(serial);
    },
  );
});
