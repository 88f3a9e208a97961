// Object identifiers of the CMP profile (docs/cmp-profile.md).
import * as asn1js from 'asn1js';

/** PasswordBasedMac (RFC 4210 §5.1.3.1). */
export const OID_PASSWORD_BASED_MAC = '1.2.840.113533.7.66.13';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_HMAC_WITH_SHA256 = '1.2.840.113549.2.9';
export const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** SM2-with-SM3 (GM/T 0006, GB/T 35276): e = SM3(Z ‖ M) with the default user ID, DER r, s. */
export const OID_SM2_WITH_SM3 = '1.2.156.10197.1.501';
/** id-regCtrl-oldCertID (RFC 4211 §6.5): the certificate a kur replaces. */
export const OID_REG_CTRL_OLD_CERT_ID = '1.3.6.1.5.5.7.5.1.5';
/** id-it-implicitConfirm (RFC 4210 §5.1.1.1). */
export const OID_IT_IMPLICIT_CONFIRM = '1.3.6.1.5.5.7.4.13';
/** id-ce-cRLReasons. */
export const OID_CRL_REASON = '2.5.29.21';
/**
 * YiKey's own arc, minted under 2.25 (ITU-T X.667) from UUID
 * 9017020f-ba6e-4430-88d2-e549b4f839b7 on 2026-11-30 (docs/cmp-profile.md).
 */
export const OID_YIKEY_ARC = '2.25.191528296031713347434061867198562449847';
/** InfoTypeAndValue in genm/genp for PIN unlock (value: docs/cmp-profile.md §PIN unlock). */
export const OID_IT_YIKEY_PIN_UNLOCK = `${OID_YIKEY_ARC}.1`;
/**
 * InfoTypeAndValue in the generalInfo of a waiting answer (kup/pollRep): the review stage as a
 * UTF8String — submitted, unit-review, center-review, issuing.
 */
export const OID_IT_YIKEY_REQUEST_STAGE = `${OID_YIKEY_ARC}.2`;

/** Hash algorithms the one-way function of PBM and the MAC may name, by OID. */
export const hashByOid: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.14.3.2.26': 'sha1',
  [OID_SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** MAC algorithms accepted in PBMParameter.mac (OpenSSL sends hmac-sha1 by default). */
export const hmacByOid: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  '1.3.6.1.5.5.8.1.2': 'sha1',
  '1.2.840.113549.2.7': 'sha1',
  [OID_HMAC_WITH_SHA256]: 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** Signature algorithms accepted for signature-based protection and POP. */
export const signatureAlgorithmByOid: Readonly<
  Record<string, { key: 'RSA' | 'EC' | 'SM2'; hash: 'sha256' | 'sha384' | 'sha512' | 'sm3' }>
> = {
  [OID_SHA256_WITH_RSA]: { key: 'RSA', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'RSA', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'RSA', hash: 'sha512' },
  [OID_ECDSA_WITH_SHA256]: { key: 'EC', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'EC', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'EC', hash: 'sha512' },
  [OID_SM2_WITH_SM3]: { key: 'SM2', hash: 'sm3' },
};

/**
 * OIDs compared after decoding: asn1js reads an arc above 2^53 (ours, from a UUID) back as
 * "{hex}", so an OID is compared both as written and as asn1js renders it after a round trip.
 */
export function sameObjectIdentifier(received: string, expected: string): boolean {
  if (received === expected) return true;
  const encoded = new asn1js.ObjectIdentifier({ value: expected }).toBER(false);
  const decoded = asn1js.fromBER(encoded).result;
  return decoded instanceof asn1js.ObjectIdentifier && decoded.valueBlock.toString() === received;
}
