// The PIN unlock messages as YiKey sends them, for tests that talk to the reference backend
// directly: the unit administrator's one-time code (backend CLI `authcode`) and a genm with
// YiKey's InfoTypeAndValue, MAC-protected with that code (docs/cmp-profile.md §PIN unlock).
import { AsnConvert } from '@peculiar/asn1-schema';

import {
  buildHeader,
  encodePkiMessage,
  generalMessageBody,
  InfoTypeAndValue,
  macMessage,
  OID_IT_YIKEY_PIN_UNLOCK,
} from '../../src-main/cmp/index';
import { PinUnlockRequest } from '../../src-main/cmp/pin-unlock-info';
import { backendCliJson } from './provincial-backend-process';

export type UnlockCode = { reference: string; code: string };

/** A fresh unlock reference number and code for the holder of the certificate `serial`. */
export function issueUnlockCode(data: string, serial: string): UnlockCode {
  return backendCliJson<UnlockCode>([
    ...['authcode', '--holder', serial, '--purpose', 'unlock', '--data', data],
  ]);
}

/** The DER of a genm: action 0 asks or polls, 1 reports the SO PIN rotated. */
export function pinUnlockGenm(options: {
  code: UnlockCode;
  transactionID: Uint8Array;
  action: number;
  recipNonce?: Uint8Array;
}): Uint8Array {
  const header = buildHeader({
    senderNameDer: null,
    recipientNameDer: null,
    transactionID: options.transactionID,
    senderKID: Buffer.from(options.code.reference),
    recipNonce: options.recipNonce,
  });
  const item = new InfoTypeAndValue({
    infoType: OID_IT_YIKEY_PIN_UNLOCK,
    infoValue: AsnConvert.serialize(new PinUnlockRequest({ action: options.action })),
  });
  return encodePkiMessage(macMessage(header, generalMessageBody([item]), Buffer.from(options.code.code)));
}
