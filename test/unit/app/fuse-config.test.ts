import { FuseV1Options } from '@electron/fuses';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryPath, fuseConfigFor } from '../../../src-main/app/build/fuse-config';

describe('fuse configuration', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('turns the Node doors off on %s', (platform) => {
    const config = fuseConfigFor(platform, 'x64');
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('checks asar integrity on macOS and Windows only', () => {
    expect(fuseConfigFor('darwin', 'arm64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseConfigFor('win32', 'x64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseConfigFor('linux', 'x64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(false);
  });

  it('re-signs ad hoc only on arm64 macOS', () => {
    expect(fuseConfigFor('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfigFor('darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfigFor('linux', 'arm64').resetAdHocDarwinSignature).toBe(false);
  });

  it('finds the binary to flip on each platform', () => {
    expect(electronBinaryPath('darwin', '/out', 'YiKey', 'yikey')).toBe(join('/out', 'YiKey.app'));
    expect(electronBinaryPath('win32', '/out', 'YiKey', 'yikey')).toBe(join('/out', 'YiKey.exe'));
    expect(electronBinaryPath('linux', '/out', 'YiKey', 'yikey')).toBe(join('/out', 'yikey'));
  });
});
