// `npm run demo`: YiKey in browser mode on a virtual USBKEY, for a first look without hardware.
// Creates the demo key (holder 张三, PIN 123456, certificate expiring in 20 days so the renewal
// reminder shows) under the default VUSBKEY_HOME if there is none, points YiKey at the vusbkey
// module, trusts the virtual key's test CA (so the certificate chain shows as trusted) and prints
// the URL to open. Unplug and re-plug with `npm run vusbkey -- unplug|plug`.
import {
  caCertificatePath,
  defaultHome,
  initKey,
  listLabels,
  modulePath,
} from '../../native/vusbkey/control/vusbkey';
import { describeError } from '../contract/error-messages';
import { YiKeyError } from '../contract/yikey-error';
import { startDemoBackend } from './demo-backend';
import { parseBrowserModeArguments, runBrowserMode } from '../web/browser-mode-command';
import { startDemoEmrBesideYiKey } from './demo-emr';

const demoCertificateDays = 20;

async function prepareVirtualKey(): Promise<void> {
  const home = defaultHome();
  // The token host is a child process: it must see the same home as the vusbkey CLI.
  process.env.VUSBKEY_HOME = home;
  if (listLabels(home).length === 0) {
    const key = await initKey(home, { days: demoCertificateDays });
    process.stderr.write(
      `已创建虚拟USBKEY ${key.label}（持有人 张三，PIN码 123456，证书 ${demoCertificateDays} 天后过期）\n` +
        `Created virtual USBKEY ${key.label} in ${home} (PIN 123456).\n`,
    );
  } else {
    process.stderr.write(
      `使用已有的虚拟USBKEY Using the virtual USBKEY(s) in ${home}: ${listLabels(home).join(', ')}\n`,
    );
  }
  process.env.YIKEY_PKCS11_MODULE = modulePath();
  // The test CA stands in for the provincial CA, for this run only (never saved in the settings).
  // A tester's own YIKEY_TRUSTED_CA wins, e.g. to see an untrusted chain.
  process.env.YIKEY_TRUSTED_CA ??= caCertificatePath(home);
  process.stderr.write('插拔演示 Unplug/plug: npm run --silent vusbkey -- unplug | plug\n');
}

const browserModeOptions = parseBrowserModeArguments(process.argv.slice(2));
prepareVirtualKey()
  .then(() => startDemoBackend(defaultHome(), caCertificatePath(defaultHome())))
  .then(() => runBrowserMode(browserModeOptions))
  .then(() => startDemoEmrBesideYiKey(defaultHome(), browserModeOptions.bridgePort))
  .catch((error: unknown) => {
    const yikeyError = YiKeyError.from(error);
    process.stderr.write(
      `错误 [${yikeyError.code}]: ${describeError(yikeyError.code, yikeyError.details, 'zh-CN')} (${yikeyError.message})\n`,
    );
    process.exit(1);
  });
