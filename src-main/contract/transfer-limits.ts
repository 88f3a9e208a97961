// How big a file the holder may hand over to be signed or verified in one call, and what that
// means on the wire. One constant for every door: the sign and verify screens refuse a larger
// file with a clear message before reading it, the contract schemas refuse a larger base64
// string, and browser mode sizes its WebSocket message limit from it. Pure module.

/** Largest file (and largest signature file) the renderer may hand over in one call. */
export const maxTransferFileBytes = 32 * 1024 * 1024;

/** The same file as base64 text: 4 characters per 3 bytes, padded. */
export const maxTransferBase64Chars = Math.ceil(maxTransferFileBytes / 3) * 4;

/** Room for the JSON around the payload: method name, ids, file names, escapes. */
const messageEnvelopeBytes = 64 * 1024;

/**
 * The largest holder-API message a well-behaved renderer sends: files:verify carries a file and
 * its signature, both at the limit, as base64 inside one JSON request.
 */
export const maxHolderApiMessageBytes = 2 * maxTransferBase64Chars + messageEnvelopeBytes;
