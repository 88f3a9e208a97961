// Our review-stage InfoTypeAndValue survives DER: the OID from a UUID has an arc above 2^53,
// which asn1js reads back in another notation, so it is matched with sameObjectIdentifier.
import { describe, expect, it } from 'vitest';
import {
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  macMessage,
  newTransactionId,
  OID_IT_YIKEY_PIN_UNLOCK,
  pollRepBody,
  readReviewStage,
  reviewStageInfo,
  sameObjectIdentifier,
} from '../../../src-main/cmp/index';

describe('YiKey InfoTypeAndValues', () => {
  it('carries the review stage in generalInfo through encode and decode', () => {
    const header = buildHeader({
      senderNameDer: null,
      recipientNameDer: null,
      transactionID: newTransactionId(),
      generalInfo: [reviewStageInfo('center-review')],
    });
    const der = encodePkiMessage(
      macMessage(header, pollRepBody(60, ['信息中心审批中']), new Uint8Array([1]), { iterations: 100 }),
    );
    expect(readReviewStage(decodePkiMessage(der).message.header)).toBe('center-review');
  });

  it('matches our OIDs as asn1js renders them after a round trip, and nothing else', () => {
    const header = buildHeader({
      senderNameDer: null,
      recipientNameDer: null,
      transactionID: newTransactionId(),
      generalInfo: [reviewStageInfo('issuing')],
    });
    const der = encodePkiMessage(
      macMessage(header, pollRepBody(1), new Uint8Array([1]), { iterations: 100 }),
    );
    const decoded = decodePkiMessage(der).message.header.generalInfo![0]!.infoType;
    expect(sameObjectIdentifier(decoded, `${OID_IT_YIKEY_PIN_UNLOCK.slice(0, -2)}.2`)).toBe(true);
    expect(sameObjectIdentifier(decoded, OID_IT_YIKEY_PIN_UNLOCK)).toBe(false);
    expect(sameObjectIdentifier('2.5.29.21', '2.5.29.21')).toBe(true);
  });
});
