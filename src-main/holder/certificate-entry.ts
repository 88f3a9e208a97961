// What the holder sees per certificate object on a key: the parsed certificate (or why it
// could not be read) and whether its private key is on the same key (paired by CKA_ID).
import type { CertificateDto } from '../certs/certificate-dto';
import { expiryStatus } from '../certs/expiry-status';
import { readCertificate } from '../certs/read-certificate';
import type { TokenSummary } from '../contract/token-types';
import type { CertificateObject, HostResult, PrivateKeyObject } from '../token/host-protocol';

/** 'unknown-until-login': private keys are hidden by the token until the PIN is entered. */
export type KeyPairing = 'paired' | 'missing' | 'unknown-until-login';

interface EntryBase {
  slotId: string;
  tokenLabel: string;
  tokenSerial: string;
  /** CKA_ID as hex. */
  objectId: string;
  objectLabel: string;
  keyPairing: KeyPairing;
}

export type CertificateEntry =
  | (EntryBase & { readable: true; certificate: CertificateDto })
  | (EntryBase & { readable: false; reason: string });

export interface KeyWithoutCertificate {
  slotId: string;
  tokenSerial: string;
  objectId: string;
  objectLabel: string;
  keyType: PrivateKeyObject['keyType'];
}

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
