// POST /.well-known/cmp: decode (size-capped, strict DER), authenticate the sender, then act on
// the body through the backend service and answer — ip/cp/kup (issued, waiting, rejected),
// pollRep with checkAfter and the current stage, rp, pkiconf, genp, or an error. Malformed
// input gets a signed CMP error and nothing is stored; the same message (same bytes) always
// gets the same answer; a known transactionID resumes its request instead of making another.
import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CRLReason } from '@peculiar/asn1-x509';

import {
  certificateResponseBody,
  CmpError,
  decodePkiMessage,
  errorBody,
  generalResponseBody,
  InfoTypeAndValue,
  OID_CRL_REASON,
  OID_IT_YIKEY_PIN_UNLOCK,
  OID_REG_CTRL_OLD_CERT_ID,
  pkiConfirmBody,
  PkiStatus,
  pollRepBody,
  revocationResponseBody,
  reviewStageInfo,
  type ReviewStage,
  statusInfo,
  checkCmpSignature,
  keyAlgorithmOfSpki,
  CertId,
  type CertReqMsg,
  type DecodedMessage,
  type PkiBody,
} from '../../../src-main/cmp/index';
import type { CaToken } from '../ca/ca-token';
import type { CertificateAuthority } from '../ca/certificate-authority';
import { CmpAnswers } from '../store/cmp-answers';
import { normaliseSerial } from '../store/certificates';
import type { RequestRecord } from '../store/requests';
import { BackendRefusal, holderActor, systemActor, type BackendService } from '../workflow/backend-service';
import { stageLabels, type RequestKind } from '../workflow/request-state-machine';
import { CmpReplier, type ReplyProtection } from './cmp-reply';
import { authenticateSender, type CmpSender } from './cmp-sender';
import { replayedOldMessageText, staleNonceReason } from './cmp-nonce-check';
import { PinUnlock } from './pin-unlock-exchange';
import { OID_IT_YIKEY_RENEWAL_OFFER, RenewalOffer } from './renewal-offer-info';

/** A refusal with the PKIFailureInfo bits that name it. */
class CmpRefusal extends Error {
  constructor(
    message: string,
    readonly failures: string[] = ['badRequest'],
  ) {
    super(message);
  }
}

const enrollmentAnswerKind: Partial<Record<RequestKind, 'ip' | 'cp' | 'kup'>> = {
  reissue: 'ip',
  change: 'cp',
  renew: 'kup',
};
const requestKindOf = { ir: 'reissue', cr: 'change', kur: 'renew' } as const;

/** The backend's stages while a request is reviewed, as YiKey's review stage OID names them. */
const reviewStageNames: Partial<Record<RequestRecord['stage'], ReviewStage>> = {
  submitted: 'submitted',
  'unit-review': 'unit-review',
  'centre-review': 'center-review',
  issuing: 'issuing',
};

export type CmpEndpointOptions = { ca: CertificateAuthority; token: CaToken; checkAfterSeconds: number };

export function createCmpEndpoint(service: BackendService, options: CmpEndpointOptions) {
  const replier = new CmpReplier(options.ca, options.token);
  const answers = new CmpAnswers(service.db);
  const pinUnlock = new PinUnlock(service, options.checkAfterSeconds);

  return async (der: Buffer): Promise<Uint8Array> => {
    const remembered = answers.find(der);
    if (remembered && answers.isLatestOfItsTransaction(der)) return remembered;
    let decoded: DecodedMessage;
    try {
      // A copy: the codec reads `.slice().buffer`, which for a pooled Buffer is the whole pool.
      decoded = decodePkiMessage(new Uint8Array(der));
    } catch (error) {
      return replier.reply(null, errorBody([refusalText(error)], ['badDataFormat']), { kind: 'signature' });
    }
    let sender: CmpSender;
    try {
      sender = authenticateSender(service, decoded);
    } catch (error) {
      // Nothing is stored for a sender we could not authenticate.
      return replier.reply(decoded.message, errorBody([refusalText(error)], ['badMessageCheck']), {
        kind: 'signature',
      });
    }
    // Nonce refusals are not remembered: a replay must not become the transaction's latest answer.
    if (remembered)
      return replier.reply(decoded.message, errorBody([replayedOldMessageText], ['badRecipientNonce']), {
        kind: 'signature',
      });
    const transactionId = transactionIdOrNull(decoded);
    const staleBecause = transactionId && staleNonceReason(answers, decoded, transactionId);
    if (staleBecause)
      return replier.reply(decoded.message, errorBody([staleBecause], ['badRecipientNonce']), {
        kind: 'signature',
      });
    const protection: ReplyProtection =
      sender.kind === 'mac' ? { kind: 'mac', secret: sender.secret } : { kind: 'signature' };
    let body: PkiBody;
    try {
      body = await handle(decoded, sender);
    } catch (error) {
      if (!(error instanceof CmpRefusal || error instanceof BackendRefusal || error instanceof CmpError))
        throw error;
      body = errorBody([refusalText(error)], error instanceof CmpRefusal ? error.failures : ['badRequest']);
    }
    const answer = await replier.reply(
      decoded.message,
      body,
      protection,
      // In signed answers and in YiKey's own genp (PIN unlock): OpenSSL 3.0's client stalls on a
      // MAC-protected ip whose header carries it (seen with openssl-cmp-client.test.ts; cause not yet found).
      transactionId && (protection.kind === 'signature' || decoded.kind === 'genm')
        ? reviewStageOf(transactionId)
        : [],
    );
    // A message without a usable transactionID got its error above; there is nothing to remember it by.
    if (transactionId) answers.remember(der, transactionId, answer, echoesNonce(decoded));
    return answer;
  };

  async function handle(decoded: DecodedMessage, sender: CmpSender): Promise<PkiBody> {
    const transactionId = transactionIdOf(decoded);
    const body = decoded.message.body;
    switch (decoded.kind) {
      case 'ir':
      case 'cr':
      case 'kur':
        return enroll(decoded.kind, body[decoded.kind]!, transactionId, sender);
      case 'pollReq':
        return poll(ownRequest(transactionId, sender), body.pollReq![0]?.certReqId ?? 0);
      case 'certConf':
        return confirm(ownRequest(transactionId, sender), body.certConf!, sender);
      case 'rr':
        return revoke(body.rr!, transactionId, sender);
      case 'genm':
        return general(body.genm!, transactionId, sender);
      case 'error':
        // The holder withdraws (撤回) the request of this transaction (docs/cmp-profile.md).
        service.withdraw(ownRequest(transactionId, sender).id, holderActor(sender.holder));
        return pkiConfirmBody();
      default:
        throw new CmpRefusal(`${decoded.kind} is not a request this backend answers`, ['badRequest']);
    }
  }

  /** While under review, the stage in YiKey's InfoTypeAndValue (docs/cmp-profile.md), so YiKey shows it. */
  function reviewStageOf(transactionId: string): InfoTypeAndValue[] {
    const stage = service.requests.byTransaction(transactionId)?.stage;
    const named = stage ? reviewStageNames[stage] : undefined;
    return named ? [reviewStageInfo(named)] : [];
  }

  function ownRequest(transactionId: string, sender: CmpSender): RequestRecord {
    const request = service.requests.byTransaction(transactionId);
    if (!request || request.holderId !== sender.holder.id)
      throw new CmpRefusal('No request of yours has this transactionID', ['badRequest']);
    return request;
  }

  function enroll(
    kind: 'ir' | 'cr' | 'kur',
    messages: readonly CertReqMsg[],
    transactionId: string,
    sender: CmpSender,
  ): PkiBody {
    if (messages.length !== 1) throw new CmpRefusal('Send exactly one certificate request', ['badRequest']);
    const message = messages[0]!;
    const certReqId = Number(message.certReq.certReqId);
    const existing = service.requests.byTransaction(transactionId);
    if (existing) {
      if (existing.holderId !== sender.holder.id || existing.kind !== requestKindOf[kind])
        throw new CmpRefusal('This transactionID is in use', ['transactionIdInUse']);
      return enrollmentAnswer(existing, certReqId, false);
    }
    const publicKey = checkProofOfPossession(message);
    let request: RequestRecord;
    if (kind === 'ir') {
      if (sender.kind !== 'mac')
        throw new CmpRefusal('ir needs a re-issue authorisation code (MAC protection)', ['wrongIntegrity']);
      const unusable = service.authorisationCodes.unusableBecause(sender.code, 'reissue');
      if (unusable) throw new CmpRefusal(unusable, ['notAuthorized']);
      request = service.db.transaction(() => {
        const created = service.submit(
          {
            kind: 'reissue',
            holderId: sender.holder.id,
            unitId: sender.holder.unitId,
            initiatedBy: 'holder',
            transactionId,
            publicKey,
            certificateId: service.currentCertificate(sender.holder.id)?.id ?? null,
          },
          holderActor(sender.holder),
        );
        service.authorisationCodes.markUsed(sender.code.id, created.id);
        return created;
      })();
    } else {
      if (sender.kind !== 'signature')
        throw new CmpRefusal(`${kind} must be signed with your current certificate`, ['wrongIntegrity']);
      const current = AsnConvert.parse(sender.certificate.der, Certificate).tbsCertificate;
      if (Buffer.from(AsnConvert.serialize(current.subjectPublicKeyInfo)).equals(publicKey))
        throw new CmpRefusal('The new certificate needs a new key', ['badCertTemplate']);
      checkOldCertId(message, sender);
      if (kind === 'cr') {
        const subject = message.certReq.certTemplate.subject;
        if (!subject) throw new CmpRefusal('A change request names the new subject', ['badCertTemplate']);
        request = service.submit(
          {
            kind: 'change',
            holderId: sender.holder.id,
            unitId: sender.holder.unitId,
            initiatedBy: 'holder',
            transactionId,
            publicKey,
            certificateId: sender.certificate.id,
            requestedSubject: Buffer.from(AsnConvert.serialize(subject)).toString('base64'),
          },
          holderActor(sender.holder),
        );
      } else {
        request = renewal(transactionId, publicKey, sender);
      }
    }
    service.issuePending();
    return enrollmentAnswer(service.requests.byId(request.id)!, certReqId, false);
  }

  /** A renewal the unit already applied for takes the holder's key; otherwise a new request. */
  function renewal(
    transactionId: string,
    publicKey: Buffer,
    sender: Extract<CmpSender, { kind: 'signature' }>,
  ): RequestRecord {
    const open = service.openRequest(sender.holder.id, 'renew');
    if (open && open.initiatedBy === 'unit' && !open.transactionId) {
      service.requests.attachTransaction(open.id, transactionId, publicKey);
      return service.requests.byId(open.id)!;
    }
    if (open)
      throw new CmpRefusal(`A renewal (request #${open.id}) is already under way`, ['duplicateCertReq']);
    return service.submit(
      {
        kind: 'renew',
        holderId: sender.holder.id,
        unitId: sender.holder.unitId,
        initiatedBy: 'holder',
        transactionId,
        publicKey,
        certificateId: sender.certificate.id,
      },
      holderActor(sender.holder),
    );
  }

  function checkOldCertId(message: CertReqMsg, sender: Extract<CmpSender, { kind: 'signature' }>): void {
    const control = message.certReq.controls?.find((item) => item.type === OID_REG_CTRL_OLD_CERT_ID);
    if (!control) return;
    const certId = AsnConvert.parse(control.value, CertId);
    if (normaliseSerial(Buffer.from(certId.serialNumber).toString('hex')) !== sender.certificate.serialHex)
      throw new CmpRefusal('oldCertID does not name the certificate that signed the request', ['badCertId']);
  }

  function enrollmentAnswer(request: RequestRecord, certReqId: number, asPoll: boolean): PkiBody {
    const kind = enrollmentAnswerKind[request.kind];
    if (!kind) throw new CmpRefusal('This transaction is not a certificate request', ['badRequest']);
    if (request.stage === 'awaiting-install' || request.stage === 'done') {
      const issued = service.certificates.byRequest(request.id)!;
      return certificateResponseBody(
        kind,
        { status: 'issued', certificateDer: issued.der, caPubs: [options.ca.certificateDer] },
        certReqId,
      );
    }
    if (request.stage === 'rejected' || request.stage === 'withdrawn')
      return certificateResponseBody(
        kind,
        { status: 'rejected', text: finalText(request), failures: ['notAuthorized'] },
        certReqId,
      );
    if (asPoll) return pollRepBody(options.checkAfterSeconds, stageText(request), certReqId);
    return certificateResponseBody(kind, { status: 'waiting', text: stageText(request) }, certReqId);
  }

  function poll(request: RequestRecord, certReqId: number): PkiBody {
    service.issuePending();
    const current = service.requests.byId(request.id)!;
    if (current.kind === 'revoke') return revocationAnswer(current, true);
    if (current.kind === 'unlock') throw new CmpRefusal('Poll a PIN unlock with genm', ['badRequest']);
    return enrollmentAnswer(current, certReqId, true);
  }

  function confirm(
    request: RequestRecord,
    content: NonNullable<PkiBody['certConf']>,
    sender: CmpSender,
  ): PkiBody {
    if (request.stage === 'done') return pkiConfirmBody();
    if (request.stage !== 'awaiting-install')
      throw new CmpRefusal('Nothing of this transaction awaits confirmation', ['badRequest']);
    const issued = service.certificates.byRequest(request.id)!;
    const [status] = content;
    if (!status || content.length !== 1)
      throw new CmpRefusal('Confirm exactly one certificate', ['badRequest']);
    const hash = createHash('sha256').update(issued.der).digest();
    if (!hash.equals(Buffer.from(status.certHash)))
      throw new CmpRefusal('certHash does not match the issued certificate', ['badCertId']);
    if (status.statusInfo && status.statusInfo.status === PkiStatus.rejection) {
      const why =
        [...(status.statusInfo.statusString ?? [])].join(' ') || '持有人拒绝接收 declined by the holder';
      service.decline(request, sender.holder, why);
    } else {
      service.confirm(request, sender.holder);
    }
    return pkiConfirmBody();
  }

  function revoke(content: NonNullable<PkiBody['rr']>, transactionId: string, sender: CmpSender): PkiBody {
    if (sender.kind !== 'signature')
      throw new CmpRefusal('rr must be signed with the certificate to revoke', ['wrongIntegrity']);
    const existing = service.requests.byTransaction(transactionId);
    if (existing) {
      if (existing.holderId !== sender.holder.id || existing.kind !== 'revoke')
        throw new CmpRefusal('This transactionID is in use', ['transactionIdInUse']);
      return revocationAnswer(existing, false);
    }
    if (content.length !== 1) throw new CmpRefusal('Revoke exactly one certificate', ['badRequest']);
    const details = content[0]!;
    const serial = details.certDetails.serialNumber;
    if (!serial || normaliseSerial(Buffer.from(serial).toString('hex')) !== sender.certificate.serialHex)
      throw new CmpRefusal('You can revoke only the certificate that signed the request', ['badCertId']);
    const issuer = details.certDetails.issuer;
    const certified = AsnConvert.parse(sender.certificate.der, Certificate).tbsCertificate.issuer;
    if (
      issuer &&
      !Buffer.from(AsnConvert.serialize(issuer)).equals(Buffer.from(AsnConvert.serialize(certified)))
    )
      throw new CmpRefusal('The issuer does not match the certificate', ['badCertId']);
    const reasonExtension = details.crlEntryDetails?.find((extension) => extension.extnID === OID_CRL_REASON);
    const reason = reasonExtension ? AsnConvert.parse(reasonExtension.extnValue, CRLReason).reason : 0;
    if (![0, 1, 3, 4, 5].includes(reason))
      throw new CmpRefusal(`CRLReason ${reason} is not offered`, ['badRequest']);
    const request = service.db.transaction(() => {
      const created = service.submit(
        {
          kind: 'revoke',
          holderId: sender.holder.id,
          unitId: sender.holder.unitId,
          initiatedBy: 'holder',
          transactionId,
          certificateId: sender.certificate.id,
          revocationReason: reason,
        },
        holderActor(sender.holder),
      );
      // A leaked key must stop working now, not after days of review; the reviewers see it in the history.
      return reason === 1
        ? service.requests.transition(
            created.id,
            'expedite',
            systemActor,
            '私钥泄露，立即注销 key compromise: revoked at once',
          )
        : created;
    })();
    service.issuePending();
    return revocationAnswer(service.requests.byId(request.id)!, false);
  }

  function revocationAnswer(request: RequestRecord, asPoll: boolean): PkiBody {
    if (request.stage === 'done')
      return revocationResponseBody(statusInfo(PkiStatus.accepted, ['证书已注销 Certificate revoked']));
    if (request.stage === 'rejected' || request.stage === 'withdrawn')
      return revocationResponseBody(statusInfo(PkiStatus.rejection, finalText(request), ['notAuthorized']));
    if (asPoll) return pollRepBody(options.checkAfterSeconds, stageText(request));
    return revocationResponseBody(statusInfo(PkiStatus.waiting, stageText(request)));
  }

  function general(items: NonNullable<PkiBody['genm']>, transactionId: string, sender: CmpSender): PkiBody {
    if (items.some((item) => item.infoType === renewalOfferOidAsParsed)) return renewalOffer(sender);
    const unlock = items.find((item) => item.infoType === pinUnlockOidAsParsed);
    if (!unlock) return generalResponseBody([]); // Nothing else is offered over genm.
    if (sender.kind !== 'mac')
      throw new CmpRefusal('A PIN unlock is protected with its authorisation code', ['wrongIntegrity']);
    const value = pinUnlock.answer(
      unlock,
      transactionId,
      sender,
      (request) => stageText(request),
      (request) => finalText(request),
    );
    return generalResponseBody([
      new InfoTypeAndValue({ infoType: OID_IT_YIKEY_PIN_UNLOCK, infoValue: value }),
    ]);
  }

  /** Whether the holder's unit applied for a renewal that waits for this holder's kur. */
  function renewalOffer(sender: CmpSender): PkiBody {
    if (sender.kind !== 'signature')
      throw new CmpRefusal('Ask with your current certificate', ['wrongIntegrity']);
    const open = service.openRequest(sender.holder.id, 'renew');
    const offered = Boolean(open && open.initiatedBy === 'unit' && !open.transactionId);
    const value = new RenewalOffer({ offered, statusString: offered ? stageText(open!) : undefined });
    return generalResponseBody([
      new InfoTypeAndValue({ infoType: OID_IT_YIKEY_RENEWAL_OFFER, infoValue: AsnConvert.serialize(value) }),
    ]);
  }
}

/**
 * How our ASN.1 library reads YiKey's PIN-unlock OID back: its arc under 2.25 is a 128-bit
 * number, which the DER carries correctly but asn1js renders as a hex string in braces, so the
 * received infoType is compared with the constant after the same round trip.
 */
const asParsed = (oid: string): string =>
  AsnConvert.parse(AsnConvert.serialize(new InfoTypeAndValue({ infoType: oid })), InfoTypeAndValue).infoType;
const pinUnlockOidAsParsed = asParsed(OID_IT_YIKEY_PIN_UNLOCK);
const renewalOfferOidAsParsed = asParsed(OID_IT_YIKEY_RENEWAL_OFFER);

function checkProofOfPossession(message: CertReqMsg): Buffer {
  const template = message.certReq.certTemplate;
  if (!template.publicKey) throw new CmpRefusal('The request carries no public key', ['badCertTemplate']);
  const spki = Buffer.from(AsnConvert.serialize(template.publicKey));
  const popo = message.popo?.signature;
  if (!popo) throw new CmpRefusal('Proof of possession by signature is required', ['badPOP']);
  const signed = Buffer.from(AsnConvert.serialize(message.certReq));
  // SM2 with the default user ID (Node's crypto would use an empty one): cmp/signature-check.ts.
  const outcome = checkCmpSignature(
    popo.algorithmIdentifier.algorithm,
    spki,
    signed,
    new Uint8Array(popo.signature),
  );
  if (outcome === 'algorithm-not-accepted')
    throw new CmpRefusal(`POP algorithm ${popo.algorithmIdentifier.algorithm} is not accepted`, ['badAlg']);
  if (keyAlgorithmOfSpki(spki) === null)
    throw new CmpRefusal('The public key is not readable', ['badCertTemplate']);
  if (outcome === 'key-mismatch') throw new CmpRefusal('The POP algorithm does not fit the key', ['badPOP']);
  if (outcome !== 'verified') throw new CmpRefusal('The proof of possession does not verify', ['badPOP']);
  return spki;
}

function echoesNonce(decoded: DecodedMessage): boolean {
  return (decoded.message.header.recipNonce?.byteLength ?? 0) > 0;
}

function transactionIdOrNull(decoded: DecodedMessage): string | null {
  try {
    return transactionIdOf(decoded);
  } catch {
    return null;
  }
}

function transactionIdOf(decoded: DecodedMessage): string {
  const id = decoded.message.header.transactionID;
  if (!id || id.byteLength < 1 || id.byteLength > 64)
    throw new CmpRefusal('transactionID is missing', ['badRequest']);
  return Buffer.from(id).toString('hex');
}

/** The holder-facing words for a stage, Chinese first. */
export function stageText(request: RequestRecord): string[] {
  const label = stageLabels[request.stage];
  return [`${label.zh} ${label.en}`];
}

function finalText(request: RequestRecord): string[] {
  if (request.stage === 'withdrawn') return ['已撤回 Withdrawn'];
  return [`已驳回：${request.rejectReason ?? ''}`, `Rejected: ${request.rejectReason ?? ''}`];
}

function refusalText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
