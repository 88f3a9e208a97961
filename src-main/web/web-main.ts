// `npm run web`: browser mode from the command line. Prints the URL (with its single-use
// secret) on stdout as the first line, so scripts and tests can read it; prints one more
// single-use URL on each SIGUSR2 (only this user and root can signal the process, so only the
// holder at this PC can ask), and stops cleanly on SIGINT/SIGTERM.
import { pathToFileURL } from 'node:url';
import { describeError } from '../contract/error-messages';
import { YiKeyError } from '../contract/yikey-error';
import { startBrowserMode, type BrowserModeOptions } from './browser-mode';

export function parseBrowserModeArguments(argv: string[]): BrowserModeOptions {
  const options: BrowserModeOptions = {};
  for (let index = 0; index < argv.length; index++) {
    const [name, value] = [argv[index], argv[index + 1]];
    if (name === '--port' && value !== undefined) options.port = Number.parseInt(value, 10);
    else if (name === '--module' && value !== undefined) options.modulePath = value;
    else if (name === '--renderer' && value !== undefined) options.rendererDirectory = value;
    else if (name === '--settings' && value !== undefined) options.settingsPath = value;
    else if (name === '--bridge-port' && value !== undefined) options.bridgePort = Number.parseInt(value, 10);
    else if (name === '--bridge-decision-timeout-ms' && value !== undefined)
      options.bridgeDecisionTimeoutMs = Number.parseInt(value, 10);
    else if (name === '--lang' && value !== undefined)
      options.language = value.startsWith('en') ? 'en' : 'zh-CN';
    else continue;
    index++;
  }
  return options;
}

export async function runBrowserMode(options: BrowserModeOptions): Promise<void> {
  const server = await startBrowserMode(options);
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(
    'YiKey 浏览器模式已启动（仅本机可访问）。上面的网址只能打开一次；刷新页面不受影响。' +
      `需要新网址时运行 kill -USR2 ${process.pid}。按 Ctrl+C 退出。\n` +
      'Browser mode is running on loopback. The URL above opens YiKey once (reloading the tab keeps ' +
      `working); for a new one run kill -USR2 ${process.pid}.\n`,
  );
  process.stderr.write(
    server.bridgeAddress === null
      ? 'EMR签名服务未运行（见 设置 → 已授权的网站） EMR bridge not running (see Settings)\n'
      : `EMR签名服务 EMR bridge: ${server.bridgeAddress}\n`,
  );
  process.on('SIGUSR2', () => process.stdout.write(`${server.newLaunchUrl()}\n`));
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

// Run only when executed directly, not when imported by the demo.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBrowserMode(parseBrowserModeArguments(process.argv.slice(2))).catch((error: unknown) => {
    const yikeyError = YiKeyError.from(error);
    process.stderr.write(
      `错误 [${yikeyError.code}]: ${describeError(yikeyError.code, yikeyError.details, 'zh-CN')}\n`,
    );
    process.exit(1);
  });
}
