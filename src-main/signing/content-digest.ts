import { createHash } from 'node:crypto';

/**
 * SHA-256 of the document: what the message-digest attribute carries, and what the UI can
 * show the holder ("you are signing the file with SHA-256 …") before the token is touched.
 */
export function contentDigest(content: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(content).digest());
}
