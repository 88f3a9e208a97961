/**
 * Whatever holds the private key (a USBKEY behind PKCS#11, in another process) signs the
 * SHA-256 of the DER SET OF signed attributes. For RSA it returns the PKCS#1 v1.5 signature
 * (CKM_RSA_PKCS over sha256DigestInfo(digest)); for EC the DER ECDSA-Sig-Value
 * (CKM_ECDSA output passed through ecdsaRawToDer).
 */
export interface CmsSignatureProvider {
  keyAlgorithm: 'RSA' | 'EC';
  sign(signedAttributesDigest: Uint8Array): Promise<Uint8Array>;
}
