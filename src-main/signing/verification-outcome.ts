// The one verdict a holder reads from a signature check, in three outcomes:
//   valid        — the file is unchanged, the signature is correct, the signer's certificate was
//                  valid at the (claimed) signing time and chains to a CA the holder trusts;
//   not-verified — all of that holds except that nobody vouches for the signer: no trusted CA is
//                  configured, or the signer does not chain to one (a self-signed "张三" is that);
//   invalid      — something was checked and found wrong.
// Calling the middle case valid would let anyone with a home-made certificate pass as a doctor.

export type VerificationOutcome = 'valid' | 'not-verified' | 'invalid';

/** No trusted CA was given, so the signer's certificate was not checked against any. */
export const trustNotConfigured = 'trust-not-configured';

/** Problems that say "the signer is not vouched for", not "something is wrong with the signature". */
const signerNotVerifiedProblems = new Set([
  trustNotConfigured,
  'chain-untrusted',
  'chain-build-failed',
  'issuer-not-ca',
  'issuer-not-valid-at-signing-time',
]);

export function verificationOutcome(problems: readonly string[]): VerificationOutcome {
  if (problems.some((problem) => !signerNotVerifiedProblems.has(problem))) return 'invalid';
  return problems.length === 0 ? 'valid' : 'not-verified';
}
