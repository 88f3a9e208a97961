// Revocation (注销) over CMP rr (docs/cmp-profile.md): a request signed with the certificate to
// revoke, carrying the CRLReason of the holder's reason; the backend answers rp (revoked, or
// waiting for the unit and the information centre), later pollRep/rp to pollReq. Once revoked,
// the key and certificate are removed from the USBKEY, so the key is no longer offered for
// signing. Same journal and steps as renewal: every step is written down before it is taken.
// A lost key cannot sign an rr: the unit administrator revokes it in the console.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { revocationBody } from '../cmp/build-messages';
import type { DecodedMessage } from '../cmp/message-codec';
import { readEnrollmentAnswer, readRevocationAnswer } from '../cmp/read-answers';
import { PkiStatus } from '../cmp/pki-status';
import { readReviewStage } from '../cmp/yikey-info';
import { RenewalWorkflow, type AdvanceOptions, type RenewalTarget } from './renewal';
import type { RequestRecord } from './request-record';
import { holderRevocationReasons, type HolderRevocationReason } from './revocation-reasons';

const hex = (bytes: Uint8Array | ArrayBuffer): string => Buffer.from(bytes as Uint8Array).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Handles revocation records and leaves renewals and changes to RenewalWorkflow. */
export class RevocationWorkflow extends RenewalWorkflow {
  /** Asks for revocation of the certificate on `target` (the holder is logged in) and advances it. */
  async startRevocation(
    target: RenewalTarget,
    reason: HolderRevocationReason,
    options: AdvanceOptions = {},
  ): Promise<RequestRecord> {
    const begun = await this.openOrDraft(target, 'revoke', 'request-ready');
    if ('open' in begun) return this.advance(begun.open.id, options);
    const draft: RequestRecord = { ...begun.draft, revocationReason: holderRevocationReasons[reason] };
    const certificate = AsnConvert.parse(target.certificateDer, Certificate).tbsCertificate;
    const body = revocationBody({
      issuerDer: new Uint8Array(AsnSerializer.serialize(certificate.issuer)),
      serialNumber: new Uint8Array(certificate.serialNumber),
      reason: holderRevocationReasons[reason],
    });
    // Signing has no side effect: the record is written once the rr exists, so a resend after
    // a crash sends these very bytes (same transaction, same nonce).
    const message = await this.protect(draft, target.slotId, body, fromHex(draft.senderNonce));
    this.deps.journal.save({ ...draft, requestMessage: base64(message) });
    return this.advance(draft.id, options);
  }

  protected override async step(record: RequestRecord, options: AdvanceOptions): Promise<RequestRecord> {
    if (record.kind !== 'revoke') return super.step(record, options);
    switch (record.stage) {
      case 'request-ready':
        return this.takeRevocationAnswer(
          record,
          await this.exchange(record, fromBase64(record.requestMessage!), ['rp']),
        );
      case 'waiting':
        return this.pollRevocation(record, options);
      case 'confirmed':
        return this.retireOldKey(record);
      default:
        return record;
    }
  }

  private async pollRevocation(record: RequestRecord, options: AdvanceOptions): Promise<RequestRecord> {
    const polled = await this.sendPoll(record, options, ['pollRep', 'rp']);
    return polled ? this.takeRevocationAnswer(polled.record, polled.answer) : record;
  }

  /** rp accepted → confirmed (the key is still to be removed); waiting or pollRep → waiting. */
  private takeRevocationAnswer(record: RequestRecord, answer: DecodedMessage): RequestRecord {
    const recipNonce = hex(new Uint8Array(answer.message.header.senderNonce ?? new ArrayBuffer(0)));
    const reviewStage = readReviewStage(answer.message.header);
    if (answer.kind === 'pollRep') {
      const outcome = readEnrollmentAnswer(answer);
      const checkAfterMs = outcome.kind === 'waiting' ? outcome.checkAfterSeconds * 1000 : 0;
      return this.save(record, 'waiting', {
        recipNonce,
        reviewStage,
        nextPollAt: new Date(this.clock().getTime() + checkAfterMs).toISOString(),
        statusText: outcome.statusText,
      });
    }
    // Throws cmp-rejected with the reviewer's words for a rejection.
    const certificate = AsnConvert.parse(fromBase64(record.oldCertificate), Certificate).tbsCertificate;
    const { statusText } = readRevocationAnswer(answer, {
      issuerDer: new Uint8Array(AsnSerializer.serialize(certificate.issuer)),
      serialNumber: new Uint8Array(certificate.serialNumber),
    });
    if (answer.message.body.rp?.status[0]?.status === PkiStatus.waiting)
      // rp carries no checkAfter: the first pollReq goes at once and its pollRep says when next.
      return this.save(record, 'waiting', {
        recipNonce,
        reviewStage,
        nextPollAt: this.clock().toISOString(),
        statusText,
      });
    return this.save(record, 'confirmed', { recipNonce, statusText, reviewStage: undefined });
  }
}
