// Opens the holder façade on a PKCS#11 module. At start-up a missing or broken module is not
// fatal: the app runs on a stand-in that reports why (the no-key screen says so). A module the
// holder picks in the settings is different: it is started as a candidate and, if it does not
// load, the error goes back to the holder and nothing changes.
import type { ModuleView } from '../contract/holder-api-schemas';
import { YiKeyError } from '../contract/yikey-error';
import { HolderService } from '../holder/holder-service';
import type { HostLauncher } from '../token/host-process';
import { locatePkcs11Module, type ModuleChoice } from '../token/module-locator';
import { TokenHostClient } from '../token/token-host-client';
import type { HolderPort } from './holder-port';
import { unavailableHolder } from './unavailable-holder';

export interface OpenHolderOptions {
  /** A path chosen by the holder (or on the command line); null → environment, then detection. */
  modulePath: string | null;
  renewalWindowDays: number;
  /** The trusted CA certificates in force (settings and YIKEY_TRUSTED_CA); undefined: none. */
  trustedCertificatesDer?: Uint8Array[] | undefined;
  /** How often the token host looks for insertion and removal. */
  pollIntervalMs?: number;
  /** How the token host process is started (Electron: a utilityProcess); default: Node fork. */
  launcher?: HostLauncher;
}

export interface OpenedHolder {
  holder: HolderPort;
  module: ModuleChoice | null;
  moduleError: YiKeyError | null;
  setRenewalWindowDays(days: number): void;
  setTrustedCertificates(certificatesDer: Uint8Array[] | undefined): void;
  /** Resolves once the token host has logged out, finalised the module and exited. */
  stop(): Promise<void>;
}

export function moduleView(module: ModuleChoice | null): ModuleView | null {
  return module && { path: module.path, source: module.source, vendor: module.vendor?.name ?? null };
}

function unavailable(
  module: ModuleChoice | null,
  reason: YiKeyError,
  trustedCertificatesDer: Uint8Array[] | undefined,
): OpenedHolder {
  const holder = unavailableHolder(reason, trustedCertificatesDer);
  return {
    holder,
    module,
    moduleError: reason,
    setRenewalWindowDays: () => undefined,
    // Verification still works without a module, with the trusted CAs in force.
    setTrustedCertificates: (certificatesDer) => holder.setTrustedCertificates(certificatesDer),
    stop: () => Promise.resolve(),
  };
}

/** Starts a holder on exactly this module choice; rejects (after cleaning up) if it does not load. */
export async function startHolderOn(
  module: ModuleChoice,
  options: Omit<OpenHolderOptions, 'modulePath'>,
): Promise<OpenedHolder> {
  const service = new HolderService({
    host: new TokenHostClient({
      module,
      // Unset: the token host's own default (50 ms), which keeps unplug → no-key screen
      // under 300 ms (npm run bench); 200 ms measured a p95 right at that limit.
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.launcher ? { launcher: options.launcher } : {}),
    }),
    renewalWindowDays: options.renewalWindowDays,
    ...(options.trustedCertificatesDer ? { trustedCertificatesDer: options.trustedCertificatesDer } : {}),
  });
  try {
    await service.start();
  } catch (error) {
    service.stop();
    throw YiKeyError.from(error, 'module-load-failed');
  }
  return {
    holder: service,
    module,
    moduleError: null,
    setRenewalWindowDays: (days) => service.setRenewalWindowDays(days),
    setTrustedCertificates: (certificatesDer) => service.setTrustedCertificates(certificatesDer),
    stop: () => service.stop(),
  };
}

/** Never rejects: a module that cannot be found or loaded gives the stand-in with the reason. */
export async function openHolder(options: OpenHolderOptions): Promise<OpenedHolder> {
  let module: ModuleChoice;
  try {
    module = locatePkcs11Module({ setting: options.modulePath ?? undefined });
  } catch (error) {
    return unavailable(null, YiKeyError.from(error, 'module-not-found'), options.trustedCertificatesDer);
  }
  try {
    return await startHolderOn(module, options);
  } catch (error) {
    return unavailable(module, YiKeyError.from(error, 'module-load-failed'), options.trustedCertificatesDer);
  }
}
