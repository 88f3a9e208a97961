// The certification path of one certificate, as far as it can be built from a trust store and
// other certificates at hand (the same USBKEY, or those carried in a signature), with a verdict
// the holder can read. Issuer search and signature checks are @peculiar/x509's
// X509ChainBuilder, and for SM2-with-SM3 certificates our own (sm2-certificate-signature.ts);
// this module adds why a path stops (no issuer, a signature that does not
// verify, a root nobody trusts) and whether each element is within its validity at `at`.
// signing/chain-trust.ts uses it too, so a path is built one way everywhere.
import type { ChainElementView, ChainStatusView } from '../contract/holder-api-schemas';
import { describeName } from './distinguished-name';
import { sha256Fingerprint } from './fingerprint';
import { buildSm2Path, isSm2Signed, sm2SignedBy } from './sm2-certificate-signature';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509ChainBuilder,
} from './x509-runtime';

export type ChainStatus = ChainStatusView;
export type ChainElementStatus = ChainElementView['status'];

export type ChainProblemCode =
  /** The issuer of the last element is in neither the trust store nor the other certificates. */
  | 'issuer-not-found'
  /** The path ends at a self-signed certificate that is not in the trust store. */
  | 'root-not-trusted'
  /** A certificate names an issuer we have, but the issuer's key does not verify its signature. */
  | 'signature-invalid'
  /** The signature algorithm cannot be checked here (e.g. Ed448): the path stops. */
  | 'signature-unsupported'
  | 'expired'
  | 'not-yet-valid'
  | 'issuer-not-ca'
  /** The builder gave up (a loop of cross-certificates, or an unreadable signature). */
  | 'chain-build-failed';

export interface ChainProblem {
  code: ChainProblemCode;
  /** The element the problem is about (0 = the certificate asked about). */
  elementIndex: number;
}

/** The wire shape, declared once in the contract (chainElementViewSchema). */
export type ChainElement = ChainElementView;

export interface CertificateChain {
  status: ChainStatus;
  /** From the certificate asked about up to the last issuer found. */
  elements: ChainElement[];
  /** Index of the first trust-store element, or null when the path reaches none. */
  anchorIndex: number | null;
  problems: ChainProblem[];
}

export interface BuildChainInput {
  certificateDer: Uint8Array;
  /** The trust store: provincial CA roots and intermediates. */
  trustedDer: Uint8Array[];
  /** Other certificates that may be issuers but are not trusted by being here. */
  candidateDer: Uint8Array[];
  /** When validity is judged: now for the holder's view, the signing time for a signature. */
  at: Date;
}

type SignatureCheck = 'ok' | 'bad' | 'unsupported';

function parseTrusted(der: Uint8Array, index: number): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    // A bad trust store is the caller's bug (files are checked on load); say which entry.
    throw new RangeError(`trustedDer[${index}] is not a DER X.509 certificate`, { cause: error });
  }
}

function parseLeniently(ders: Uint8Array[]): X509Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      // An unreadable object on the key or in a signature is simply not a candidate issuer.
      return [];
    }
  });
}

async function signedBy(certificate: X509Certificate, issuer: X509Certificate): Promise<SignatureCheck> {
  if (isSm2Signed(certificate)) return sm2SignedBy(certificate, issuer);
  try {
    // The signatureAlgorithm getter throws for algorithms WebCrypto does not know (SM2).
    const algorithm = { ...issuer.publicKey.algorithm, ...certificate.signatureAlgorithm };
    const publicKey = await issuer.publicKey.export(algorithm, ['verify']);
    return (await certificate.verify({ publicKey, signatureOnly: true })) ? 'ok' : 'bad';
  } catch {
    return 'unsupported';
  }
}

function keyIdentifierMismatch(certificate: X509Certificate, issuer: X509Certificate): boolean {
  // Same name, other key (a CA that re-keyed): a different issuer, not a forged signature.
  const authorityKeyId = certificate.getExtension(AuthorityKeyIdentifierExtension);
  const subjectKeyId = issuer.getExtension(SubjectKeyIdentifierExtension);
  return Boolean(authorityKeyId?.keyId && subjectKeyId?.keyId && authorityKeyId.keyId !== subjectKeyId.keyId);
}

/** Why the builder stopped below a trust anchor. */
async function whyPathEnds(
  last: X509Certificate,
  lastIndex: number,
  candidates: X509Certificate[],
): Promise<ChainProblem> {
  const at = (code: ChainProblemCode): ChainProblem => ({ code, elementIndex: lastIndex });
  if (last.subject === last.issuer) {
    const self = await signedBy(last, last);
    return at(
      self === 'ok' ? 'root-not-trusted' : self === 'bad' ? 'signature-invalid' : 'signature-unsupported',
    );
  }
  const namedIssuers = candidates.filter(
    (candidate) => candidate.subject === last.issuer && !keyIdentifierMismatch(last, candidate),
  );
  const checks = await Promise.all(namedIssuers.map((issuer) => signedBy(last, issuer)));
  if (checks.includes('bad')) return at('signature-invalid');
  if (checks.includes('unsupported')) return at('signature-unsupported');
  return at('issuer-not-found');
}

function elementStatus(certificate: X509Certificate, at: Date): ChainElementStatus {
  // RFC 5280 validity includes both ends.
  if (at < certificate.notBefore) return 'not-yet-valid';
  if (at > certificate.notAfter) return 'expired';
  return 'valid';
}

function describeElement(certificate: X509Certificate, at: Date, trusted: Set<string>): ChainElement {
  const fingerprint = sha256Fingerprint(new Uint8Array(certificate.rawData));
  return {
    subject: describeName(certificate.subjectName),
    issuerDn: describeName(certificate.issuerName).dn,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    status: elementStatus(certificate, at),
    sha256Fingerprint: fingerprint,
    isCa: certificate.getExtension(BasicConstraintsExtension)?.ca === true,
    isTrustAnchor: trusted.has(fingerprint),
  };
}

const invalidating: ReadonlySet<ChainProblemCode> = new Set([
  'signature-invalid',
  'expired',
  'not-yet-valid',
  'issuer-not-ca',
]);

/**
 * Never rejects for a bad path (that is the answer); throws only when `certificateDer` or a
 * trust-store entry is not a certificate. Precedence: any invalidating problem → 'invalid';
 * else reaching the trust store → 'trusted'; else a self-signed end → 'untrusted'; else
 * 'incomplete'.
 */
export async function buildCertificateChain(input: BuildChainInput): Promise<CertificateChain> {
  const certificate = new X509Certificate(input.certificateDer);
  const trusted = input.trustedDer.map(parseTrusted);
  const trustedFingerprints = new Set(input.trustedDer.map(sha256Fingerprint));
  const candidates = [...trusted, ...parseLeniently(input.candidateDer)];
  const problems: ChainProblem[] = [];
  let path: X509Certificate[];
  try {
    path = isSm2Signed(certificate)
      ? buildSm2Path(certificate, candidates, (child, issuer) => !keyIdentifierMismatch(child, issuer))
      : [...(await new X509ChainBuilder({ certificates: candidates }).build(certificate))];
  } catch {
    path = [certificate];
    problems.push({ code: 'chain-build-failed', elementIndex: 0 });
  }
  const elements = path.map((element) => describeElement(element, input.at, trustedFingerprints));
  const anchor = elements.findIndex((element) => element.isTrustAnchor);
  const anchorIndex = anchor < 0 ? null : anchor;
  if (anchorIndex === null && problems.length === 0) {
    problems.push(await whyPathEnds(path[path.length - 1]!, path.length - 1, candidates));
  }
  // Above the anchor nothing matters for trust; below it (or everywhere without one) it all does.
  const judged = elements.slice(0, anchorIndex === null ? elements.length : anchorIndex + 1);
  judged.forEach((element, index) => {
    if (element.status !== 'valid') problems.push({ code: element.status, elementIndex: index });
    if (index > 0 && !element.isCa) problems.push({ code: 'issuer-not-ca', elementIndex: index });
  });

  let status: ChainStatus;
  if (problems.some((problem) => invalidating.has(problem.code))) status = 'invalid';
  else if (anchorIndex !== null) status = 'trusted';
  else if (problems.some((problem) => problem.code === 'root-not-trusted')) status = 'untrusted';
  else status = 'incomplete';
  return { status, elements, anchorIndex, problems };
}
