// Classifies a SubjectPublicKeyInfo by its OIDs alone, so keys that WebCrypto cannot import
// (SM2, unusual curves) are still described instead of failing the whole certificate.
import type { CertificateView } from '../contract/holder-api-schemas';
import { createPublicKey } from 'node:crypto';
import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { namedCurves, OID_EC_PUBLIC_KEY, OID_ED25519, OID_RSA_ENCRYPTION, OID_SM2_CURVE } from './oid-names';

export type KeyAlgorithm = CertificateView['keyAlgorithm'];

export interface PublicKeyDescription {
  keyAlgorithm: KeyAlgorithm;
  keyAlgorithmOid: string;
  /** Modulus bits for RSA, curve bits for EC/SM2/Ed25519; null when unknown. */
  keySize: number | null;
  /** 'P-256', 'SM2', … or the curve OID; null for non-EC keys. */
  namedCurve: string | null;
}

/** RFC 5480 ECParameters; only the namedCurve alternative occurs in practice (RFC 5480 §2.1.1). */
@AsnType({ type: AsnTypeTypes.Choice })
class EcNamedCurveParameters {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  public namedCurve?: string;
}

function curveOid(parameters: ArrayBuffer | null | undefined): string | null {
  if (!parameters) return null;
  try {
    return AsnConvert.parse(parameters, EcNamedCurveParameters).namedCurve ?? null;
  } catch {
    return null; // explicit curve parameters: not something a health-sector token issues
  }
}

function rsaModulusBits(spkiDer: Uint8Array): number | null {
  try {
    return (
      createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }).asymmetricKeyDetails
        ?.modulusLength ?? null
    );
  } catch {
    return null;
  }
}

export function describePublicKey(spkiDer: Uint8Array): PublicKeyDescription {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const oid = spki.algorithm.algorithm;
  switch (oid) {
    case OID_RSA_ENCRYPTION:
      return {
        keyAlgorithm: 'RSA',
        keyAlgorithmOid: oid,
        keySize: rsaModulusBits(spkiDer),
        namedCurve: null,
      };
    case OID_EC_PUBLIC_KEY: {
      const curve = curveOid(spki.algorithm.parameters);
      const known = curve ? namedCurves[curve] : undefined;
      return {
        keyAlgorithm: curve === OID_SM2_CURVE ? 'SM2' : 'EC',
        keyAlgorithmOid: oid,
        keySize: known?.bits ?? null,
        namedCurve: known?.name ?? curve,
      };
    }
    // Some early Chinese CAs name the key algorithm by the SM2 OID itself instead of id-ecPublicKey.
    case OID_SM2_CURVE:
      return { keyAlgorithm: 'SM2', keyAlgorithmOid: oid, keySize: 256, namedCurve: 'SM2' };
    case OID_ED25519:
      return { keyAlgorithm: 'Ed25519', keyAlgorithmOid: oid, keySize: 256, namedCurve: 'Ed25519' };
    default:
      return { keyAlgorithm: 'unknown', keyAlgorithmOid: oid, keySize: null, namedCurve: null };
  }
}
