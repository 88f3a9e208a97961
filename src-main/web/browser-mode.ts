// Starts everything browser mode needs in this process: the holder's saved settings, the
// holder façade on the chosen PKCS#11 module, the API dispatcher, and the loopback web server.
// A missing or broken module does not stop the app: the renderer shows the no-key screen with
// the reason, and the settings screen lets the holder choose another module.
import { fileURLToPath } from 'node:url';
import type { Language } from '../contract/error-messages';
import { defaultSettingsPath, fileSettingsStore } from '../holder-api/settings-file';
import { memorySettingsStore, type SettingsStore } from '../holder-api/settings-store';
import { startHolderCore } from '../holder-api/start-holder-core';
import { startWebServer, type RunningWebServer } from './web-server';

export interface BrowserModeOptions {
  /** A PKCS#11 module path for this run; otherwise the saved setting, YIKEY_PKCS11_MODULE, detection. */
  modulePath?: string;
  port?: number;
  rendererDirectory?: string;
  /** The language for this run, over the saved one. */
  language?: Language;
  /** How often the token host looks for insertion and removal. */
  pollIntervalMs?: number;
  /** The settings file; default $XDG_CONFIG_HOME/yikey/settings.json. 'memory' saves nothing. */
  settingsPath?: string | 'memory';
  /** A PEM file of CA certificates trusted for this run; default $YIKEY_TRUSTED_CA. */
  trustedCaPath?: string;
}

export const defaultRendererDirectory = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

function settingsStoreFor(options: BrowserModeOptions): SettingsStore {
  if (options.settingsPath === 'memory') return memorySettingsStore();
  return fileSettingsStore(options.settingsPath ?? defaultSettingsPath());
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<RunningWebServer> {
  const core = await startHolderCore({
    store: settingsStoreFor(options),
    overrides: {
      ...(options.modulePath === undefined ? {} : { modulePath: options.modulePath }),
      ...(options.language === undefined ? {} : { language: options.language }),
    },
    hostOptions: options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs },
    environmentTrustedCa: options.trustedCaPath ?? process.env.YIKEY_TRUSTED_CA,
  });
  try {
    const server = await startWebServer({
      dispatcher: core.dispatcher,
      rendererDirectory: options.rendererDirectory ?? defaultRendererDirectory,
      // The holder's setting as it is now: a change in the settings screen applies at once.
      autoLockMs: () => core.settings.view().autoLockMinutes * 60_000,
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    return {
      ...server,
      async close() {
        await server.close();
        core.stop();
      },
    };
  } catch (error) {
    core.stop();
    throw error;
  }
}
