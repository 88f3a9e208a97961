// Parsing the signer certificate once, for both building and checking signatures.
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION, OID_SM2_CURVE } from './algorithm-ids';
import { ObjectIdentifierValue } from './object-identifier-value';

export interface SignerCertificate {
  der: Uint8Array;
  certificate: Certificate;
  keyType: 'RSA' | 'EC' | 'SM2' | 'other';
}

function isSm2Curve(parameters: ArrayBuffer | null | undefined): boolean {
  if (!parameters) return false;
  try {
    return AsnConvert.parse(parameters, ObjectIdentifierValue).value === OID_SM2_CURVE;
  } catch {
    return false;
  }
}

/** Throws on bytes that are not a certificate; callers decide which error that becomes. */
export function parseSignerCertificate(der: Uint8Array): SignerCertificate {
  const certificate = AsnConvert.parse(der, Certificate);
  const algorithm = certificate.tbsCertificate.subjectPublicKeyInfo.algorithm;
  let keyType: SignerCertificate['keyType'] = 'other';
  if (algorithm.algorithm === OID_RSA_ENCRYPTION) keyType = 'RSA';
  else if (algorithm.algorithm === OID_EC_PUBLIC_KEY)
    keyType = isSm2Curve(algorithm.parameters) ? 'SM2' : 'EC';
  // Some early Chinese CAs name the key algorithm by the SM2 OID itself instead of id-ecPublicKey.
  else if (algorithm.algorithm === OID_SM2_CURVE) keyType = 'SM2';
  return { der, certificate, keyType };
}

export function signerPublicKey(signer: SignerCertificate): KeyObject {
  const info = signer.certificate.tbsCertificate.subjectPublicKeyInfo;
  // An SM2 key named by the bare SM2 OID: OpenSSL reads it only as id-ecPublicKey on the SM2 curve.
  const spki =
    info.algorithm.algorithm === OID_SM2_CURVE
      ? AsnConvert.serialize(
          new SubjectPublicKeyInfo({
            algorithm: new AlgorithmIdentifier({
              algorithm: OID_EC_PUBLIC_KEY,
              parameters: AsnConvert.serialize(new ObjectIdentifierValue(OID_SM2_CURVE)),
            }),
            subjectPublicKey: info.subjectPublicKey,
          }),
        )
      : AsnConvert.serialize(info);
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}
