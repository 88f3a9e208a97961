// electron-builder afterPack hook (bundled to dist/build/after-pack.cjs by build:electron and
// named in electron-builder.yml): flips the fuses of fuse-config.ts on the packed binary,
// before electron-builder signs it, and fails the build if that does not work.
import { flipFuses } from '@electron/fuses';
import { electronBinaryPath, fuseConfigFor, type PackagedPlatform } from './fuse-config';

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface AfterPackContextLike {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}

const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

function isPackagedPlatform(name: string): name is PackagedPlatform {
  return name === 'linux' || name === 'win32' || name === 'darwin' || name === 'mas';
}

export default async function afterPack(context: AfterPackContextLike): Promise<void> {
  const platform = context.electronPlatformName;
  if (!isPackagedPlatform(platform)) throw new Error(`No fuse configuration for platform ${platform}`);
  const binary = electronBinaryPath(
    platform,
    context.appOutDir,
    context.packager.appInfo.productFilename,
    context.packager.executableName,
  );
  await flipFuses(binary, fuseConfigFor(platform, archNames[context.arch] ?? 'unknown'));
}
