// Offers text to the holder as a file download (browser mode has no save dialog of its own).
import { offerDownload } from './bytes';

export function saveTextFile(fileName: string, text: string): void {
  offerDownload(fileName, new Blob([text], { type: 'text/plain;charset=utf-8' }));
}
