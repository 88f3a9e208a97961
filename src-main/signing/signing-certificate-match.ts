// Does the ESS signing-certificate-v2 attribute name this certificate? Checks the hash and,
// when present, issuer and serial (RFC 5035 §4: the first ESSCertIDv2 is the signer's).
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { createHash } from 'node:crypto';
import { hashNameByOid } from './algorithm-ids';
import type { SigningCertificateV2 } from './signing-certificate-v2';

function sameBytes(left: ArrayBuffer | Uint8Array, right: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(left instanceof Uint8Array ? left : new Uint8Array(left)).equals(
    Buffer.from(right instanceof Uint8Array ? right : new Uint8Array(right)),
  );
}

export function signingCertificateMatches(
  attribute: SigningCertificateV2,
  certificateDer: Uint8Array,
  certificate: Certificate,
): boolean {
  const certId = attribute.certs[0];
  if (!certId) return false;
  const hashName = certId.hashAlgorithm ? hashNameByOid[certId.hashAlgorithm.algorithm] : 'sha256';
  if (!hashName) return false;
  const actualHash = createHash(hashName).update(certificateDer).digest();
  if (!sameBytes(certId.certHash.buffer, actualHash)) return false;
  if (!certId.issuerSerial) return true;
  const issuerDer = AsnConvert.serialize(certificate.tbsCertificate.issuer);
  const issuerMatches = certId.issuerSerial.issuer.some(
    (name) =>
      name.directoryName !== undefined && sameBytes(AsnConvert.serialize(name.directoryName), issuerDer),
  );
  return (
    issuerMatches && sameBytes(certId.issuerSerial.serialNumber, certificate.tbsCertificate.serialNumber)
  );
}
