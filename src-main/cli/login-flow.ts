// Logs the holder in on one key, reading the token's PIN flags first: a locked key or a key
// that still needs activation is refused before any PIN is asked for, and the holder is told
// plainly when the next wrong PIN locks the key.
import { YiKeyError } from '../contract/yikey-error';
import type { HolderService } from '../holder/holder-service';
import { pinLockedError } from '../contract/pin-locked-error';
import type { PinSource } from './pin-input';

export async function loginForCli(holder: HolderService, slotId: string, pins: PinSource): Promise<void> {
  const token = (await holder.listTokens()).find((candidate) => candidate.slotId === slotId);
  if (!token) throw new YiKeyError('token-not-present', 'The USBKEY is no longer inserted');
  if (token.loggedIn) return;
  if (token.pin.locked) throw pinLockedError();
  if (token.pin.toBeChanged) {
    throw new YiKeyError('pin-expired', 'This key is not activated yet: run `yikey change-pin` first');
  }
  if (token.pin.finalTry) {
    process.stderr.write(
      '注意：仅剩最后一次机会，再输错PIN码将锁定USBKEY。Warning: one try left before the key locks.\n',
    );
  }
  if (token.pin.pinPad) {
    process.stderr.write('请在读卡器键盘上输入PIN码 (enter the PIN on the reader)\n');
    await holder.login(slotId, undefined);
    return;
  }
  await holder.login(slotId, await pins.next(`PIN码 (${token.label}): `));
}
