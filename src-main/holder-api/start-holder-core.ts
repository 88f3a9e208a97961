// Everything a door to the renderer needs, started in one call: the saved settings, the holder
// façade on the chosen module (switchable from the settings), and the API dispatcher. Browser
// mode and the Electron shell both start the core this way, so they behave the same.
import type { HolderPreferences } from '../contract/holder-settings';
import { assertModulePathAbsolute } from '../token/module-file-safety';
import { detectInstalledModules } from '../token/module-locator';
import { adminPolicyPathFrom, loadAdminPolicy } from './admin-policy-file';
import { createHolderApiDispatcher, type HolderApiDispatcher } from './dispatcher';
import { HolderSession } from './holder-session';
import { backendEndpoint, defaultDataDirectory } from '../holder/certificate-requests';
import { RequestsService } from './requests-service';
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
  /** Hospital IT's policy file; default YIKEY_POLICY_FILE, else /etc/yikey/policy.json. */
  adminPolicyPath?: string | null;
  /** The Electron shell's dialog for a module outside the vendor table (settings-service.ts). */
  confirmUnlistedModule?: (path: string) => Promise<boolean>;
  /** Where the request journal lives; default YIKEY_DATA_DIR, else $XDG_DATA_HOME/yikey. */
  dataDirectory?: string;
}

export interface HolderCore {
  dispatcher: HolderApiDispatcher;
  settings: SettingsService;
  session: HolderSession;
  requests: RequestsService;
  /** Resolves once the token host has logged out of every key and exited (quit waits for it). */
  stop(): Promise<void>;
}

/**
 * A relative module path from the command line or the environment is refused before anything
 * starts: it would mean whatever file sits at that name in some working directory, and an
 * override the settings schema refuses would make every settings:get fail, so the renderer
 * would never learn its auto-lock time.
 */
function refuseRelativeModulePaths(
  overrides: Partial<HolderPreferences>,
  environment: NodeJS.ProcessEnv,
): void {
  if (overrides.modulePath) assertModulePathAbsolute(overrides.modulePath);
  const fromEnvironment = environment.YIKEY_PKCS11_MODULE?.trim();
  if (fromEnvironment) assertModulePathAbsolute(fromEnvironment);
}

export async function startHolderCore(options: HolderCoreOptions): Promise<HolderCore> {
  const overrides = options.overrides ?? {};
  refuseRelativeModulePaths(overrides, process.env);
  const initial = { ...options.store.load(), ...overrides };
  const hostOptions = options.hostOptions ?? {};
  const trustStore = await loadTrustStore(
    trustedCaSources(initial.trustedCaFiles, options.environmentTrustedCa),
  );
  for (const failed of trustStore.view.filter((entry) => entry.error !== null)) {
    // Not fatal: the settings screen shows the file with its error; verification goes on without it.
    process.stderr.write(
      `受信任的CA证书文件未加载 Trusted CA file not loaded: ${failed.path} (${failed.error?.message ?? ''})\n`,
    );
  }
  const adminPolicy = await loadAdminPolicy(
    options.adminPolicyPath === undefined ? adminPolicyPathFrom(process.env) : options.adminPolicyPath,
  );
  if (adminPolicy.warning) {
    // Not fatal: the settings screen shows it; the holder sees the default contact text.
    process.stderr.write(
      `管理策略文件未使用 Policy file ignored: ${adminPolicy.path ?? ''} (${adminPolicy.warning})\n`,
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
    adminPolicy,
    ...(options.confirmUnlistedModule ? { confirmUnlistedModule: options.confirmUnlistedModule } : {}),
  });
  const requests = new RequestsService({
    session,
    dataDirectory: options.dataDirectory ?? defaultDataDirectory(),
    endpoint: () =>
      backendEndpoint({
        policy: adminPolicy.policy.backend,
        settingUrl: settings.view().backendUrl ?? undefined,
      }),
  });
  const dispatcher = createHolderApiDispatcher({ holder: session, settings, requests });
  requests.start();
  return {
    dispatcher,
    settings,
    session,
    requests,
    stop() {
      requests.stop();
      dispatcher.close();
      return session.stop();
    },
  };
}
