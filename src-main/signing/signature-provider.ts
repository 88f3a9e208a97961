/** What an SM2 signature signs, for a token that hashes SM3(Z ‖ M) itself. */
export interface Sm2SigningInput {
  /** Z of the certificate's key with the default ID (GM/T 0009 §10). */
  z: Uint8Array;
  /** The bytes signed: the DER SET OF signed attributes, or the content itself. */
  message: Uint8Array;
}

/**
 * Whatever holds the private key (a USBKEY behind PKCS#11, in another process) signs what CMS
 * asks for. RSA: the SHA-256 of the to-be-signed bytes; returns the PKCS#1 v1.5 signature
 * (CKM_RSA_PKCS over sha256DigestInfo(digest)). EC: the same SHA-256; returns the DER
 * ECDSA-Sig-Value (CKM_ECDSA output passed through ecdsaRawToDer). SM2: e = SM3(Z ‖ M), with Z
 * and M alongside for tokens that can only hash themselves; returns DER SEQUENCE { r, s }.
 */
export interface CmsSignatureProvider {
  keyAlgorithm: 'RSA' | 'EC' | 'SM2';
  sign(digest: Uint8Array, sm2Input?: Sm2SigningInput): Promise<Uint8Array>;
}
