// The value of YiKey's renewal-offer InfoTypeAndValue in genm/genp (docs/cmp-profile.md and
// test/provincial-backend/README.md §Renewal offer): YiKey asks, the reference backend answers.
import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

/**
 * YiKey asks whether its unit applied for a renewal on its behalf (seed flow: the unit collects
 * and applies; YiKey then offers 安装续期证书). Minted under 2.25 from UUID
 * 0f547736-8c45-4321-9392-5c60608b474c on 2026-11-30. genm: this infoType, no value, signed with
 * the holder's current certificate; genp: the same infoType with a RenewalOffer.
 */
export const OID_IT_YIKEY_RENEWAL_OFFER = '2.25.20376990801365908207880636342486124364';

export class RenewalOffer {
  @AsnProp({ type: AsnPropTypes.Boolean })
  public offered = false;

  @AsnProp({ type: AsnPropTypes.Utf8String, repeated: 'sequence', optional: true })
  public statusString?: string[];

  public constructor(params: Partial<RenewalOffer> = {}) {
    Object.assign(this, params);
  }
}
