// Is the signer certificate issued, directly or through the certificates carried in the
// signature, by one the caller trusts? The path is built by certs/certificate-chain.ts (the same
// builder the holder's certificate view uses), judged at the signing time. The signer's own
// validity is reported separately by the verifier, so only the issuers' problems count here.
import { buildCertificateChain } from '../certs/certificate-chain';

export interface ChainCheck {
  chain: 'trusted' | 'untrusted';
  problems: string[];
}

export async function checkChain(
  signerDer: Uint8Array,
  embeddedDer: Uint8Array[],
  trustedDer: Uint8Array[],
  at: Date,
): Promise<ChainCheck> {
  const path = await buildCertificateChain({
    certificateDer: signerDer,
    trustedDer,
    candidateDer: embeddedDer,
    at,
  });
  if (path.problems.some((problem) => problem.code === 'chain-build-failed')) {
    return { chain: 'untrusted', problems: ['chain-build-failed'] };
  }
  if (path.anchorIndex === null) return { chain: 'untrusted', problems: ['chain-untrusted'] };

  const problems = new Set<string>();
  for (const { code, elementIndex } of path.problems) {
    if (elementIndex === 0) continue;
    if (code === 'issuer-not-ca') problems.add('issuer-not-ca');
    if (code === 'expired' || code === 'not-yet-valid') problems.add('issuer-not-valid-at-signing-time');
  }
  return { chain: problems.size === 0 ? 'trusted' : 'untrusted', problems: [...problems] };
}
