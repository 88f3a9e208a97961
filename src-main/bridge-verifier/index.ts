// The YiKey bridge verifier for EMR servers (Node): check a login answer and record signatures.
export { createNonceStore, type NonceStore, type NonceStoreOptions } from './nonce-store';
export type { TrustedCaInput } from './trusted-cas';
export {
  verificationFailureCodes,
  type LoginVerified,
  type SignatureVerified,
  type VerificationFailure,
  type VerificationFailureCode,
} from './verification-result';
export { verifyLogin, type LoginAnswerInput, type VerifyLoginOptions } from './verify-login';
export { verifySignature, type SignedData, type VerifySignatureOptions } from './verify-signature';
