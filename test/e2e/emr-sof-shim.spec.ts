// yikey-sof.js, the SOF compatibility shim, loaded by a plain <script> in Chromium against the
// real bridge, with the holder deciding in YiKey's page: the user list string, YiKey's own login
// instead of a page PIN, SOF_SignData → a CMS signature that SOF_VerifySignedData accepts in the
// page and `openssl cms -verify` accepts against the virtual key's CA.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensslCmsVerify } from '../helpers/openssl';
import { approveInYiKey, bridgeDialog, expect, test } from './fixtures/emr-test';

test.use({ ignoreHTTPSErrors: true });

type SofWindow = { YiKeySOF: Record<string, (...args: unknown[]) => unknown> };

test('SOF_GetUserList, SOF_Login, SOF_SignData and SOF_VerifySignedData through YiKey', async ({
  keys,
  emrSetup,
}) => {
  await keys.initKey({ label: 'doctor' });
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
  const list = await userList;
  expect(list).toMatch(/^张三\|\|[0-9a-f]{64}&&&$/);
  const certId = list.slice('张三||'.length, -3);
  const certificate = await sof<string>('SOF_ExportUserCert', certId);
  expect(await sof<string>('SOF_GetCertInfo', certificate, 0x31)).toBe('张三');

  // The PIN a legacy adapter passes is ignored: YiKey asks for it in its own window.
  const login = sof<boolean>('SOF_Login', certId, '000000');
  await approveInYiKey(yikey, 'login');
  expect(await login).toBe(true);

  const data = '病程记录：患者王五，体温正常，继续观察。';
  await sof('SOF_SetSignSummary', {
    patient: '王五',
    recordType: '病程记录',
    title: '日常病程记录',
    documentId: 'SOF-1',
  });
  const signing = sof<string>('SOF_SignData', certId, data);
  const consent = await bridgeDialog(yikey, 'sign');
  await expect(consent.getByTestId('consent-document-id')).toHaveText('SOF-1');
  await expect(consent.getByTestId('consent-excerpt')).toHaveText(data);
  await approveInYiKey(yikey, 'sign');
  const signature = await signing;
  expect(signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(await sof<string>('SOF_GetLastError')).toBe('');
  expect(await sof<boolean>('SOF_VerifySignedData', certificate, data, signature)).toBe(true);
  expect(await sof<boolean>('SOF_VerifySignedData', certificate, `${data}。`, signature)).toBe(false);

  const folder = mkdtempSync(join(tmpdir(), 'yikey-sof-e2e-'));
  try {
    writeFileSync(join(folder, 'data.txt'), data);
    writeFileSync(join(folder, 'data.p7s'), Buffer.from(signature, 'base64'));
    const verdict = opensslCmsVerify({
      content: join(folder, 'data.txt'),
      signature: join(folder, 'data.p7s'),
      caFile: keys.caPath,
    });
    expect(verdict.ok, verdict.output).toBe(true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
