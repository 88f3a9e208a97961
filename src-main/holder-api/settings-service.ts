// settings:get and settings:set: the holder's preferences (settings-store.ts) joined with the
// facts about the module in use (holder-session.ts). A change is applied in this order so a
// refused value leaves everything as it was: validate → read the CA files → ask the holder
// about a module outside the vendor table (Electron only) → load a new module as a candidate
// (the token host refuses a file others could write: token/module-file-safety.ts) → save the
// file → switch to the candidate and apply the renewal window.
import { noAdminPolicy } from '../contract/admin-policy';
import type { Settings } from '../contract/holder-api-schemas';
import {
  holderPreferencesSchema,
  settingsPatchSchema,
  type HolderPreferences,
  type SettingsPatch,
} from '../contract/holder-settings';
import { YiKeyError } from '../contract/yikey-error';
import { assertModuleFileSafe } from '../token/module-file-safety';
import { locatePkcs11Module, vendorForPath, type VendorModule } from '../token/module-locator';
import type { LoadedAdminPolicy } from './admin-policy-file';
import type { HolderSession } from './holder-session';
import {
  moduleView,
  openHolder,
  startHolderOn,
  type OpenedHolder,
  type OpenHolderOptions,
} from './open-holder';
import type { SettingsStore } from './settings-store';
import { loadTrustStore, trustedCaSources, type TrustStore } from './trust-store';

export interface SettingsServiceOptions {
  store: SettingsStore;
  session: HolderSession;
  installedModules: { path: string; vendor: VendorModule }[];
  /** Passed to every token host started for a new module. */
  hostOptions?: Pick<OpenHolderOptions, 'pollIntervalMs' | 'launcher'>;
  /** Values in force for this run only (command-line flags); saved once the holder changes them. */
  overrides?: Partial<HolderPreferences>;
  /** The trust store the running holder was opened with (loadTrustStore of the preferences). */
  trustStore: TrustStore;
  /** YIKEY_TRUSTED_CA for this run: trusted in addition to the saved files, never saved. */
  environmentTrustedCa?: string | undefined;
  /** Hospital IT's policy file as read at start-up; none means no contacts configured. */
  adminPolicy?: LoadedAdminPolicy;
  /**
   * Asks the holder before a module outside the vendor table is loaded (the Electron shell
   * shows a main-process dialog, which a compromised renderer cannot click). Browser mode
   * passes none: its only window is the page that asked, so a prompt there would be answered
   * by the same code; the file check in the token host is its protection.
   */
  confirmUnlistedModule?: (path: string) => Promise<boolean>;
}

export interface SettingsUpdate {
  settings: Settings;
  /** The token host was replaced: every key is logged out. */
  moduleChanged: boolean;
}

export interface SettingsService {
  view(): Settings;
  update(patch: SettingsPatch): Promise<SettingsUpdate>;
}

/** The same order as lifecycle/backend-endpoint.ts: environment, policy file, setting. */
function backendInUse(settingUrl: string | null, policyUrl: string | undefined): Settings['backendInUse'] {
  const fromEnvironment = process.env.YIKEY_BACKEND_URL?.trim();
  if (fromEnvironment) return { url: fromEnvironment, source: 'environment' };
  if (policyUrl) return { url: policyUrl, source: 'policy' };
  return settingUrl ? { url: settingUrl, source: 'setting' } : null;
}

export function createSettingsService(options: SettingsServiceOptions): SettingsService {
  const { store, session } = options;
  let preferences: HolderPreferences = { ...store.load(), ...options.overrides };
  let trustStore = options.trustStore;
  // One change at a time: two quick saves must not both start a candidate module.
  let queue: Promise<unknown> = Promise.resolve();

  const view = (): Settings => {
    const opened = session.opened;
    return {
      ...preferences,
      module: moduleView(opened.module),
      moduleError: opened.moduleError?.toJSON() ?? null,
      installedModules: options.installedModules.map(({ path, vendor }) => ({ path, vendor: vendor.name })),
      trustedCas: trustStore.view,
      fileWarning: store.warning,
      adminPolicy: options.adminPolicy?.policy ?? noAdminPolicy,
      adminPolicyWarning: options.adminPolicy?.warning ?? null,
      backendInUse: backendInUse(preferences.backendUrl, options.adminPolicy?.policy.backend?.url),
    };
  };

  async function candidateFor(modulePath: string | null, renewalWindowDays: number): Promise<OpenedHolder> {
    const startOptions = {
      ...options.hostOptions,
      renewalWindowDays,
      trustedCertificatesDer: trustStore.certificatesDer,
    };
    // "Automatic" may legitimately find nothing; the no-key screen then explains it.
    if (modulePath === null) return openHolder({ modulePath: null, ...startOptions });
    await confirmIfUnlisted(modulePath);
    // A chosen file must load as PKCS#11 before it is saved: the error is the holder's answer.
    return startHolderOn(locatePkcs11Module({ setting: modulePath }), startOptions);
  }

  async function confirmIfUnlisted(modulePath: string): Promise<void> {
    const confirm = options.confirmUnlistedModule;
    if (!confirm || vendorForPath(modulePath)) return;
    // Never ask about a file that would be refused anyway: the refusal is the answer.
    assertModuleFileSafe(modulePath);
    if (!(await confirm(modulePath))) {
      throw new YiKeyError('cancelled', `The holder did not allow loading ${modulePath}`, {
        path: modulePath,
      });
    }
  }

  async function apply(patch: SettingsPatch): Promise<SettingsUpdate> {
    const parsedPatch = settingsPatchSchema.safeParse(patch);
    if (!parsedPatch.success) throw new YiKeyError('invalid-input', 'Settings out of range');
    const next = holderPreferencesSchema.parse({ ...preferences, ...parsedPatch.data });
    const trustRequested = parsedPatch.data.trustedCaFiles !== undefined;
    const nextTrustStore = trustRequested
      ? await loadTrustStore(trustedCaSources(next.trustedCaFiles, options.environmentTrustedCa))
      : trustStore;
    // Every listed file must hold CA certificates now; the first that does not is the answer.
    const refused = trustRequested
      ? nextTrustStore.view.find((entry) => entry.source === 'setting' && entry.error !== null)?.error
      : undefined;
    if (refused) throw YiKeyError.fromSerialized(refused);
    // Saving the same module again restarts nothing (a restart would log the holder out),
    // unless the one in use failed to load: then saving it is how the holder retries.
    const moduleRequested =
      parsedPatch.data.modulePath !== undefined &&
      (parsedPatch.data.modulePath !== preferences.modulePath || session.opened.moduleError !== null);
    const candidate = moduleRequested ? await candidateFor(next.modulePath, next.renewalWindowDays) : null;
    try {
      store.save(next);
    } catch (error) {
      candidate?.stop();
      throw error;
    }
    preferences = next;
    trustStore = nextTrustStore;
    if (candidate) session.replace(candidate);
    else session.setRenewalWindowDays(next.renewalWindowDays);
    // A candidate was opened with the store in force before; set it on whichever runs now.
    session.setTrustedCertificates(trustStore.certificatesDer);
    return { settings: view(), moduleChanged: candidate !== null };
  }

  return {
    view,
    update(patch) {
      const result = queue.then(() => apply(patch));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
