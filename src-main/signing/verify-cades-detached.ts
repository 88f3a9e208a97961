// Checks a detached CAdES-BES signature against the document and, when given, a trust store.
// The result is plain data for the UI/CLI: `outcome` is the verdict (verification-outcome.ts);
// `valid` is true only when it is 'valid', which is exactly when `problems` is empty.
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectKeyIdentifier, id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';
import { createHash, verify } from 'node:crypto';
import { describeCertificate, type CertificateDto } from '../certs/certificate-dto';
import { hashNameByOid, signatureAlgorithmByOid } from './algorithm-ids';
import { checkChain } from './chain-trust';
import { trustNotConfigured, verificationOutcome, type VerificationOutcome } from './verification-outcome';
import { parseCadesSignature } from './parse-cades-signature';
import { SignatureFormatError } from './signature-format-error';
import type { VerifiableSignerInfo as SignerInfo } from './verifiable-signed-data';
import { readSignedAttributeValues } from './signed-attribute-values';
import { parseSignerCertificate, signerPublicKey, type SignerCertificate } from './signer-certificate';
import { signingCertificateMatches } from './signing-certificate-match';
import type { Sm2Point } from '../sm2/sm2-curve';
import { sm2MessageDigest, sm2Z } from '../sm2/sm2-digest';
import { sm2PublicPoint } from '../sm2/sm2-public-key';
import { verifySm2DerSignature } from '../sm2/sm2-signature';

export interface VerifyCadesDetachedInput {
  /** The signed bytes; or, for a signature made over a digest only, leave it out and give contentDigest. */
  content?: Uint8Array;
  /** The digest that was signed (same algorithm as the signature's), when the content is not at hand. */
  contentDigest?: Uint8Array;
  signature: Uint8Array;
  /**
   * Trust anchors (and intermediates). Omitted: the chain is 'not-checked'; []: nothing is trusted.
   * Either way the outcome is at best 'not-verified': the signer is vouched for only by a trusted CA.
   */
  trustedCertificatesDer?: Uint8Array[];
  /** Clock for the signer DTO's expiry status, and for validity when signing-time is absent. */
  now?: Date;
}

export interface CadesVerificationResult {
  outcome: VerificationOutcome;
  /** outcome === 'valid'. */
  valid: boolean;
  integrity: 'ok' | 'content-changed' | 'signature-invalid';
  signer: CertificateDto;
  /** The signer's claimed signing time: its own computer's clock, not a trusted timestamp. */
  signingTime: string | null;
  certificateValidAtSigningTime: boolean;
  signingCertificateMatches: boolean;
  chain: 'trusted' | 'untrusted' | 'not-checked';
  /** Stable kebab-case codes (trust-not-configured when no trust store was given); empty exactly when valid. */
  problems: string[];
}

function sameBytes(left: ArrayBuffer, right: ArrayBuffer): boolean {
  return Buffer.from(left).equals(Buffer.from(right));
}

function isSigner(signerInfo: SignerInfo, candidate: SignerCertificate): boolean {
  const tbs = candidate.certificate.tbsCertificate;
  const { issuerAndSerialNumber, subjectKeyIdentifier } = signerInfo.sid;
  if (issuerAndSerialNumber) {
    return (
      sameBytes(issuerAndSerialNumber.serialNumber, tbs.serialNumber) &&
      sameBytes(AsnConvert.serialize(issuerAndSerialNumber.issuer), AsnConvert.serialize(tbs.issuer))
    );
  }
  const extension = tbs.extensions?.find((entry) => entry.extnID === id_ce_subjectKeyIdentifier);
  if (!subjectKeyIdentifier || !extension) return false;
  const keyId = AsnConvert.parse(extension.extnValue, SubjectKeyIdentifier);
  return sameBytes(keyId.buffer, subjectKeyIdentifier.buffer);
}

function findSigner(signerInfo: SignerInfo, certificatesDer: Uint8Array[]): SignerCertificate {
  for (const der of certificatesDer) {
    try {
      const candidate = parseSignerCertificate(der);
      if (isSigner(signerInfo, candidate)) return candidate;
    } catch {
      // An unreadable extra certificate does not stop us finding the signer's.
    }
  }
  throw new SignatureFormatError('signature does not include the signer certificate');
}

/** 'unsupported' when the algorithm pair is not one we can check. */
function checkSignatureValue(
  signerInfo: SignerInfo,
  signer: SignerCertificate,
  signedBytes: Uint8Array,
): 'ok' | 'invalid' | 'unsupported' {
  const algorithm = signatureAlgorithmByOid[signerInfo.signatureAlgorithm.algorithm];
  const hash = algorithm?.hash ?? hashNameByOid[signerInfo.digestAlgorithm.algorithm];
  if (!algorithm || !hash || algorithm.key !== signer.keyType) return 'unsupported';
  const signature = new Uint8Array(signerInfo.signature.buffer);
  if (algorithm.key === 'SM2') {
    // SM3(Z ‖ M) with the default ID, which GB/T 35275 prescribes and Chinese CAs use.
    let publicKey: Sm2Point;
    try {
      publicKey = sm2PublicPoint(signer.certificate);
    } catch {
      return 'invalid';
    }
    const e = sm2MessageDigest(sm2Z(publicKey), signedBytes);
    return verifySm2DerSignature(e, signature, publicKey) ? 'ok' : 'invalid';
  }
  const publicKey = signerPublicKey(signer);
  const key = algorithm.key === 'EC' ? { key: publicKey, dsaEncoding: 'der' as const } : publicKey;
  try {
    return verify(hash, signedBytes, key, signature) ? 'ok' : 'invalid';
  } catch {
    return 'invalid'; // e.g. an ECDSA value that is not DER: a bad signature, not a bad file
  }
}

function digestOf(input: VerifyCadesDetachedInput, hash: string): Buffer {
  return input.contentDigest
    ? Buffer.from(input.contentDigest)
    : createHash(hash).update(input.content!).digest();
}

export async function verifyCadesDetached(input: VerifyCadesDetachedInput): Promise<CadesVerificationResult> {
  if ((input.content === undefined) === (input.contentDigest === undefined)) {
    throw new TypeError('verifyCadesDetached: give either the content or its digest');
  }
  const now = input.now ?? new Date();
  const parsed = parseCadesSignature(input.signature);
  const { signerInfo } = parsed;
  const signer = findSigner(signerInfo, parsed.certificatesDer);
  const attributes = readSignedAttributeValues(signerInfo.signedAttrs ?? []);
  const problems: string[] = [];
  if (parsed.signerCount > 1) problems.push('multiple-signers');
  if (attributes.duplicated) problems.push('duplicate-signed-attribute');

  let integrity: CadesVerificationResult['integrity'] = 'ok';
  // Without signed attributes the signature covers the content itself (CFCA-style PKCS#7): a
  // changed file then shows as a signature that does not verify (the two cannot be told apart).
  const withAttributes = parsed.signedAttributesDer !== null;
  const signedBytes = parsed.signedAttributesDer ?? input.content;
  if (signedBytes === undefined)
    throw new TypeError(
      'verifyCadesDetached: a signature without signed attributes needs the content, not its digest',
    );
  const signatureCheck = checkSignatureValue(signerInfo, signer, signedBytes);
  const digestHash = hashNameByOid[signerInfo.digestAlgorithm.algorithm];
  if (signatureCheck !== 'ok') {
    integrity = 'signature-invalid';
    problems.push(signatureCheck === 'unsupported' ? 'unsupported-signature-algorithm' : 'signature-invalid');
  } else if (!withAttributes) {
    // Nothing more to compare: the signature itself covers the content.
  } else if (!digestHash) {
    integrity = 'signature-invalid';
    problems.push('unsupported-digest-algorithm');
  } else if (!attributes.messageDigest) {
    integrity = 'signature-invalid';
    problems.push('message-digest-missing');
  } else if (!digestOf(input, digestHash).equals(attributes.messageDigest)) {
    integrity = 'content-changed';
    problems.push('content-changed');
  }
  if (withAttributes && attributes.contentType === null) problems.push('content-type-missing');
  else if (withAttributes && attributes.contentType !== parsed.eContentType)
    problems.push('content-type-mismatch');

  const signerDto = describeCertificate(signer.der, { now });
  // A signature without signed attributes claims no signing time: validity is judged now.
  if (withAttributes && !attributes.signingTime) problems.push('signing-time-missing');
  const validityAt = attributes.signingTime ?? now;
  const certificateValidAtSigningTime =
    validityAt >= new Date(signerDto.notBefore) && validityAt <= new Date(signerDto.notAfter);
  if (!certificateValidAtSigningTime) problems.push('certificate-not-valid-at-signing-time');

  const certificateMatches = attributes.signingCertificateV2
    ? signingCertificateMatches(attributes.signingCertificateV2, signer.der, signer.certificate)
    : false;
  if (!attributes.signingCertificateV2) {
    if (withAttributes) problems.push('signing-certificate-missing');
  } else if (!certificateMatches) problems.push('signing-certificate-mismatch');

  let chain: CadesVerificationResult['chain'] = 'not-checked';
  if (input.trustedCertificatesDer) {
    const checked = await checkChain(
      signer.der,
      parsed.certificatesDer,
      input.trustedCertificatesDer,
      validityAt,
    );
    chain = checked.chain;
    problems.push(...checked.problems);
  } else {
    problems.push(trustNotConfigured);
  }

  const outcome = verificationOutcome(problems);
  return {
    outcome,
    valid: outcome === 'valid',
    integrity,
    signer: signerDto,
    signingTime: attributes.signingTime?.toISOString() ?? null,
    certificateValidAtSigningTime,
    signingCertificateMatches: certificateMatches,
    chain,
    problems,
  };
}
