// PIN unlock over genm/genp (README.md §PIN unlock): the first genm with the unlock
// authorisation code opens a request (unit review, then the CA); later ones poll. Once the CA
// released it, the answer carries the key's current SO PIN and the new one, sealed under the
// code; YiKey logs in as SO once, sets the holder's new PIN, sets the new SO PIN and reports
// `rotated` — from then on only the new SO PIN is on record.
import { AsnConvert } from '@peculiar/asn1-schema';

import { CmpError, PkiStatus, type InfoTypeAndValue } from '../../../src-main/cmp/index';
import type { RequestRecord } from '../store/requests';
import { BackendRefusal, holderActor, type BackendService } from '../workflow/backend-service';
import type { CmpSender } from './cmp-sender';
import {
  PinUnlockRequest,
  PinUnlockStatus,
  pinUnlockAction,
  sealSoPins,
  SoPins,
} from '../../../src-main/cmp/pin-unlock-info';

type MacSender = Extract<CmpSender, { kind: 'mac' }>;

export class PinUnlock {
  constructor(
    private readonly service: BackendService,
    private readonly checkAfterSeconds: number,
  ) {}

  /** The DER of the PinUnlockStatus answering `item`. */
  answer(
    item: InfoTypeAndValue,
    transactionId: string,
    sender: MacSender,
    stageText: (request: RequestRecord) => string[],
    finalText: (request: RequestRecord) => string[],
  ): ArrayBuffer {
    let action: number;
    try {
      action = Number(AsnConvert.parse(item.infoValue ?? new ArrayBuffer(0), PinUnlockRequest).action);
    } catch {
      throw new CmpError('cmp-malformed', 'The PIN unlock request is not readable');
    }
    const { service } = this;
    let request = service.requests.byTransaction(transactionId);
    if (request && (request.holderId !== sender.holder.id || request.kind !== 'unlock'))
      throw new BackendRefusal('This transactionID is in use');
    if (!request) {
      if (action !== pinUnlockAction.request)
        throw new BackendRefusal('No PIN unlock under way in this transaction');
      const unusable = service.authorisationCodes.unusableBecause(sender.code, 'unlock');
      if (unusable) throw new BackendRefusal(unusable);
      if (!service.people.sealedSoPin(sender.holder.id))
        throw new BackendRefusal("The CA has no record of this key's SO PIN: ask your unit administrator");
      request = service.db.transaction(() => {
        const created = service.submit(
          {
            kind: 'unlock',
            holderId: sender.holder.id,
            unitId: sender.holder.unitId,
            initiatedBy: 'holder',
            transactionId,
          },
          holderActor(sender.holder),
        );
        service.authorisationCodes.markUsed(sender.code.id, created.id);
        return created;
      })();
    }
    service.issuePending();
    request = service.requests.byId(request.id)!;
    if (action === pinUnlockAction.rotated && request.stage === 'awaiting-install')
      request = service.confirmUnlock(request, sender.holder);
    const status = new PinUnlockStatus();
    if (request.stage === 'done') {
      status.status = PkiStatus.accepted;
      status.statusString = ['已完成 Done'];
    } else if (request.stage === 'awaiting-install') {
      status.status = PkiStatus.accepted;
      status.statusString = ['已批准，请设置新的PIN码 Approved: set a new PIN'];
      status.sealedSoPins = this.sealedPins(request, sender, transactionId);
    } else if (request.stage === 'rejected' || request.stage === 'withdrawn') {
      status.status = PkiStatus.rejection;
      status.statusString = finalText(request);
    } else {
      status.status = PkiStatus.waiting;
      status.statusString = stageText(request);
      status.checkAfter = this.checkAfterSeconds;
    }
    return AsnConvert.serialize(status);
  }

  private sealedPins(request: RequestRecord, sender: MacSender, transactionId: string): ArrayBuffer {
    const token = this.service.sealer;
    const current = this.service.people.sealedSoPin(sender.holder.id);
    const next = this.service.requests.nextSoPin(request.id);
    if (!current || !next) throw new BackendRefusal('The unlock material is missing');
    const pins = new SoPins({
      current: token.unseal(current).toString('utf8'),
      next: token.unseal(next).toString('utf8'),
    });
    const der = new Uint8Array(AsnConvert.serialize(pins));
    const sealed = sealSoPins(der, sender.secret, Buffer.from(transactionId, 'hex'));
    der.fill(0);
    return new Uint8Array(sealed).buffer;
  }
}
