// Asks the backend whether the holder's unit applied for a renewal on the holder's behalf (the
// seed's flow: the unit collects and applies, each holder's YiKey then offers 安装续期证书).
// A genm with YiKey's renewal-offer infoType, signed with the current certificate on the
// USBKEY (so it needs the PIN session); the genp answers yes or no (docs/cmp-profile.md).
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { InfoTypeAndValue } from '../cmp/asn1/cmp';
import { checkAnswer } from '../cmp/answer-check';
import { generalMessageBody } from '../cmp/build-messages';
import { postCmp, type CmpEndpoint } from '../cmp/http-transport';
import { buildHeader, newNonce, newTransactionId } from '../cmp/message-header';
import { encodePkiMessage } from '../cmp/message-codec';
import { sameObjectIdentifier } from '../cmp/oids';
import { signMessage } from '../cmp/protection';
import { OID_IT_YIKEY_RENEWAL_OFFER, RenewalOffer } from '../cmp/renewal-offer';
import type { TokenHostClient } from '../token/token-host-client';
import { tokenProtectionSigner } from './token-signer';

export interface RenewalOfferQuery {
  host: TokenHostClient;
  endpoint: CmpEndpoint;
  trustedDer: Uint8Array[];
  target: { slotId: string; keyId: string; certificateDer: Uint8Array; keyAlgorithm: 'RSA' | 'EC' | 'SM2' };
  clock?: () => Date;
}

export interface RenewalOfferAnswer {
  offered: boolean;
  statusText: string[];
}

export async function askRenewalOffer(query: RenewalOfferQuery): Promise<RenewalOfferAnswer> {
  const clock = query.clock ?? (() => new Date());
  const current = AsnConvert.parse(query.target.certificateDer, Certificate).tbsCertificate;
  const transactionID = newTransactionId();
  const senderNonce = newNonce();
  const header = buildHeader({
    senderNameDer: new Uint8Array(AsnSerializer.serialize(current.subject)),
    recipientNameDer: new Uint8Array(AsnSerializer.serialize(current.issuer)),
    transactionID,
    senderNonce,
    messageTime: clock(),
  });
  const body = generalMessageBody([new InfoTypeAndValue({ infoType: OID_IT_YIKEY_RENEWAL_OFFER })]);
  const signer = tokenProtectionSigner(query.host, {
    ...query.target,
    // SM2 signs with Z of the current certificate's key.
    publicKeySpki: new Uint8Array(AsnSerializer.serialize(current.subjectPublicKeyInfo)),
  });
  const message = encodePkiMessage(await signMessage(header, body, signer, [query.target.certificateDer]));
  const answer = await checkAnswer(await postCmp(query.endpoint, message), {
    transactionID,
    senderNonce,
    kinds: ['genp'],
    protection: { kind: 'signature', trustedDer: query.trustedDer, at: clock() },
    maxBytes: query.endpoint.maxResponseBytes,
  });
  const item = answer.message.body.genp?.find((info) =>
    sameObjectIdentifier(info.infoType, OID_IT_YIKEY_RENEWAL_OFFER),
  );
  // A backend without unit-initiated renewals answers an empty genp: nothing is offered.
  if (!item?.infoValue) return { offered: false, statusText: [] };
  const offer = AsnConvert.parse(item.infoValue, RenewalOffer);
  return { offered: offer.offered, statusText: [...(offer.statusString ?? [])] };
}
