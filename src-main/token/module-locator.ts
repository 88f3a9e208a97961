// Decides which PKCS#11 library to load: an explicit setting wins, then the
// YIKEY_PKCS11_MODULE environment variable, then the first known vendor module present on
// this machine (table in native/pkcs11-modules.json).
import { existsSync } from 'node:fs';
import { YiKeyError } from '../contract/yikey-error';
import vendorTable from '../../native/pkcs11-modules.json';

const supportedPlatforms = ['linux', 'win32', 'darwin'] as const;
export type SupportedPlatform = (typeof supportedPlatforms)[number];

export interface VendorModule {
  id: string;
  vendor: string;
  name: string;
  reinitializeAfterRemoval: boolean;
  /** The id of this vendor's entry in `sm2Numberings` (token/sm2-numberings.ts). */
  sm2Numbering?: string;
  paths: Record<SupportedPlatform, string[]>;
}

/**
 * The table is part of the build, as trusted as this code: TypeScript checks its shape against
 * VendorModule when it is compiled, so no start-up pays for checking it again (issue 11: the CLI
 * built zod schemas and parsed the table at every start; sm2-numberings.ts still validates its
 * part, whose hex strings and rules a type cannot check).
 */
export const knownVendorModules: readonly VendorModule[] = vendorTable.modules;

const isSupportedPlatform = (platform: string): platform is SupportedPlatform =>
  (supportedPlatforms as readonly string[]).includes(platform);

export interface ModuleChoice {
  path: string;
  source: 'setting' | 'environment' | 'detected';
  /** The known vendor module this path belongs to, when it is one of the table's. */
  vendor?: VendorModule;
}

export interface LocateOptions {
  setting?: string | undefined;
  environment?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  fileExists?: (path: string) => boolean;
}

export function vendorForPath(path: string): VendorModule | undefined {
  return knownVendorModules.find((entry) => Object.values(entry.paths).some((paths) => paths.includes(path)));
}

/** Lists the known modules present on this machine, for the settings screen and the CLI. */
export function detectInstalledModules(
  options: LocateOptions = {},
): { path: string; vendor: VendorModule }[] {
  const platform = options.platform ?? process.platform;
  if (!isSupportedPlatform(platform)) return [];
  const fileExists = options.fileExists ?? existsSync;
  return knownVendorModules.flatMap((vendor) =>
    (vendor.paths[platform] ?? []).filter(fileExists).map((path) => ({ path, vendor })),
  );
}

export function locatePkcs11Module(options: LocateOptions = {}): ModuleChoice {
  const setting = options.setting?.trim();
  if (setting) return withVendor(setting, 'setting');
  const fromEnvironment = (options.environment ?? process.env).YIKEY_PKCS11_MODULE?.trim();
  if (fromEnvironment) return withVendor(fromEnvironment, 'environment');
  const [first] = detectInstalledModules(options);
  if (first) return { path: first.path, source: 'detected', vendor: first.vendor };
  throw new YiKeyError(
    'module-not-found',
    'No PKCS#11 module found: install your USBKEY driver, or set one in the settings or in YIKEY_PKCS11_MODULE',
    { searched: knownVendorModules.map((vendor) => vendor.id) },
  );
}

function withVendor(path: string, source: ModuleChoice['source']): ModuleChoice {
  const vendor = vendorForPath(path);
  return vendor ? { path, source, vendor } : { path, source };
}
