// Picks the certificate to sign with: the one the caller named by fingerprint, or the only
// usable one. Never guesses between several: the holder must choose. Never signs with a
// certificate outside its validity: such a signature is worthless to the recipient (our own
// verifier and OpenSSL call it invalid), so the holder learns it before signing, not after.
import { YiKeyError } from '../contract/yikey-error';
import type { CertificateEntry } from './certificate-entry';
import { fingerprintMatches } from './fingerprint-match';

type ReadableEntry = CertificateEntry & { readable: true };

const signingUsages = ['digitalSignature', 'nonRepudiation'];

function hasSigningUsage(entry: ReadableEntry): boolean {
  const usage = entry.certificate.keyUsage;
  return usage === null || usage.some((name) => signingUsages.includes(name));
}

function canSign(entry: ReadableEntry): boolean {
  return entry.keyPairing !== 'missing' && hasSigningUsage(entry);
}

const validNow = (entry: ReadableEntry): boolean =>
  entry.certificate.status !== 'expired' && entry.certificate.status !== 'not-yet-valid';

/** Refuses a certificate that is expired or not yet valid (status judged now by the caller's listing). */
function assertValidNow(entry: ReadableEntry): void {
  const { status, notBefore, notAfter } = entry.certificate;
  if (status === 'expired') {
    throw new YiKeyError('certificate-expired', `The signing certificate expired on ${notAfter}`, {
      notAfter,
    });
  }
  if (status === 'not-yet-valid') {
    throw new YiKeyError(
      'certificate-not-yet-valid',
      `The signing certificate is valid only from ${notBefore}`,
      { notBefore },
    );
  }
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
    // A dual pair's encryption certificate shares the holder's name: never sign with it, even
    // when named (its key may be escrowed by the CA, so a signature with it proves nothing).
    if (!hasSigningUsage(only)) {
      throw new YiKeyError(
        'certificate-not-for-signing',
        'That certificate is for encryption only (no digitalSignature or nonRepudiation key usage)',
        { keyUsage: only.certificate.keyUsage },
      );
    }
    if (only.keyPairing === 'missing') {
      throw new YiKeyError(
        'key-not-found',
        'That certificate has no private key on the USBKEY, so it cannot sign',
      );
    }
    assertValidNow(only);
    return only;
  }
  const signing = readable.filter(canSign);
  // A renewed key often still holds the old, expired certificate: it is not a choice to offer.
  const usable = signing.filter(validNow);
  const [first] = usable;
  if (!first && signing[0]) assertValidNow(signing[0]);
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
