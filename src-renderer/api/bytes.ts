// Files cross the API as base64: decoding for display and downloads here (DOM), encoding a
// chosen file in file-base64.ts (no DOM, re-exported for the screens that import it from here).
export { fileToBase64 } from './file-base64';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Offers a blob to the holder as a download (browser mode has no save dialog of its own). */
export function offerDownload(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers bytes that arrived as base64 as a download. */
export function downloadFile(fileName: string, mediaType: string, contentBase64: string): void {
  offerDownload(fileName, new Blob([base64ToBytes(contentBase64)], { type: mediaType }));
}
