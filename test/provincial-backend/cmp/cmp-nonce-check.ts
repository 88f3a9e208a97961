// recipNonce on follow-up messages (RFC 4210 §5.1.1): a pollReq, certConf or error (withdrawal)
// in a transaction the backend has already answered must echo the senderNonce of one of those
// answers. (ir/cr/kur/rr sent again in their transaction resume the request and change nothing;
// genm is answered from the request's state.) Not only the latest
// one: YiKey journals an answer after it arrives, so after a crash its next pollReq may echo the
// answer before; the message is signed (or MACed) by the holder, so it is theirs either way.
// A replayed OLD message (same bytes, not the latest of its transaction) is refused instead of
// getting its old answer again: a replay must not look like the dialogue's current state.
// genm follows the same rule (the polls and the rotation report of a PIN unlock), with one
// exception: a PIN unlock's first genm is rebuilt, not resent byte for byte (the journal keeps
// nothing derived from the code), so a YiKey that died after we answered it but before it
// journaled our nonce asks again without recipNonce. That is accepted until the holder has
// echoed one of our nonces in the transaction; from then on every genm must echo.
import { decodePkiMessage, type DecodedMessage } from '../../../src-main/cmp/index';
import type { CmpAnswers } from '../store/cmp-answers';

const followUpKinds = new Set<DecodedMessage['kind']>(['pollReq', 'certConf', 'error', 'genm']);

/** Why the follow-up is refused, or null when its recipNonce fits the transaction. */
export function staleNonceReason(
  answers: CmpAnswers,
  decoded: DecodedMessage,
  transactionId: string,
): string | null {
  if (!followUpKinds.has(decoded.kind)) return null;
  const earlier = answers.answersOf(transactionId);
  if (earlier.length === 0) return null;
  const recipNonce = decoded.message.header.recipNonce;
  if (!recipNonce || recipNonce.byteLength === 0) {
    if (decoded.kind === 'genm' && !answers.echoedIn(transactionId)) return null;
    return 'recipNonce is missing: a follow-up message echoes the senderNonce of our answer';
  }
  const echoed = Buffer.from(recipNonce);
  const known = earlier.some((der) => {
    const nonce = decodePkiMessage(new Uint8Array(der)).message.header.senderNonce;
    return nonce !== undefined && Buffer.from(nonce).equals(echoed);
  });
  return known ? null : 'recipNonce does not echo an answer of this transaction (stale or replayed message)';
}

export const replayedOldMessageText =
  '重放的旧消息 A replayed message: a newer message of this transaction was already answered';
