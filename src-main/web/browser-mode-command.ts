// Browser mode as a command: its arguments, the start-up lines on stdout/stderr, SIGUSR2 for a
// new URL and a clean stop on SIGINT/SIGTERM. Shared by `npm run web` (web-main.ts) and the
// demo; kept apart from web-main.ts so that importing it never starts anything.
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
  // Signal handlers first: whoever reads the URL may signal the process at once.
  process.on('SIGUSR2', () => process.stdout.write(`${server.newLaunchUrl()}\n`));
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
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
}

/** Prints why browser mode could not start and ends the process. */
export function exitWithStartFailure(error: unknown): never {
  const yikeyError = YiKeyError.from(error);
  process.stderr.write(
    `错误 [${yikeyError.code}]: ${describeError(yikeyError.code, yikeyError.details, 'zh-CN')}\n`,
  );
  process.exit(1);
}
