// PKIHeader for a new message: who to whom, which transaction, and fresh nonces (RFC 9483 §3.1).
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, Name } from '@peculiar/asn1-x509';
import { randomBytes } from 'node:crypto';
import { InfoTypeAndValue, InfoTypeAndValues, PkiFreeText, PkiHeader } from './asn1/cmp';
import { toArrayBuffer } from './protection';

export interface HeaderInput {
  /** DER of the sender's Name (the certificate subject), or null for NULL-DN (MAC-protected ir). */
  senderNameDer: Uint8Array | null;
  /** DER of the recipient's Name (the CA), or null when not known. */
  recipientNameDer: Uint8Array | null;
  transactionID: Uint8Array;
  /** Fresh per message; the answer must carry it back as recipNonce. */
  senderNonce?: Uint8Array;
  /** The senderNonce of the message this one answers. */
  recipNonce?: Uint8Array;
  /** Subject key identifier of the protection certificate, or the reference number for MAC. */
  senderKID?: Uint8Array;
  freeText?: string[];
  generalInfo?: InfoTypeAndValue[];
  messageTime?: Date;
}

export function newNonce(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

export function newTransactionId(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}

export function directoryName(nameDer: Uint8Array | null): GeneralName {
  const name = nameDer ? AsnConvert.parse(nameDer, Name) : new Name();
  return new GeneralName({ directoryName: name });
}

export function buildHeader(input: HeaderInput): PkiHeader {
  return new PkiHeader({
    pvno: 2,
    sender: directoryName(input.senderNameDer),
    recipient: directoryName(input.recipientNameDer),
    messageTime: dropMilliseconds(input.messageTime ?? new Date()),
    senderKID: input.senderKID ? toArrayBuffer(input.senderKID) : undefined,
    transactionID: toArrayBuffer(input.transactionID),
    senderNonce: toArrayBuffer(input.senderNonce ?? newNonce()),
    recipNonce: input.recipNonce ? toArrayBuffer(input.recipNonce) : undefined,
    freeText: input.freeText?.length ? new PkiFreeText(input.freeText) : undefined,
    generalInfo: input.generalInfo?.length ? new InfoTypeAndValues(input.generalInfo) : undefined,
  });
}

/** DER GeneralizedTime has no fractional zeros; whole seconds keep every encoder in agreement. */
function dropMilliseconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
