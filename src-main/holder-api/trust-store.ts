// The holder's trusted CA certificates: PEM files from the settings (`trustedCaFiles`) and,
// for this run, the one named by YIKEY_TRUSTED_CA. A file is checked when the holder adds it
// (refused with the reason, nothing saved); at start-up a file that went bad since is shown
// with its error instead of stopping the app, and the others stay in force.
// The paths come from the holder or from a renderer, so reading them must not hang or bloat
// the process: asynchronous reads, regular files only (a FIFO or a device would block or
// never end), and at most maxTrustedCaFileBytes each.
import { resolve } from 'node:path';
import { describeName } from '../certs/distinguished-name';
import { sha256Fingerprint } from '../certs/fingerprint';
import { BasicConstraintsExtension, PemConverter, X509Certificate } from '../certs/x509-runtime';
import type { TrustedCaView } from '../contract/holder-api-schemas';
import { YiKeyError } from '../contract/yikey-error';
import { CappedFileRefusal, readCappedRegularFile } from './capped-file-reader';

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

/** The certificates of one PEM file; rejects with a YiKeyError naming the file when it cannot be trusted. */
export async function readTrustedCaFile(path: string): Promise<Uint8Array[]> {
  let text: string;
  try {
    text = await readCappedRegularFile(path, maxTrustedCaFileBytes);
  } catch (error) {
    if (error instanceof CappedFileRefusal) {
      throw error.reason === 'not-file' ? notAFile(path) : tooLarge(path, error.size);
    }
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
