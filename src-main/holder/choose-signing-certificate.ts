// Picks the certificate to sign with: the one the caller named by fingerprint, or the only
// usable one. Never guesses between several: the holder must choose.
import { YiKeyError } from '../contract/yikey-error';
import type { CertificateEntry } from './certificate-entry';
import { fingerprintMatches } from './fingerprint-match';

type ReadableEntry = CertificateEntry & { readable: true };

const signingUsages = ['digitalSignature', 'nonRepudiation'];

function canSign(entry: ReadableEntry): boolean {
  const usage = entry.certificate.keyUsage;
  return (
    entry.keyPairing !== 'missing' && (usage === null || usage.some((name) => signingUsages.includes(name)))
  );
}

export function chooseSigningCertificate(entries: CertificateEntry[], fingerprint?: string): ReadableEntry {
  const readable = entries.filter((entry): entry is ReadableEntry => entry.readable);
  if (fingerprint !== undefined) {
    const matches = readable.filter((entry) =>
      fingerprintMatches(entry.certificate.sha256Fingerprint, fingerprint),
    );
    const [only] = matches;
    if (!only)
      throw new YiKeyError(
        'certificate-not-found',
        `No certificate with fingerprint ${fingerprint} is inserted`,
      );
    if (matches.length > 1)
      throw new YiKeyError('certificate-ambiguous', `Fingerprint ${fingerprint} matches several`);
    if (only.keyPairing === 'missing') {
      throw new YiKeyError(
        'key-not-found',
        'That certificate has no private key on the USBKEY, so it cannot sign',
      );
    }
    return only;
  }
  const usable = readable.filter(canSign);
  const [first] = usable;
  if (!first) {
    throw new YiKeyError(
      entries.length === 0 ? 'certificate-not-found' : 'key-not-found',
      entries.length === 0
        ? 'No certificate found: insert your USBKEY'
        : 'No certificate with a private key for signing is on the inserted USBKEY',
    );
  }
  if (usable.length > 1) {
    throw new YiKeyError(
      'certificate-ambiguous',
      'Several signing certificates are inserted; choose one by its SHA-256 fingerprint',
      { fingerprints: usable.map((entry) => entry.certificate.sha256Fingerprint) },
    );
  }
  return first;
}
