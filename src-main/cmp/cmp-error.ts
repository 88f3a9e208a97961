// One error type for everything the CMP layer refuses, with a stable code the lifecycle client
// maps to what the holder reads, and the peer's own words (often Chinese) kept apart in `peerText`.

export type CmpErrorCode =
  /** Not DER, trailing bytes, or a structure that is not a PKIMessage. */
  | 'cmp-malformed'
  /** A PKIBody choice this profile does not use (e.g. krr, nested). */
  | 'cmp-unsupported-body'
  /** An HTTP body above the cap. */
  | 'cmp-too-large'
  /** pvno other than cmp2000 (2) or cmp2021 (3). */
  | 'cmp-bad-pvno'
  | 'cmp-transaction-mismatch'
  | 'cmp-nonce-mismatch'
  /** An answer without protection, or with an algorithm we do not accept. */
  | 'cmp-protection-missing'
  /** The signature or MAC does not verify, or the signer is not trusted. */
  | 'cmp-protection-invalid'
  /** A body of a type that does not answer what we sent. */
  | 'cmp-unexpected-body'
  /** The server said no (rejection, or an error message). */
  | 'cmp-rejected'
  /** The issued certificate does not belong to the request (key, subject or issuer). */
  | 'cmp-certificate-mismatch'
  /** The backend could not be reached, timed out or answered something other than CMP. */
  | 'cmp-transport';

export class CmpError extends Error {
  public override readonly name = 'CmpError';

  public constructor(
    public readonly code: CmpErrorCode,
    message: string,
    /** What the peer wrote (PKIFreeText / errorDetails), shown to the holder as the reason. */
    public readonly peerText: string[] = [],
    public readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}
