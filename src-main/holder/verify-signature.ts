// Verifying a signature is a holder use case that needs no USBKEY and no PKCS#11 module: a door
// (the CLI's verify, a recipient without a key) calls this without starting a token host.
// HolderService.verify is the same check with the holder's trust store filled in.
import {
  verifyCadesDetached,
  type CadesVerificationResult,
  type VerifyCadesDetachedInput,
} from '../signing/verify-cades-detached';

export type { CadesVerificationResult as SignatureVerification } from '../signing/verify-cades-detached';
export type { VerificationOutcome } from '../signing/verification-outcome';

export function verifyDetachedSignature(input: VerifyCadesDetachedInput): Promise<CadesVerificationResult> {
  return verifyCadesDetached({ ...input, now: input.now ?? new Date() });
}
