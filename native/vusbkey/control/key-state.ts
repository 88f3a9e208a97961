// Plug state, latency, faults and status of virtual keys: small files the module reads at
// every call (see README.md for the layout). Writes are atomic (temp file + rename).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { x509 } from './x509-runtime';
import pkcs11js from 'pkcs11js';

import { assertLabel, homePaths, keyPaths, VusbkeyError } from './paths';

/** Exactly one of `rv` (a CKR_ name or hex value), `unplug` or `crash`. */
export type FaultOptions = { label?: string; op: string; rv?: string; unplug?: boolean; crash?: boolean };
export type PinState = { maxTries: number; triesLeft: number; toBeChanged: boolean };
export type CertificateSummary = { file: string; subject: string; notAfter: string };
export type KeyStatus = {
  label: string;
  slot: number;
  present: boolean;
  serial: string;
  pinMaxTries: number;
  pinTriesLeft: number;
  pinLocked: boolean;
  pinToBeChanged: boolean;
  pinPad: boolean;
  latency: Record<string, number>;
  pendingFaults: Record<string, string>;
  certificates: CertificateSummary[];
  /** SM2 mechanism numbering (keys/<label>/sm2-vendor), absent on keys without SM2. */
  sm2Vendor?: string;
};

const functionNamePattern = /^C_[A-Za-z]+$/;
/** Functions that take no slot or session; their faults are per home, not per key. */
const moduleLevelFunctions = new Set(['C_Initialize']);

export function writeAtomically(file: string, content: string): void {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}`,
  );
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/** Labels of all keys in `home`, in slot order. */
export function listLabels(home: string): string[] {
  const keysDir = homePaths(home).keys;
  if (!existsSync(keysDir)) return [];
  return readdirSync(keysDir)
    .filter((name) => !name.startsWith('.') && existsSync(keyPaths(home, name).slot))
    .sort((a, b) => readSlot(home, a) - readSlot(home, b));
}

const readSlot = (home: string, label: string): number =>
  Number(readFileSync(keyPaths(home, label).slot, 'utf8').trim());

/** The given label if it exists, or the only key when none is given. */
export function resolveLabel(home: string, label?: string): string {
  const labels = listLabels(home);
  if (label !== undefined) {
    assertLabel(label);
    if (!labels.includes(label)) {
      throw new VusbkeyError(`no virtual key "${label}" in ${home} (keys: ${labels.join(', ') || 'none'})`);
    }
    return label;
  }
  if (labels.length === 1) return labels[0]!;
  if (labels.length === 0) throw new VusbkeyError(`no virtual key in ${home}: run "vusbkey init" first`);
  throw new VusbkeyError(`several keys, choose one with --label: ${labels.join(', ')}`);
}

/** Plugs the key in; every plug gets a new generation so even a quick replug is a new insertion. */
export function plug(home: string, label?: string): void {
  const generation = `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeAtomically(keyPaths(home, resolveLabel(home, label)).present, `${generation}\n`);
}

export function unplug(home: string, label?: string): void {
  rmSync(keyPaths(home, resolveLabel(home, label)).present, { force: true });
}

export function isPlugged(home: string, label?: string): boolean {
  return existsSync(keyPaths(home, resolveLabel(home, label)).present);
}

function readLatency(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts): parts is [string, string] => parts.length === 2 && /^\d+$/.test(parts[1]!));
  return Object.fromEntries(entries.map(([op, ms]) => [op, Number(ms)]));
}

/** Delays every call of `op` ('*' = every function) by `ms`; 0 removes the delay. */
export function setLatency(home: string, options: { label?: string; op: string; ms: number }): void {
  if (options.op !== '*' && !functionNamePattern.test(options.op)) {
    throw new VusbkeyError(`invalid --op "${options.op}": use a PKCS#11 function name like C_Sign, or '*'`);
  }
  if (!Number.isInteger(options.ms) || options.ms < 0 || options.ms > 600_000) {
    throw new VusbkeyError(`invalid --ms "${options.ms}": use an integer from 0 to 600000`);
  }
  const file = keyPaths(home, resolveLabel(home, options.label)).latency;
  const latency = new Map(Object.entries(readLatency(file)));
  if (options.ms === 0) latency.delete(options.op);
  else latency.set(options.op, options.ms);
  writeAtomically(file, [...latency].map(([op, ms]) => `${op} ${ms}\n`).join(''));
}

function faultContent(options: FaultOptions): string {
  const chosen = [options.rv !== undefined, options.unplug === true, options.crash === true].filter(
    Boolean,
  ).length;
  if (chosen !== 1) throw new VusbkeyError('choose exactly one of --rv <CKR_NAME>, --unplug, --crash');
  if (options.unplug) return 'unplug';
  if (options.crash) return 'crash';
  const rv = (options.rv ?? '').trim();
  if (/^(0x[0-9a-fA-F]+|\d+)$/.test(rv)) return rv;
  const known = (pkcs11js as unknown as Record<string, unknown>)[rv];
  if (!rv.startsWith('CKR_') || typeof known !== 'number') {
    throw new VusbkeyError(
      `unknown return value "${rv}": use a CKR_ name like CKR_DEVICE_ERROR or a hex value`,
    );
  }
  return rv;
}

/** Makes the next call of `op` on this key (from any process) fail once. */
export function injectFault(home: string, options: FaultOptions): void {
  if (!functionNamePattern.test(options.op)) {
    throw new VusbkeyError(`invalid --op "${options.op}": use a PKCS#11 function name like C_Sign`);
  }
  const content = faultContent(options);
  if (moduleLevelFunctions.has(options.op) && options.unplug) {
    throw new VusbkeyError(`${options.op} belongs to no key, so it cannot unplug one`);
  }
  // C_Initialize has no key: its fault lives in the home and hits the next process loading the module.
  const faultsDir = moduleLevelFunctions.has(options.op)
    ? path.join(home, 'faults')
    : keyPaths(home, resolveLabel(home, options.label)).faults;
  mkdirSync(faultsDir, { recursive: true });
  writeAtomically(path.join(faultsDir, options.op), `${content}\n`);
}

export function readPinState(home: string, label: string): PinState {
  const file = keyPaths(home, label).pinState;
  const values = new Map<string, number>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [key, value] = line.trim().split(/\s+/);
      if (key && value !== undefined) values.set(key, Number(value));
    }
  }
  const maxTries = values.get('max-tries') ?? 6;
  return {
    maxTries,
    triesLeft: values.get('tries-left') ?? maxTries,
    toBeChanged: values.get('to-be-changed') === 1,
  };
}

export const formatPinState = (state: PinState): string =>
  `max-tries ${state.maxTries}\ntries-left ${state.triesLeft}\nto-be-changed ${state.toBeChanged ? 1 : 0}\n`;

function summarizeCertificates(dir: string): CertificateSummary[] {
  return readdirSync(dir)
    .filter((name) => /^cert.*\.pem$/.test(name))
    .sort((a, b) => (a === 'cert.pem' ? -1 : b === 'cert.pem' ? 1 : a.localeCompare(b)))
    .map((file) => {
      const certificate = new x509.X509Certificate(readFileSync(path.join(dir, file), 'utf8'));
      return { file, subject: certificate.subject, notAfter: certificate.notAfter.toISOString() };
    });
}

export function keyStatus(home: string, label: string): KeyStatus {
  const paths = keyPaths(home, label);
  const pin = readPinState(home, label);
  const faultNames = existsSync(paths.faults)
    ? readdirSync(paths.faults).filter((name) => !name.startsWith('.'))
    : [];
  return {
    label,
    slot: readSlot(home, label),
    present: existsSync(paths.present),
    serial: readFileSync(paths.serial, 'utf8').trim(),
    pinMaxTries: pin.maxTries,
    pinTriesLeft: pin.triesLeft,
    pinLocked: pin.triesLeft === 0,
    pinToBeChanged: pin.toBeChanged,
    pinPad: existsSync(paths.pinPad),
    latency: readLatency(paths.latency),
    pendingFaults: Object.fromEntries(
      faultNames.map((name) => [name, readFileSync(path.join(paths.faults, name), 'utf8').trim()]),
    ),
    certificates: summarizeCertificates(paths.dir),
    ...(existsSync(paths.sm2Vendor) ? { sm2Vendor: readFileSync(paths.sm2Vendor, 'utf8').trim() } : {}),
  };
}

export const status = (home: string): KeyStatus[] => listLabels(home).map((label) => keyStatus(home, label));
