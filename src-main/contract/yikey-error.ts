import type { ErrorCode, ErrorDetails } from './error-codes';
import type { SerializedError } from './wire-primitives';
import { errorCodes } from './error-codes';

/** An expected failure with a stable code; safe to show to the holder (message) and to log. */
export class YiKeyError extends Error {
  override name = 'YiKeyError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }

  static fromSerialized(error: SerializedError): YiKeyError {
    return new YiKeyError(error.code, error.message, error.details ?? {});
  }

  /** Wraps anything thrown into a YiKeyError without hiding the original message. */
  static from(error: unknown, fallback: ErrorCode = 'internal-error'): YiKeyError {
    if (error instanceof YiKeyError) return error;
    const message = error instanceof Error ? error.message : String(error);
    // Errors from pure modules (e.g. SignatureFormatError) carry a stable code of their own.
    const ownCode = (error as { code?: unknown } | null)?.code;
    return new YiKeyError(isErrorCode(ownCode) ? ownCode : fallback, message);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
