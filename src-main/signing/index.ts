export { contentDigest } from './content-digest';
export {
  createCadesDetachedSignature,
  type CreateCadesDetachedSignatureInput,
} from './create-cades-signature';
export { sha256DigestInfo } from './digest-info';
export { derEcdsaToRaw, ecdsaRawToDer } from './ecdsa-signature';
export { SignatureFormatError } from './signature-format-error';
export type { CmsSignatureProvider } from './signature-provider';
export {
  verifyCadesDetached,
  type CadesVerificationResult,
  type VerifyCadesDetachedInput,
} from './verify-cades-detached';
