// Moved to src-main/cmp (YiKey's client asks for the offer too); kept so backend imports stay short.
export { OID_IT_YIKEY_RENEWAL_OFFER, RenewalOffer } from '../../../src-main/cmp/renewal-offer';
