/** The bytes given as a signature are not a detached CMS SignedData we can check. */
export class SignatureFormatError extends Error {
  public readonly code = 'signature-malformed';

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignatureFormatError';
  }
}
