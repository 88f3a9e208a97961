// The holder's trusted CA certificates: PEM files from the settings (`trustedCaFiles`) and,
// for this run, the one named by YIKEY_TRUSTED_CA. A file is checked when the holder adds it
// (refused with the reason, nothing saved); at start-up a file that went bad since is shown
// with its error instead of stopping the app, and the others stay in force.
import { readFileSync } from 'node:fs';
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

/** The certificates of one PEM file; throws a YiKeyError naming the file when it cannot be trusted. */
export function readTrustedCaFile(path: string): Uint8Array[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
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

/** Never throws: a file that fails is listed with its error and contributes nothing. */
export function loadTrustStore(sources: TrustedCaSource[]): TrustStore {
  const all: Uint8Array[] = [];
  const view = sources.map((source): TrustedCaView => {
    try {
      const ders = readTrustedCaFile(source.path);
      all.push(...ders);
      return { ...source, certificates: describeCertificates(ders), error: null };
    } catch (error) {
      return { ...source, certificates: [], error: YiKeyError.from(error).toJSON() };
    }
  });
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
