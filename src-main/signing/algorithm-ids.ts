// Object identifiers used by the CMS/CAdES code, and the Node hash names they map to.

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_SM2_CURVE = '1.2.156.10197.1.301';
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** GM/T 0006 SM3 hash, SM2-with-SM3 signature, and the SM2-1 signature scheme GM/T 0010 names. */
export const OID_SM3 = '1.2.156.10197.1.401';
export const OID_SM2_WITH_SM3 = '1.2.156.10197.1.501';
export const OID_SM2_SIGN = '1.2.156.10197.1.301.1';
/** GB/T 35275 (GM/T 0010) content types: data and signedData. */
export const OID_GMT0010_DATA = '1.2.156.10197.6.1.4.2.1';
export const OID_GMT0010_SIGNED_DATA = '1.2.156.10197.6.1.4.2.2';
/** RFC 5035 id-aa-signingCertificateV2 (id-smime-aa-signingCertificateV2). */
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

export type HashName = 'sha256' | 'sha384' | 'sha512' | 'sm3';

export const hashNameByOid: Readonly<Record<string, HashName>> = {
  [OID_SM3]: 'sm3',
  [OID_SHA256]: 'sha256',
  [OID_SHA384]: 'sha384',
  [OID_SHA512]: 'sha512',
};

/**
 * Signature algorithms accepted in a SignerInfo. CMS allows the bare key algorithm
 * (rsaEncryption) with the hash taken from digestAlgorithm, or a combined identifier.
 */
export const signatureAlgorithmByOid: Readonly<
  Record<string, { key: 'RSA' | 'EC' | 'SM2'; hash: HashName | null }>
> = {
  [OID_RSA_ENCRYPTION]: { key: 'RSA', hash: null },
  '1.2.840.113549.1.1.11': { key: 'RSA', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'RSA', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'RSA', hash: 'sha512' },
  [OID_ECDSA_WITH_SHA256]: { key: 'EC', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'EC', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'EC', hash: 'sha512' },
  // SM2 always signs SM3(Z ‖ M); the bare curve OID occurs too, like rsaEncryption.
  [OID_SM2_WITH_SM3]: { key: 'SM2', hash: 'sm3' },
  [OID_SM2_SIGN]: { key: 'SM2', hash: 'sm3' },
  [OID_SM2_CURVE]: { key: 'SM2', hash: 'sm3' },
};
