// The SOF shim's string formats and mappings: the user list an adapter splits, certificate
// items read in the page (compared with OpenSSL's reading of the same certificate), signature
// checks on OpenSSL-made signatures, and how each SOF call maps onto the bridge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pemToDer } from '../../../src-main/certs/pem';
import * as sof from '../../../src-main/bridge-sdk/sof/yikey-sof';
import {
  certInfo,
  formatSofTime,
  formatUserList,
  parseUserList,
} from '../../../src-main/bridge-sdk/sof/sof-strings';
import { opensslCa, opensslSignDetached, opensslSigner } from '../../helpers/openssl-signer';
import { helloResult, startFakeBridge, wsSocketFactory, type FakeBridge } from './fake-bridge-server';

let dir: string;
let certificate: string;
let certPath: string;
let signerPaths: { certPath: string; keyPath: string };

function opensslField(flag: string): string {
  const result = spawnSync(
    'openssl',
    ['x509', '-in', certPath, '-noout', flag, '-nameopt', 'utf8,sep_comma_plus_space'],
    {
      encoding: 'utf8',
    },
  );
  return result.stdout.trim();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-sof-'));
  signerPaths = opensslSigner(dir, { commonName: '张三', ca: opensslCa(dir) });
  certPath = signerPaths.certPath;
  certificate = Buffer.from(pemToDer(readFileSync(certPath, 'utf8'))).toString('base64');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SOF string formats', () => {
  it('writes the user list as name||certID&&& per certificate, and reads it back', () => {
    const users = [
      { name: '张三', certId: 'a'.repeat(64) },
      { name: '李四', certId: 'b'.repeat(64) },
    ];
    const list = formatUserList(users);
    expect(list).toBe(`张三||${'a'.repeat(64)}&&&李四||${'b'.repeat(64)}&&&`);
    expect(parseUserList(list)).toEqual(users);
    expect(parseUserList(list.slice(0, -3))).toEqual(users);
    expect(formatUserList([])).toBe('');
  });

  it('cuts a name at a separator so an adapter’s split() still finds every entry', () => {
    const list = formatUserList([
      { name: '王&&&五', certId: 'c1' },
      { name: '赵||六', certId: 'c2' },
    ]);
    expect(parseUserList(list)).toEqual([
      { name: '王', certId: 'c1' },
      { name: '赵', certId: 'c2' },
    ]);
  });

  it('reads the certificate items as OpenSSL reads them', () => {
    const serial = opensslField('-serial')
      .replace('serial=', '')
      .replace(/^(00)+(?=..)/, '');
    expect(certInfo(certificate, sof.SGD_CERT_SERIAL)).toBe(serial.toUpperCase());
    expect(certInfo(certificate, sof.SGD_CERT_SUBJECT)).toBe(
      opensslField('-subject').replace('subject=', ''),
    );
    expect(certInfo(certificate, sof.SGD_CERT_ISSUER)).toBe(opensslField('-issuer').replace('issuer=', ''));
    expect(certInfo(certificate, sof.SGD_CERT_SUBJECT_CN)).toBe('张三');
    expect(certInfo(certificate, sof.SGD_CERT_SUBJECT_O)).toBe('某某市第一人民医院');
    expect(certInfo(certificate, sof.SGD_CERT_ISSUER_CN)).toBe('测试根CA');
    expect(certInfo(certificate, sof.SGD_CERT_VERSION)).toBe('V3');
    const notAfter = new Date(opensslField('-enddate').replace('notAfter=', ''));
    expect(certInfo(certificate, sof.SGD_CERT_NOTAFTER_TIME)).toBe(formatSofTime(notAfter));
    expect(certInfo(certificate, sof.SGD_CERT_VALID_TIME)).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - \d{4}-/,
    );
  });

  it('prints times in Beijing time', () => {
    expect(formatSofTime(new Date('2026-11-30T16:30:05Z'))).toBe('2026-12-01 00:30:05');
  });

  it("answers '' (the SOF failure value) for an unknown item or a broken certificate", () => {
    expect(certInfo(certificate, 0x999)).toBe('');
    expect(certInfo('bm90IGEgY2VydGlmaWNhdGU=', sof.SGD_CERT_SUBJECT)).toBe('');
    expect(certInfo(certificate.slice(0, 100), sof.SGD_CERT_SUBJECT)).toBe('');
  });
});

describe('SOF_VerifySignedData', () => {
  const data = '病程记录：患者王五，体温正常。';
  let signature: string;

  beforeAll(() => {
    const file = join(dir, 'record.txt');
    writeFileSync(file, data);
    signature = readFileSync(opensslSignDetached(signerPaths, file)).toString('base64');
  });

  it('accepts an OpenSSL signature of the data by this certificate', async () => {
    expect(await sof.SOF_VerifySignedData(certificate, data, signature)).toBe(true);
  });

  it('refuses changed data, a certificate that did not sign, and garbage', async () => {
    expect(await sof.SOF_VerifySignedData(certificate, `${data}。`, signature)).toBe(false);
    const other = opensslSigner(dir, { commonName: '李四' });
    const otherCertificate = Buffer.from(pemToDer(readFileSync(other.certPath, 'utf8'))).toString('base64');
    expect(await sof.SOF_VerifySignedData(otherCertificate, data, signature)).toBe(false);
    expect(await sof.SOF_VerifySignedData(certificate, data, 'AAAA')).toBe(false);
  });
});

describe('SOF calls over the bridge', () => {
  let server: FakeBridge;
  const certId = 'd'.repeat(64);

  afterEach(async () => server?.stop());

  async function start(answers: Record<string, unknown>): Promise<void> {
    server = await startFakeBridge((request) => {
      if (request.method === 'yikey.hello') return { result: helloResult };
      const answer = answers[request.method];
      return answer instanceof Error
        ? { error: { code: -32000, message: answer.message, data: { code: answer.message } } }
        : { result: answer };
    });
    sof.configure({ port: server.port, fallbackPorts: [], createSocket: wsSocketFactory });
  }

  it('lists users, exports a certificate, and calls back as the CA clients do', async () => {
    await start({ 'certs.list': { certificates: [{ id: certId, subject: '张三', certificate }] } });
    let calledBack = '';
    expect(await sof.SOF_GetUserList((list) => (calledBack = list))).toBe(`张三||${certId}&&&`);
    expect(calledBack).toBe(`张三||${certId}&&&`);
    expect(await sof.SOF_ExportUserCert(certId)).toBe(certificate);
    expect(await sof.SOF_ExportUserCert('e'.repeat(64))).toBe('');
    expect(sof.SOF_GetLastError()).toBe('key-absent');
  });

  it('SOF_Login opens YiKey’s own login and never sends the PIN the page passed', async () => {
    await start({ 'auth.login': { certificate, content: 'AA==', signature: 'AA==' } });
    expect(await sof.SOF_Login(certId, '123456')).toBe(true);
    const login = server.received.find((request) => request.method === 'auth.login')!;
    expect(JSON.stringify(login)).not.toContain('123456');
    expect(login.params).toEqual({
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      certificateId: certId,
    });
  });

  it('SOF_SignData signs the text with the summary set before, and reports a refusal', async () => {
    await start({
      'sign.content': { signature: 'c2lnbmF0dXJl', digest: 'f'.repeat(64), certificate, signedAt: '' },
    });
    const summary = { patient: '王五', recordType: '病程记录', title: '日常病程', documentId: 'r-1' };
    sof.SOF_SetSignSummary(summary);
    expect(await sof.SOF_SignData(certId, '记录正文')).toBe('c2lnbmF0dXJl');
    await sof.SOF_SignData(certId, '第二份');
    const signs = server.received.filter((request) => request.method === 'sign.content');
    expect(signs[0]!.params).toEqual({ content: '记录正文', summary, certificateId: certId });
    // The summary is for one signature only; without one the holder is told none was given.
    expect(signs[1]!.params).toMatchObject({ summary: { patient: '未提供', title: '未提供病历信息' } });

    await server.stop();
    await start({ 'sign.content': new Error('user-cancelled') });
    expect(await sof.SOF_SignData(certId, '记录正文')).toBe('');
    expect(sof.SOF_GetLastError()).toBe('user-cancelled');
  });

  it('SOF_GenRandom gives base64 of the requested length, and refuses silly lengths', async () => {
    expect(Buffer.from(await sof.SOF_GenRandom(24), 'base64')).toHaveLength(24);
    expect(await sof.SOF_GenRandom(0)).toBe('');
    expect(sof.SOF_GetLastError()).toBe('invalid-params');
  });

  it('calls the key-change callback on removal and insertion', async () => {
    await start({});
    const events: string[] = [];
    sof.SOF_SetKeyChangeCallback((event) => events.push(event));
    await expect.poll(() => server.received.length).toBe(1);
    server.push({ jsonrpc: '2.0', method: 'key.removed', params: {} });
    server.push({ jsonrpc: '2.0', method: 'key.inserted', params: {} });
    await expect.poll(() => events).toEqual(['key.removed', 'key.inserted']);
    sof.SOF_SetKeyChangeCallback(null);
  });
});
