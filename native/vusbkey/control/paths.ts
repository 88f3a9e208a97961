// Where the virtual USBKEY keeps its state. Every concern has its own small file so the CLI,
// the tests and any number of processes using the module never race (see README.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class VusbkeyError extends Error {
  override name = 'VusbkeyError';
}

// From the sources this file is in native/vusbkey/control; bundled (dist/node, see
// src-main/build/build-node.mjs) it is two folders below the repository.
const vusbkeyRoot = import.meta.url.endsWith('.ts')
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../native/vusbkey');
const labelPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** `$VUSBKEY_HOME`, else `${XDG_DATA_HOME:-~/.local/share}/yikey/vusbkey` (same rule as the module). */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VUSBKEY_HOME) return path.resolve(env.VUSBKEY_HOME);
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'yikey', 'vusbkey');
}

export const homePaths = (home: string) => ({
  softhsmConf: path.join(home, 'softhsm2.conf'),
  tokens: path.join(home, 'tokens'),
  keys: path.join(home, 'keys'),
  caKey: path.join(home, 'ca', 'ca.key.pem'),
  caCert: path.join(home, 'ca', 'ca.cert.pem'),
  sm2CaKey: path.join(home, 'ca', 'sm2-ca.key.pem'),
  sm2CaCert: path.join(home, 'ca', 'sm2-ca.cert.pem'),
});

export const keyPaths = (home: string, label: string) => {
  const dir = path.join(homePaths(home).keys, label);
  return {
    dir,
    slot: path.join(dir, 'slot'),
    serial: path.join(dir, 'serial'),
    present: path.join(dir, 'present'),
    latency: path.join(dir, 'latency'),
    faults: path.join(dir, 'faults'),
    pinState: path.join(dir, 'pin-state'),
    pinPad: path.join(dir, 'pin-pad'),
    cert: path.join(dir, 'cert.pem'),
    sm2Vendor: path.join(dir, 'sm2-vendor'),
  };
};

export function assertLabel(label: string): void {
  if (!labelPattern.test(label)) {
    throw new VusbkeyError(`invalid label "${label}": use 1-32 characters from A-Z a-z 0-9 _ -`);
  }
}

/** Creates the home layout and a SoftHSM configuration pointing at its own token directory. */
export function ensureHome(home: string): void {
  const paths = homePaths(home);
  for (const dir of [paths.tokens, paths.keys, path.dirname(paths.caKey)])
    mkdirSync(dir, { recursive: true });
  if (!existsSync(paths.softhsmConf)) {
    const conf = `directories.tokendir = ${paths.tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`;
    writeFileSync(paths.softhsmConf, conf);
  }
}

export function softhsmLibraryPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.VUSBKEY_SOFTHSM_LIB,
    '/usr/lib/softhsm/libsofthsm2.so',
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/softhsm/libsofthsm2.so`,
  ];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new VusbkeyError('libsofthsm2.so not found: install softhsm2 or set VUSBKEY_SOFTHSM_LIB');
  return found;
}

/** Absolute path of the module, built with make first if it is missing. */
export function modulePath(): string {
  const built = path.join(vusbkeyRoot, 'build', 'libvusbkey.so');
  if (!existsSync(built)) {
    try {
      execFileSync('make', ['-s', '-C', vusbkeyRoot], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new VusbkeyError(`building ${built} failed: ${String(error)}`);
    }
  }
  return built;
}

export const caCertificatePath = (home: string): string => homePaths(home).caCert;
export const sm2CaCertificatePath = (home: string): string => homePaths(home).sm2CaCert;
