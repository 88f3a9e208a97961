// DER ⇄ PKIMessage with the checks every entry point needs before it trusts a single field:
// a size cap, exactly one DER element with nothing after it, and a body choice we know.
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import * as asn1js from 'asn1js';
import { PkiBody, PkiMessage } from './asn1/cmp';
import { CmpError } from './cmp-error';

/** Larger than any certificate response with a chain; smaller than anything a peer should send. */
export const MAX_PKI_MESSAGE_BYTES = 256 * 1024;

export type BodyKind = Exclude<keyof PkiBody, 'constructor'>;

const bodyKindByTag: Readonly<Record<number, BodyKind>> = {
  0: 'ir',
  1: 'ip',
  2: 'cr',
  3: 'cp',
  7: 'kur',
  8: 'kup',
  11: 'rr',
  12: 'rp',
  19: 'pkiconf',
  21: 'genm',
  22: 'genp',
  23: 'error',
  24: 'certConf',
  25: 'pollReq',
  26: 'pollRep',
};

export interface DecodedMessage {
  message: PkiMessage;
  kind: BodyKind;
  /** Exact received bytes of header and body: what the protection covers. */
  headerDer: Uint8Array;
  bodyDer: Uint8Array;
}

export function encodePkiMessage(message: PkiMessage): Uint8Array {
  return new Uint8Array(AsnSerializer.serialize(message));
}

export function decodePkiMessage(der: Uint8Array, maxBytes = MAX_PKI_MESSAGE_BYTES): DecodedMessage {
  if (der.byteLength > maxBytes)
    throw new CmpError('cmp-too-large', `PKIMessage of ${der.byteLength} bytes exceeds ${maxBytes}`);
  if (der.byteLength === 0) throw new CmpError('cmp-malformed', 'Empty PKIMessage');
  const view = der.slice().buffer;
  const parsed = asn1js.fromBER(view);
  if (parsed.offset === -1 || parsed.result.error)
    throw new CmpError('cmp-malformed', `PKIMessage is not BER/DER: ${parsed.result.error || 'unreadable'}`);
  if (parsed.offset !== der.byteLength)
    throw new CmpError('cmp-malformed', `${der.byteLength - parsed.offset} bytes after the PKIMessage`);
  const outer = parsed.result;
  const items = outer instanceof asn1js.Sequence ? outer.valueBlock.value : [];
  const bodyElement = items[1];
  if (!bodyElement || bodyElement.idBlock.tagClass !== 3)
    throw new CmpError('cmp-malformed', 'PKIMessage has no tagged PKIBody');
  const kind = bodyKindByTag[bodyElement.idBlock.tagNumber];
  if (!kind)
    throw new CmpError(
      'cmp-unsupported-body',
      `PKIBody choice [${bodyElement.idBlock.tagNumber}] is not supported`,
      [],
      {
        tag: bodyElement.idBlock.tagNumber,
      },
    );
  let message: PkiMessage;
  try {
    message = AsnParser.fromASN(outer, PkiMessage);
  } catch (error) {
    throw new CmpError('cmp-malformed', `PKIMessage does not match RFC 4210: ${(error as Error).message}`);
  }
  if (message.body[kind] === undefined || !message.headerRaw || !message.bodyRaw)
    throw new CmpError('cmp-malformed', `PKIBody ${kind} could not be read`);
  return {
    message,
    kind,
    headerDer: new Uint8Array(message.headerRaw),
    bodyDer: new Uint8Array(message.bodyRaw),
  };
}
