// One size rule for every file the holder hands over (files to sign, files and signatures to
// verify): checked before the file is read, so a huge file costs neither the page's memory nor
// the main process's, and the holder is told the limit in plain words.
import { maxTransferFileBytes } from '../../src-main/contract/transfer-limits';
import { YiKeyError } from '../../src-main/contract/yikey-error';

export function assertTransferable(file: File): void {
  if (file.size <= maxTransferFileBytes) return;
  throw new YiKeyError('file-too-large', `${file.name} is ${file.size} bytes`, {
    maxBytes: maxTransferFileBytes,
  });
}
