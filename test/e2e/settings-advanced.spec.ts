// 设置 puts IT's settings (driver, trusted CA files) in a collapsed 高级（信息科） section, says
// honestly what decided the driver (auto-detection takes the first known vendor driver in the
// table's order and does not look at the plugged-in key), and confirms by the save button what
// was saved — or that nothing changed. Checked in Chinese and English, with axe.
import { findOpenScModule } from '../helpers/system-libraries';
import { expectNoAxeViolations } from './fixtures/accessibility';
import { expect, saveScreenshot, test } from './fixtures/holder-test';

const openSc = findOpenScModule();

test('auto-detection explains itself; advanced section collapsed; save confirmation by the button', async ({
  page,
  keys,
  startApp,
}) => {
  test.skip(openSc === null, 'OpenSC is not installed: auto-detection would find no driver here');
  await keys.initKey({ label: 'doctor' });
  // First the driver named by YIKEY_PKCS11_MODULE: the reason says so.
  const fromEnvironment = await startApp({ moduleFromSettings: true });
  await page.goto(fromEnvironment.url);
  await page.getByRole('button', { name: '验证签名（无需PIN码）' }).click();
  await page.getByRole('button', { name: '设置', exact: true }).click();
  await page.getByText('高级（信息科）').click();
  await expect(page.getByTestId('module-why')).toHaveText(
    '原因：环境变量 YIKEY_PKCS11_MODULE 指定了这个文件，它优先于自动检测。',
  );
  await fromEnvironment.stop();

  // No setting and no environment variable: auto-detection finds OpenSC on this machine.
  const app = await startApp({ moduleFromSettings: true, noModuleEnvironment: true });
  await page.goto(app.url);
  await expect(page.getByTestId('no-key-screen')).toBeVisible();
  await page.getByRole('button', { name: '设置' }).first().click();

  const advanced = page.getByTestId('advanced-settings');
  await expect(advanced).not.toHaveAttribute('open');
  await expect(page.getByLabel('自动检测（推荐）')).toBeHidden();
  await expect(page.getByLabel('自动退出登录（分钟）')).toBeVisible();
  await saveScreenshot(page, 'settings-01-collapsed');
  await expectNoAxeViolations(page, 'settings collapsed');

  await page.getByText('高级（信息科）').click();
  await expect(advanced).toHaveAttribute('open');
  await expect(page.getByTestId('module-in-use')).toContainText(openSc!.path);
  await expect(page.getByTestId('module-why')).toContainText(
    '个已知厂商的驱动，按内置厂商列表的顺序使用了第一个；自动检测不会查看插着的是哪家的USBKEY。',
  );
  await expect(page.getByTestId('module-why')).toContainText('原因：自动检测。本机找到');
  await expect(page.getByText('先看环境变量 YIKEY_PKCS11_MODULE；没有则按内置厂商列表的顺序')).toBeVisible();
  await saveScreenshot(page, 'settings-02-advanced-open');
  await expectNoAxeViolations(page, 'settings advanced open');

  // Saving with nothing changed says so, by the button.
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.locator('.save-row').getByRole('status')).toHaveText('没有需要保存的更改。');

  // The language is a holder's setting: saved, named, and the screen switches.
  await page.getByLabel('界面语言').selectOption('en');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.locator('.save-row').getByRole('status')).toHaveText('Settings saved: language.');
  // A save gives a fresh form: the open section stays open.
  await expect(advanced).toHaveAttribute('open');
  await expect(page.getByTestId('module-why')).toContainText(
    'the first in the built-in vendor list is used. Auto-detection does not look at which vendor’s USBKEY is plugged in.',
  );
  await expect(page.getByText('Advanced (IT department)')).toBeVisible();
  await saveScreenshot(page, 'settings-03-advanced-en');
  await expectNoAxeViolations(page, 'settings advanced open (en)');
});
