// The token's public key (modulus/exponent, or EC parameters/point) as a SubjectPublicKeyInfo,
// the form a CRMF template and a certificate carry it in.
import {
  AsnConvert,
  AsnIntegerArrayBufferConverter,
  AsnParser,
  AsnProp,
  AsnPropTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { TokenPublicKey } from '../token/host-protocol';

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** RSAPublicKey (RFC 8017 A.1.1); declared here rather than adding @peculiar/asn1-rsa for two fields. */
class RSAPublicKey {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  public modulus = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  public publicExponent = new ArrayBuffer(0);

  public constructor(params: Partial<RSAPublicKey> = {}) {
    Object.assign(this, params);
  }
}

export function subjectPublicKeyInfo(key: TokenPublicKey): Uint8Array {
  if (key.type === 'RSA') {
    const rsa = new RSAPublicKey({
      modulus: positive(key.modulus),
      publicExponent: positive(key.publicExponent),
    });
    return new Uint8Array(
      AsnConvert.serialize(
        new SubjectPublicKeyInfo({
          algorithm: new AlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
          subjectPublicKey: AsnConvert.serialize(rsa),
        }),
      ),
    );
  }
  // CKA_EC_POINT is the DER OCTET STRING around the point (PKCS#11 2.40 §2.3.3).
  const point = AsnParser.parse(key.ecPoint, OctetString);
  return new Uint8Array(
    AsnConvert.serialize(
      new SubjectPublicKeyInfo({
        algorithm: new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters: copy(key.ecParams) }),
        subjectPublicKey: point.buffer,
      }),
    ),
  );
}

/** An INTEGER's content: a leading zero when the top bit is set (asn1-rsa takes the bytes as they are). */
function positive(bytes: Uint8Array): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return copy(trimmed[0]! & 0x80 ? new Uint8Array([0, ...trimmed]) : trimmed);
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}
