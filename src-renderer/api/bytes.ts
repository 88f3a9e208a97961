// Files cross the API as base64. Browsers' btoa takes "binary strings", so we convert in
// chunks to stay clear of argument-count limits on large files.
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

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Offers bytes to the holder as a download (browser mode has no save dialog of its own). */
export function downloadFile(fileName: string, mediaType: string, contentBase64: string): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(contentBase64)], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
