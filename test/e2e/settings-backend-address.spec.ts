// 设置 → 高级（信息科） → 证书服务地址: an address other than https (or http to this computer) is
// refused in words before anything is saved; a good one is saved and shown as in force, with
// where it comes from; an address given by the environment for this run wins and says so.
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, logIn, saveScreenshot, test } from './fixtures/holder-test';

test('the holder sets the certificate service address; http to another computer is refused', async ({
  page,
  keys,
  startApp,
}) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp();
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('navigation').getByRole('button', { name: '我的申请' }).click();
  await expect(page.getByTestId('requests-not-configured')).toContainText('尚未设置证书服务地址');

  await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
  await page.getByText('高级（信息科）').click();
  const field = page.getByTestId('backend-address');
  await expect(field.getByTestId('backend-in-use')).toHaveText('当前未设置证书服务地址。');
  const address = page.getByLabel('证书服务（CA）地址');
  await address.fill('http://ca.example.gov.cn/');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(field.getByRole('alert')).toHaveText(
    '地址必须以 https:// 开头；http 只允许本机地址（127.0.0.1）。',
  );
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'backend address refused');
  await saveScreenshot(page, 'settings-backend-address-refused');

  await address.fill('https://ca.example.gov.cn/cmp');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByTestId('settings-saved')).toHaveText('设置已保存：证书服务地址。');
  await page.getByText('高级（信息科）').click();
  await expect(page.getByTestId('backend-in-use')).toHaveText(
    '当前使用：https://ca.example.gov.cn/cmp（来自本设置）',
  );
  await saveScreenshot(page, 'settings-backend-address-saved');
  await page.getByRole('navigation').getByRole('button', { name: '我的申请' }).click();
  await expect(page.getByTestId('requests-screen')).toBeVisible();
  await expect(page.getByTestId('requests-not-configured')).toHaveCount(0);
});

test('an address from the environment is in force and named as such', async ({ page, keys, startApp }) => {
  await keys.initKey({ label: 'doctor' });
  const app = await startApp({ environment: { YIKEY_BACKEND_URL: 'http://127.0.0.1:9/' } });
  await page.goto(app.url);
  await logIn(page, '123456');
  await page.getByRole('navigation').getByRole('button', { name: '设置' }).click();
  await page.getByText('高级（信息科）').click();
  await expect(page.getByTestId('backend-in-use')).toHaveText(
    '当前使用：http://127.0.0.1:9/（来自环境变量，本次运行有效）',
  );
});
