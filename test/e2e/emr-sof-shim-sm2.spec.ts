// yikey-sof.js with an SM2 key: SOF_SignData gives YiKey's SM2 CAdES signature (SM3,
// SM2-with-SM3), and SOF_VerifySignedData checks it in the page with the default user ID (SM3
// and the curve in plain TypeScript: the browser has neither). A changed document or a changed
// signature value is refused in the page; OpenSSL alone (pkeyutl on e from its own SM3) accepts
// the signature the page accepted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestCa } from '../../native/vusbkey/control/test-ca';
import {
  opensslSignerInfoParts,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
} from '../helpers/openssl-sm2';
import { approveInYiKey, bridgeDialog, expect, test } from './fixtures/emr-test';

test.use({ ignoreHTTPSErrors: true });

type SofWindow = { YiKeySOF: Record<string, (...args: unknown[]) => unknown> };

test('SOF_SignData with an SM2 key; SOF_VerifySignedData accepts it and refuses tampering', async ({
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'gm', algorithm: 'sm2', vendor: 'sansec' });
  // The demo EMR trusts the virtual keys' P-256 test CA, which only a non-SM2 key would make.
  await ensureTestCa(keys.home);
  const { yikey, emrPage, emr } = await emrSetup();
  await emrPage.goto(`${emr.origin}/sof-demo.html`);
  const { bridgePort } = (await (await emrPage.request.get(`${emr.origin}/api/config`)).json()) as {
    bridgePort: number;
  };
  await emrPage.evaluate((port) => {
    (globalThis as unknown as SofWindow).YiKeySOF.configure!({ port, fallbackPorts: [] });
  }, bridgePort);
  const sof = <T>(name: string, ...args: unknown[]): Promise<T> =>
    emrPage.evaluate(
      ([fn, input]) => (globalThis as unknown as SofWindow).YiKeySOF[fn as string]!(...(input as unknown[])),
      [name, args] as const,
    ) as Promise<T>;

  const userList = sof<string>('SOF_GetUserList');
  await bridgeDialog(yikey, 'first-contact');
  await approveInYiKey(yikey, 'first-contact');
  const certId = (await userList).slice('张三||'.length, -3);
  const certificate = await sof<string>('SOF_ExportUserCert', certId);
  const login = sof<boolean>('SOF_Login', certId, '000000');
  await approveInYiKey(yikey, 'login');
  expect(await login).toBe(true);

  const data = '病程记录：患者王五，体温正常，继续观察。';
  const signing = sof<string>('SOF_SignData', certId, data);
  await bridgeDialog(yikey, 'sign');
  await approveInYiKey(yikey, 'sign');
  const signature = await signing;
  expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);

  expect(await sof<boolean>('SOF_VerifySignedData', certificate, data, signature)).toBe(true);
  expect(await sof<boolean>('SOF_VerifySignedData', certificate, `${data}。`, signature)).toBe(false);
  const value = Buffer.from(signature, 'base64');
  value[value.length - 5]! ^= 0x01; // inside s, the last field of the SignerInfo
  expect(await sof<boolean>('SOF_VerifySignedData', certificate, data, value.toString('base64'))).toBe(false);

  const folder = mkdtempSync(join(tmpdir(), 'yikey-sof-sm2-e2e-'));
  try {
    const certificatePem = join(folder, 'signer.pem');
    writeFileSync(
      certificatePem,
      `-----BEGIN CERTIFICATE-----\n${certificate.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
    );
    const parts = opensslSignerInfoParts(Buffer.from(signature, 'base64'));
    expect(parts.objects).toEqual(expect.arrayContaining(['sm3', 'SM2-with-SM3']));
    const e = opensslSm2E(opensslSm2PublicPoint(certificatePem), parts.signedAttributes!);
    const verdict = opensslSm2VerifyE(folder, certificatePem, e, parts.signature);
    expect(verdict.ok, verdict.output).toBe(true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
