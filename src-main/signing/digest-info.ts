// PKCS#11 CKM_RSA_PKCS only pads and encrypts: the caller must supply the DigestInfo that
// PKCS#1 v1.5 signing (RFC 8017 §9.2) would otherwise build around the hash.
import { AsnConvert, AsnProp, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { OID_SHA256 } from './algorithm-ids';

class DigestInfo {
  @AsnProp({ type: AlgorithmIdentifier })
  public digestAlgorithm = new AlgorithmIdentifier();

  @AsnProp({ type: OctetString })
  public digest = new OctetString();

  public constructor(params: Partial<DigestInfo> = {}) {
    Object.assign(this, params);
  }
}

/** DER DigestInfo { sha256 with NULL parameters (RFC 8017 note 1 of §9.2), digest }. */
export function sha256DigestInfo(digest: Uint8Array): Uint8Array {
  if (digest.byteLength !== 32) {
    throw new RangeError(`a SHA-256 digest is 32 bytes, got ${digest.byteLength}`);
  }
  const info = new DigestInfo({
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256, parameters: null }),
    digest: new OctetString(Uint8Array.from(digest)),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}
