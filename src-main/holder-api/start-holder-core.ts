// Everything a door to the renderer needs, started in one call: the saved settings, the holder
// façade on the chosen module (switchable from the settings), and the API dispatcher. Browser
// mode and the Electron shell both start the core this way, so they behave the same.
import type { HolderPreferences } from '../contract/holder-settings';
import { detectInstalledModules } from '../token/module-locator';
import { createHolderApiDispatcher, type HolderApiDispatcher } from './dispatcher';
import { HolderSession } from './holder-session';
import { openHolder, type OpenHolderOptions } from './open-holder';
import { createSettingsService, type SettingsService } from './settings-service';
import type { SettingsStore } from './settings-store';
import { loadTrustStore, trustedCaSources } from './trust-store';

export interface HolderCoreOptions {
  /** fileSettingsStore() for the holder's settings file; memorySettingsStore() in tests. */
  store: SettingsStore;
  /** Values for this run only (command-line flags), over the saved ones. */
  overrides?: Partial<HolderPreferences>;
  hostOptions?: Pick<OpenHolderOptions, 'pollIntervalMs' | 'launcher'>;
  /** A PEM file trusted for this run in addition to the saved ones (YIKEY_TRUSTED_CA). */
  environmentTrustedCa?: string | undefined;
}

export interface HolderCore {
  dispatcher: HolderApiDispatcher;
  settings: SettingsService;
  session: HolderSession;
  stop(): void;
}

export async function startHolderCore(options: HolderCoreOptions): Promise<HolderCore> {
  const overrides = options.overrides ?? {};
  const initial = { ...options.store.load(), ...overrides };
  const hostOptions = options.hostOptions ?? {};
  const trustStore = loadTrustStore(trustedCaSources(initial.trustedCaFiles, options.environmentTrustedCa));
  for (const failed of trustStore.view.filter((entry) => entry.error !== null)) {
    // Not fatal: the settings screen shows the file with its error; verification goes on without it.
    process.stderr.write(
      `受信任的CA证书文件未加载 Trusted CA file not loaded: ${failed.path} (${failed.error?.message ?? ''})\n`,
    );
  }
  const session = new HolderSession(
    await openHolder({
      ...hostOptions,
      modulePath: initial.modulePath,
      renewalWindowDays: initial.renewalWindowDays,
      trustedCertificatesDer: trustStore.certificatesDer,
    }),
  );
  const settings = createSettingsService({
    store: options.store,
    session,
    installedModules: detectInstalledModules(),
    hostOptions,
    overrides,
    trustStore,
    environmentTrustedCa: options.environmentTrustedCa,
  });
  const dispatcher = createHolderApiDispatcher({ holder: session, settings });
  return {
    dispatcher,
    settings,
    session,
    stop() {
      dispatcher.close();
      session.stop();
    },
  };
}
