// YiKey's InfoTypeAndValues (docs/cmp-profile.md): the review stage a waiting answer carries in
// its header's generalInfo, so the holder sees 单位审核 / 信息中心审批 / 制证, not just "waiting".
import * as asn1js from 'asn1js';
import { reviewStageSchema, type ReviewStage } from '../contract/certificate-requests';
import { InfoTypeAndValue, type PkiHeader } from './asn1/cmp';
import { OID_IT_YIKEY_REQUEST_STAGE, sameObjectIdentifier } from './oids';

export const reviewStages = reviewStageSchema.options;
export type { ReviewStage };

export function reviewStageInfo(stage: ReviewStage): InfoTypeAndValue {
  return new InfoTypeAndValue({
    infoType: OID_IT_YIKEY_REQUEST_STAGE,
    infoValue: new asn1js.Utf8String({ value: stage }).toBER(false),
  });
}

/** The stage named in the header, or undefined when absent or not one we know. */
export function readReviewStage(header: PkiHeader): ReviewStage | undefined {
  const item = header.generalInfo?.find((info) =>
    sameObjectIdentifier(info.infoType, OID_IT_YIKEY_REQUEST_STAGE),
  );
  if (!item?.infoValue) return undefined;
  const parsed = asn1js.fromBER(item.infoValue);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Utf8String)) return undefined;
  const value = parsed.result.valueBlock.value;
  return (reviewStages as readonly string[]).includes(value) ? (value as ReviewStage) : undefined;
}
