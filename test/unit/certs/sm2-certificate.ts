// An SM2 certificate for parsing tests: built from @peculiar/asn1-x509 structures with a
// dummy public point and signature, since neither Node nor WebCrypto can make SM2 keys here.
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { ObjectIdentifierValue } from '../../../src-main/signing/object-identifier-value';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_SM2_CURVE = '1.2.156.10197.1.301';
const OID_SM2_WITH_SM3 = '1.2.156.10197.1.501';

function utf8Name(entries: [string, string][]): Name {
  return new Name(
    entries.map(
      ([type, value]) =>
        new RelativeDistinguishedName([
          new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
        ]),
    ),
  );
}

export function buildSm2Certificate(notBefore: Date, notAfter: Date): Uint8Array {
  const point = new Uint8Array(65).fill(0x11);
  point[0] = 0x04;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, 0x23, 0x45]).buffer,
    signature: new AlgorithmIdentifier({ algorithm: OID_SM2_WITH_SM3 }),
    issuer: utf8Name([
      ['2.5.4.6', 'CN'],
      ['2.5.4.10', '湖北省数字证书认证管理中心'],
      ['2.5.4.3', 'HBCA SM2'],
    ]),
    validity: new Validity({ notBefore, notAfter }),
    subject: utf8Name([
      ['2.5.4.6', 'CN'],
      ['2.5.4.10', '某某市第一人民医院'],
      ['2.5.4.3', '李四'],
    ]),
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: OID_EC_PUBLIC_KEY,
        parameters: AsnConvert.serialize(new ObjectIdentifierValue(OID_SM2_CURVE)),
      }),
      subjectPublicKey: point.buffer,
    }),
  });
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SM2_WITH_SM3 }),
    signatureValue: new Uint8Array(72).fill(0x22).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(certificate));
}
