// Checks certificates signed SM2-with-SM3, which @peculiar/x509 (WebCrypto underneath) cannot:
// e = SM3(Z ‖ TBSCertificate) with the issuer key's Z for the default ID, as GM/T 0015
// certificates are signed, and a small path builder that uses that check.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { sm2MessageDigest, sm2Z } from '../sm2/sm2-digest';
import { sm2PublicPoint } from '../sm2/sm2-public-key';
import { verifySm2DerSignature } from '../sm2/sm2-signature';
import type { X509Certificate } from './x509-runtime';

/** SM2-with-SM3 and the SM2-1 scheme identifier some CAs put in certificates. */
const sm2SignatureOids = new Set(['1.2.156.10197.1.501', '1.2.156.10197.1.301.1']);

/** Certificates asked about here are not CA-attacker-sized, but a loop must end. */
const maxPathLength = 8;

function parse(certificate: X509Certificate): Certificate {
  return AsnConvert.parse(certificate.rawData, Certificate);
}

export function isSm2Signed(certificate: X509Certificate): boolean {
  try {
    return sm2SignatureOids.has(parse(certificate).signatureAlgorithm.algorithm);
  } catch {
    return false;
  }
}

/** 'unsupported' when the issuer's key is not an SM2 key (then the signature cannot be SM2's). */
export function sm2SignedBy(
  certificate: X509Certificate,
  issuer: X509Certificate,
): 'ok' | 'bad' | 'unsupported' {
  let issuerKey: ReturnType<typeof sm2PublicPoint>;
  try {
    issuerKey = sm2PublicPoint(parse(issuer));
  } catch {
    return 'unsupported';
  }
  try {
    const parsed = parse(certificate);
    // The TBSCertificate exactly as signed: DER re-encodes to the same bytes (checked on entry
    // to signing; a certificate that does not is refused there and fails here).
    const tbs = new Uint8Array(AsnConvert.serialize(parsed.tbsCertificate));
    const e = sm2MessageDigest(sm2Z(issuerKey), tbs);
    return verifySm2DerSignature(e, new Uint8Array(parsed.signatureValue), issuerKey) ? 'ok' : 'bad';
  } catch {
    return 'bad';
  }
}

/**
 * From the certificate up through issuers whose SM2 signature verifies, stopping at a
 * self-signed certificate, a missing issuer or the length limit; the same shape
 * X509ChainBuilder returns.
 */
export function buildSm2Path(
  certificate: X509Certificate,
  candidates: X509Certificate[],
  accepts: (child: X509Certificate, issuer: X509Certificate) => boolean,
): X509Certificate[] {
  const path = [certificate];
  let current = certificate;
  while (path.length < maxPathLength && current.subject !== current.issuer) {
    const child = current;
    const issuer = candidates.find(
      (candidate) =>
        candidate.subject === child.issuer &&
        !path.some((element) => element.equal(candidate)) &&
        accepts(child, candidate) &&
        sm2SignedBy(child, candidate) === 'ok',
    );
    if (!issuer) break;
    path.push(issuer);
    current = issuer;
  }
  return path;
}
