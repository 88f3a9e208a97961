// The holder's trusted CA certificates: PEM files from the settings (`trustedCaFiles`) and,
// for this run, the one named by YIKEY_TRUSTED_CA. A file is checked when the holder adds it
// (refused with the reason, nothing saved); at start-up a file that went bad since is shown
// with its error instead of stopping the app, and the others stay in force.
// The paths come from the holder or from a renderer, so reading them must not hang or bloat
// the process: asynchronous reads, regular files only (a FIFO or a device would block or
// never end), and at most maxTrustedCaFileBytes each.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeName } from '../certs/distinguished-name';
import { sha256Fingerprint } from '../certs/fingerprint';
import { BasicConstraintsExtension, PemConverter, X509Certificate } from '../certs/x509-runtime';
import type { TrustedCaView } from '../contract/holder-api-schemas';
import { YiKeyError } from '../contract/yikey-error';

export interface TrustedCaSource {
  path: string;
  source: TrustedCaView['source'];
}

export interface TrustStore {
  /** Every certificate in force; undefined when none, so verification says 'not-checked'. */
  certificatesDer: Uint8Array[] | undefined;
  view: TrustedCaView[];
}

/** A provincial root plus intermediates is a few KiB; a CA bundle of every root is ~200 KiB. */
export const maxTrustedCaFileBytes = 1024 * 1024;

function notAFile(path: string): YiKeyError {
  return new YiKeyError('trusted-ca-not-file', `${path} is not a regular file`, { path });
}

function tooLarge(path: string, size: number): YiKeyError {
  return new YiKeyError(
    'trusted-ca-too-large',
    `${path} is larger than ${maxTrustedCaFileBytes} bytes (${size})`,
    { path, maxBytes: maxTrustedCaFileBytes },
  );
}

/** The file's text, read without blocking on special files and without reading past the cap. */
async function readCappedRegularFile(path: string): Promise<string> {
  // stat first: opening some devices has side effects, and a FIFO would wait for a writer.
  const before = await stat(path);
  if (!before.isFile()) throw notAFile(path);
  if (before.size > maxTrustedCaFileBytes) throw tooLarge(path, before.size);
  // O_NONBLOCK: if the path was swapped for a FIFO since, open returns at once instead of
  // waiting for a writer; fstat on the handle then refuses it. No effect on regular files.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notAFile(path);
    // One byte more than allowed tells a file that grew past the cap since the stat.
    const buffer = Buffer.alloc(Math.min(opened.size, maxTrustedCaFileBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxTrustedCaFileBytes) throw tooLarge(path, length);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The certificates of one PEM file; rejects with a YiKeyError naming the file when it cannot be trusted. */
export async function readTrustedCaFile(path: string): Promise<Uint8Array[]> {
  let text: string;
  try {
    text = await readCappedRegularFile(path);
  } catch (error) {
    if (error instanceof YiKeyError) throw error;
    throw new YiKeyError('trusted-ca-unreadable', `Cannot read ${path}: ${String(error)}`, { path });
  }
  const blocks = PemConverter.isPem(text) ? PemConverter.decodeWithHeaders(text) : [];
  // A bundle may also hold a private key or a CRL; only certificates count.
  const ders = blocks
    .filter((block) => block.type === 'CERTIFICATE')
    .map((block) => new Uint8Array(block.rawData));
  if (ders.length === 0) {
    throw new YiKeyError('trusted-ca-no-certificate', `${path} holds no PEM certificate`, { path });
  }
  ders.forEach((der, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch {
      throw new YiKeyError('trusted-ca-no-certificate', `Certificate ${index + 1} in ${path} is malformed`, {
        path,
      });
    }
    // Trusting a holder certificate as an anchor would make anything it "issued" look trusted.
    if (certificate.getExtension(BasicConstraintsExtension)?.ca !== true) {
      throw new YiKeyError('trusted-ca-not-ca', `Certificate ${index + 1} in ${path} is not a CA`, {
        path,
        subject: certificate.subject,
      });
    }
  });
  return ders;
}

function describeCertificates(ders: Uint8Array[]): TrustedCaView['certificates'] {
  return ders.map((der) => {
    const name = describeName(new X509Certificate(der).subjectName);
    return { commonName: name.commonName, dn: name.dn, sha256Fingerprint: sha256Fingerprint(der) };
  });
}

/** Never rejects: a file that fails is listed with its error and contributes nothing. */
export async function loadTrustStore(sources: TrustedCaSource[]): Promise<TrustStore> {
  const read = await Promise.all(
    sources.map(async (source) => {
      try {
        return { source, ders: await readTrustedCaFile(source.path), error: null };
      } catch (error) {
        return { source, ders: [], error: YiKeyError.from(error).toJSON() };
      }
    }),
  );
  const all = read.flatMap((entry) => entry.ders);
  const view = read.map(({ source, ders, error }): TrustedCaView => ({
    ...source,
    certificates: describeCertificates(ders),
    error,
  }));
  return { certificatesDer: all.length > 0 ? all : undefined, view };
}

export function trustedCaSources(
  settingFiles: string[],
  environmentPath: string | undefined,
): TrustedCaSource[] {
  const sources: TrustedCaSource[] = settingFiles.map((path) => ({ path, source: 'setting' }));
  const fromEnvironment = environmentPath?.trim();
  // Shown in the settings: an absolute path says which file it is, whatever the working directory.
  if (fromEnvironment) sources.push({ path: resolve(fromEnvironment), source: 'environment' });
  return sources;
}
