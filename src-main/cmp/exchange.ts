// One round trip: send a protected request, check the answer against it (answer-check.ts).
import type { PkiMessage } from './asn1/cmp';
import { checkAnswer, type ExpectedAnswer } from './answer-check';
import { CmpError } from './cmp-error';
import { encodePkiMessage, type DecodedMessage } from './message-codec';
import { postCmp, type CmpEndpoint } from './http-transport';

export async function exchange(
  endpoint: CmpEndpoint,
  request: PkiMessage,
  expected: Omit<ExpectedAnswer, 'transactionID' | 'senderNonce'>,
): Promise<DecodedMessage> {
  const { transactionID, senderNonce } = request.header;
  if (!transactionID || !senderNonce)
    throw new CmpError('cmp-malformed', 'A request needs a transactionID and a senderNonce');
  const answer = await postCmp(endpoint, encodePkiMessage(request));
  return checkAnswer(answer, {
    ...expected,
    transactionID: new Uint8Array(transactionID),
    senderNonce: new Uint8Array(senderNonce),
    maxBytes: endpoint.maxResponseBytes,
  });
}
