// A chosen file's bytes as base64 for the API. Kept apart from the download helpers (bytes.ts)
// because it needs no DOM: the signing batch's logic uses it and is unit-tested under Node.
// Browsers' btoa takes "binary strings", so we convert in chunks to stay clear of
// argument-count limits on large files.
import { YiKeyError } from '../../src-main/contract/yikey-error';

export async function fileToBase64(file: Blob): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    // E.g. the file changed or vanished on disk after it was chosen (NotReadableError).
    throw new YiKeyError('file-unreadable', error instanceof Error ? error.message : String(error));
  }
  let binary = '';
  const chunkSize = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunkSize));
  }
  return btoa(binary);
}
