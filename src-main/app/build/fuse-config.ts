// Which Electron fuses a packaged YiKey flips, and where the binary carrying them sits. Fuses
// are compiled into the binary, so no argument, environment variable or script can turn these
// features back on: a packaged YiKey cannot be used as a plain Node runtime or be inspected to
// reach a logged-in token. Pure module (the enum is data).
import { FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';
import { join } from 'node:path';

export type PackagedPlatform = 'linux' | 'win32' | 'darwin' | 'mas';

export function fuseConfigFor(platform: PackagedPlatform, arch: string): FuseConfig {
  // Electron checks the asar's embedded hash only on macOS and Windows.
  const asarIntegrity = platform !== 'linux';
  return {
    version: FuseVersion.V1,
    // Flipping fuses invalidates an ad-hoc signature; arm64 macOS refuses unsigned binaries.
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegrity,
    // The UI comes from app://yikey; file:// pages get no extra powers.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The path @electron/fuses needs: the .app bundle on macOS, the executable elsewhere. */
export function electronBinaryPath(
  platform: PackagedPlatform,
  appOutDir: string,
  productFilename: string,
  executableName: string,
): string {
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${productFilename}.app`);
  if (platform === 'win32') return join(appOutDir, `${productFilename}.exe`);
  return join(appOutDir, executableName);
}
