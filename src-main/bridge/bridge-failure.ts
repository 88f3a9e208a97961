// A bridge call that ends with one of the protocol's stable codes, and the one place where the
// façade's error codes become the page's. A page learns the kind of failure, never our internals.
import type { BridgeErrorCode } from '../contract/bridge-wire';
import { YiKeyError } from '../contract/yikey-error';

export class BridgeFailure extends Error {
  override name = 'BridgeFailure';
  constructor(
    readonly code: BridgeErrorCode,
    detail: string = code,
    /** Told to the page instead of the code's general message, when the page can act on it. */
    readonly pageMessage?: string,
  ) {
    super(detail);
  }
}

/** The page's code for whatever a bridge call threw. */
export function bridgeCodeOf(error: unknown): BridgeErrorCode {
  if (error instanceof BridgeFailure) return error.code;
  if (!(error instanceof YiKeyError)) return 'internal';
  switch (error.code) {
    case 'token-removed':
      return 'key-removed';
    case 'token-not-present':
    case 'token-not-found':
    case 'certificate-not-found':
    case 'key-not-found':
      return 'key-absent';
    case 'pin-locked':
      return 'pin-locked';
    case 'certificate-expired':
      return 'certificate-expired';
    case 'certificate-not-yet-valid':
      return 'certificate-not-yet-valid';
    // The page named a certificate that is not unique, or none while several can sign.
    case 'certificate-ambiguous':
    case 'invalid-input':
      return 'invalid-params';
    case 'cancelled':
      return 'user-cancelled';
    default:
      return 'internal';
  }
}
