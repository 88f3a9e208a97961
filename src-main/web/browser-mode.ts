// Starts everything browser mode needs in this process: the holder's saved settings, the
// holder façade on the chosen PKCS#11 module, the API dispatcher, and the loopback web server.
// A missing or broken module does not stop the app: the renderer shows the no-key screen with
// the reason, and the settings screen lets the holder choose another module.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keytarIntegrityKeyStore } from '../bridge/integrity-key';
import { startBridge } from '../bridge/start-bridge';
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
  /** The EMR bridge's port (default 27183; 0: any free port); IT's policy port wins. */
  bridgePort?: number;
  /** How long the holder has to answer a bridge request (default 2 minutes; tests shorten it). */
  bridgeDecisionTimeoutMs?: number;
}

export type RunningBrowserMode = RunningWebServer & {
  /** ws://127.0.0.1:PORT/ of the EMR bridge, or null when it is not listening. */
  bridgeAddress: string | null;
};

export const defaultRendererDirectory = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

function settingsStoreFor(options: BrowserModeOptions): SettingsStore {
  if (options.settingsPath === 'memory') return memorySettingsStore();
  return fileSettingsStore(options.settingsPath ?? defaultSettingsPath());
}

/** The bridge's approvals and signature log live beside the settings file. */
function bridgeFilesFor(options: BrowserModeOptions): { approvals: string | null; log: string | null } {
  if (options.settingsPath === 'memory') return { approvals: null, log: null };
  const folder = dirname(options.settingsPath ?? defaultSettingsPath());
  return { approvals: join(folder, 'bridge-approvals.json'), log: join(folder, 'bridge-signatures.jsonl') };
}

export async function startBrowserMode(options: BrowserModeOptions = {}): Promise<RunningBrowserMode> {
  const core = await startHolderCore({
    store: settingsStoreFor(options),
    overrides: {
      ...(options.modulePath === undefined ? {} : { modulePath: options.modulePath }),
      ...(options.language === undefined ? {} : { language: options.language }),
    },
    hostOptions: options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs },
    environmentTrustedCa: options.trustedCaPath ?? process.env.YIKEY_TRUSTED_CA,
  });
  const bridgeFiles = bridgeFilesFor(options);
  const bridge = await startBridge({
    core,
    ...(options.bridgePort === undefined ? {} : { port: options.bridgePort }),
    approvalsPath: bridgeFiles.approvals,
    signatureLogPath: bridgeFiles.log,
    keychain: keytarIntegrityKeyStore(),
    ...(options.bridgeDecisionTimeoutMs === undefined
      ? {}
      : { decisionTimeoutMs: options.bridgeDecisionTimeoutMs }),
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
      bridgeAddress: bridge.address,
      async close() {
        await bridge.close();
        await server.close();
        core.stop();
      },
    };
  } catch (error) {
    await bridge.close();
    core.stop();
    throw error;
  }
}
