// What the holder sees per certificate object on a key: the parsed certificate (or why it
// could not be read) and whether its private key is on the same key (paired by CKA_ID).
import { expiryStatus } from '../certs/expiry-status';
import { readCertificate } from '../certs/read-certificate';
import type { CertificateEntryView, KeyWithoutCertificateView } from '../contract/holder-api-schemas';
import type { TokenSummary } from '../contract/token-types';
import type { CertificateObject, HostResult } from '../token/host-protocol';

/** The wire shapes, declared once in the contract. 'unknown-until-login': private keys are
 *  hidden by the token until the PIN is entered. */
export type KeyPairing = CertificateEntryView['keyPairing'];
export type CertificateEntry = CertificateEntryView;
export type KeyWithoutCertificate = KeyWithoutCertificateView;
type EntryBase = Omit<CertificateEntry & { readable: false }, 'readable' | 'reason'>;

export interface TokenContents {
  entries: CertificateEntry[];
  keysWithoutCertificate: KeyWithoutCertificate[];
  /** DER per certificate fingerprint, kept out of the JSON-facing entries. */
  derByFingerprint: Map<string, Uint8Array>;
}

export function pairObjects(
  token: TokenSummary,
  objects: HostResult<'listObjects'>,
  options: { now: Date; renewalWindowDays: number },
): TokenContents {
  const keyIds = new Set(objects.privateKeys.map((key) => key.id).filter((id) => id !== ''));
  const pairing = (certificate: CertificateObject): KeyPairing => {
    if (certificate.id !== '' && keyIds.has(certificate.id)) return 'paired';
    return token.loggedIn ? 'missing' : 'unknown-until-login';
  };
  const derByFingerprint = new Map<string, Uint8Array>();
  const entries = objects.certificates.map((object): CertificateEntry => {
    const base: EntryBase = {
      slotId: token.slotId,
      tokenLabel: token.label,
      tokenSerial: token.serial,
      objectId: object.id,
      objectLabel: object.label,
      keyPairing: pairing(object),
    };
    const parsed = readCertificate(object.value, options);
    if (!parsed.ok) return { ...base, readable: false, reason: parsed.reason };
    derByFingerprint.set(parsed.certificate.sha256Fingerprint, object.value);
    return { ...base, readable: true, certificate: parsed.certificate };
  });
  const certificateIds = new Set(objects.certificates.map((certificate) => certificate.id));
  const keysWithoutCertificate = objects.privateKeys
    .filter((key) => key.id === '' || !certificateIds.has(key.id))
    .map((key) => ({
      slotId: token.slotId,
      tokenSerial: token.serial,
      objectId: key.id,
      objectLabel: key.label,
      keyType: key.keyType,
    }));
  return { entries, keysWithoutCertificate, derByFingerprint };
}

/** The entry with its expiry status judged at `now` (listings are cached; time and settings move on). */
export function withExpiryAt(
  entry: CertificateEntry,
  now: Date,
  renewalWindowDays: number,
): CertificateEntry {
  if (!entry.readable) return entry;
  const { notBefore, notAfter } = entry.certificate;
  const expiry = expiryStatus(
    { notBefore: new Date(notBefore), notAfter: new Date(notAfter) },
    now,
    renewalWindowDays,
  );
  return { ...entry, certificate: { ...entry.certificate, ...expiry } };
}
