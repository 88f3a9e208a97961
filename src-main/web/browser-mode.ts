// Starts everything browser mode needs in this process: the holder façade on the located
// PKCS#11 module, the API dispatcher, and the loopback web server. A missing or broken module
// does not stop the app: the renderer shows the no-key screen with the reason.
import { fileURLToPath } from 'node:url';
import { DEFAULT_RENEWAL_WINDOW_DAYS } from '../certs/expiry-status';
import type { Language } from '../contract/error-messages';
import type { Settings } from '../contract/holder-api-schemas';
import { YiKeyError } from '../contract/yikey-error';
import { HolderService } from '../holder/holder-service';
import { createHolderApiDispatcher } from '../holder-api/dispatcher';
import type { HolderPort } from '../holder-api/holder-port';
import { memorySettingsStore } from '../holder-api/settings-store';
import { unavailableHolder } from '../holder-api/unavailable-holder';
import { detectInstalledModules, locatePkcs11Module, type ModuleChoice } from '../token/module-locator';
import { TokenHostClient } from '../token/token-host-client';
import { startWebServer, type RunningWebServer } from './web-server';

export interface BrowserModeOptions {
  /** A PKCS#11 module path; otherwise YIKEY_PKCS11_MODULE, then the known vendor modules. */
  modulePath?: string;
  port?: number;
  rendererDirectory?: string;
  language?: Language;
  /** How often the token host looks for insertion and removal. */
  pollIntervalMs?: number;
}

export const defaultRendererDirectory = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

interface OpenedHolder {
  holder: HolderPort;
  module: ModuleChoice | null;
  moduleError: YiKeyError | null;
  stop: () => void;
}

async function openHolder(options: BrowserModeOptions): Promise<OpenedHolder> {
  let module: ModuleChoice;
  try {
    module = locatePkcs11Module({ setting: options.modulePath });
  } catch (error) {
    const reason = YiKeyError.from(error, 'module-not-found');
    return { holder: unavailableHolder(reason), module: null, moduleError: reason, stop: () => undefined };
  }
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const service = new HolderService({ host: new TokenHostClient({ module, pollIntervalMs }) });
  try {
    await service.start();
  } catch (error) {
    service.stop();
    const reason = YiKeyError.from(error, 'module-load-failed');
    return { holder: unavailableHolder(reason), module, moduleError: reason, stop: () => undefined };
  }
  return { holder: service, module, moduleError: null, stop: () => service.stop() };
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<RunningWebServer> {
  const opened = await openHolder(options);
  const environment: Omit<Settings, 'language'> = {
    module: opened.module && {
      path: opened.module.path,
      source: opened.module.source,
      vendor: opened.module.vendor?.name ?? null,
    },
    moduleError: opened.moduleError?.toJSON() ?? null,
    installedModules: detectInstalledModules().map(({ path, vendor }) => ({ path, vendor: vendor.name })),
    renewalWindowDays: DEFAULT_RENEWAL_WINDOW_DAYS,
  };
  const dispatcher = createHolderApiDispatcher({
    holder: opened.holder,
    settings: memorySettingsStore({ language: options.language ?? 'zh-CN' }),
    environment,
  });
  try {
    const server = await startWebServer({
      dispatcher,
      rendererDirectory: options.rendererDirectory ?? defaultRendererDirectory,
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    return {
      ...server,
      async close() {
        await server.close();
        dispatcher.close();
        opened.stop();
      },
    };
  } catch (error) {
    dispatcher.close();
    opened.stop();
    throw error;
  }
}
