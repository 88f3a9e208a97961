// Trust anchors as an EMR server has them: PEM text (one or many certificates) or DER bytes.
import { pemToDerAll } from '../certs/pem';

export type TrustedCaInput = string | Uint8Array;

export function trustedCaDer(trustedCAs: readonly TrustedCaInput[]): Uint8Array[] {
  return trustedCAs.flatMap((entry) => (typeof entry === 'string' ? pemToDerAll(entry) : [entry]));
}
