// PIN unlock (PIN码解锁) over genm/genp (docs/cmp-profile.md §PIN unlock): a locked key cannot
// sign, so every message is MAC-protected with the unlock authorisation code the unit's
// certificate administrator issued. The backend answers "waiting" while the unit reviews; once
// the CA released it, the answer carries the key's SO PIN and a fresh one, sealed under the code.
// YiKey then logs in as SO once, sets the holder's new PIN (C_InitPIN), moves the SO PIN to the
// fresh value and reports it (action 1). Each step is journaled before it is taken; the journal
// never holds the code, the SO PINs or the new PIN, so a resumed unlock asks for the code (and,
// once approved, the new PIN) again and fetches the material again.
import { AsnConvert } from '@peculiar/asn1-schema';
import { randomBytes, randomUUID } from 'node:crypto';
import { checkAnswer } from '../cmp/answer-check';
import { generalMessageBody } from '../cmp/build-messages';
import { CmpError } from '../cmp/cmp-error';
import { postCmp, type CmpEndpoint } from '../cmp/http-transport';
import { buildHeader } from '../cmp/message-header';
import { encodePkiMessage, type DecodedMessage } from '../cmp/message-codec';
import { OID_IT_YIKEY_PIN_UNLOCK, sameObjectIdentifier } from '../cmp/oids';
import { PkiStatus } from '../cmp/pki-status';
import { clampCheckAfter } from '../cmp/read-answers';
import { macMessage } from '../cmp/protection';
import {
  openSoPins,
  pinUnlockAction,
  PinUnlockRequest,
  PinUnlockStatus,
  SoPins,
} from '../cmp/pin-unlock-info';
import { InfoTypeAndValue } from '../cmp/asn1/cmp';
import { checkNewPin, defaultPinLengthLimits } from '../contract/pin-policy';
import { YiKeyError } from '../contract/yikey-error';
import { readReviewStage, type ReviewStage } from '../cmp/yikey-info';
import { reviewStageFromText } from '../contract/request-stage-text';
import type { TokenHostClient } from '../token/token-host-client';
import { checkAuthorisationCode, checkReferenceAndCode } from './authorisation-code';
import type { RequestJournal } from './request-journal';
import { finalUnlockStages, type UnlockRecord, type UnlockStage } from './unlock-record';
import { insertedTokenInSlot, slotOfJournaledToken, tokenInSlot } from './inserted-token';

export interface PinUnlockDependencies {
  host: TokenHostClient;
  journal: RequestJournal<UnlockRecord>;
  endpoint: () => CmpEndpoint;
  /** CAs whose signature an error answer may carry (a wrong code cannot be answered with its MAC). */
  trustedDer: () => Uint8Array[];
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** What the holder types; held for one call, never journaled. */
export interface UnlockSecrets {
  code: string;
  /** The new PIN, once the unlock is approved (checked against the key's policy by the host). */
  newPin?: string;
}

export interface UnlockAdvanceOptions {
  /** Wait for a poll due within this many seconds instead of returning (CLI, tests). */
  waitUpToSeconds?: number;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

type UnlockAnswer =
  | { kind: 'waiting'; checkAfterSeconds: number; statusText: string[]; reviewStage?: ReviewStage }
  | { kind: 'released'; pins: SoPins; statusText: string[] }
  | { kind: 'done'; statusText: string[] }
  | { kind: 'rejected'; statusText: string[] };

export class PinUnlockWorkflow {
  private readonly clock: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: PinUnlockDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Asks for an unlock of the key in `slotId` with the reference number and code, and advances it. */
  async start(
    target: { slotId: string; reference: string },
    secrets: UnlockSecrets,
    options: UnlockAdvanceOptions = {},
  ): Promise<UnlockRecord> {
    const reference = checkReferenceAndCode(target.reference, secrets.code);
    const token = await insertedTokenInSlot(this.deps.host, target.slotId);
    const open = this.deps.journal
      .list()
      .records.find(
        (record) =>
          record.token.serial === token.serial &&
          record.reference === reference &&
          !finalUnlockStages.includes(record.stage),
      );
    if (open) return this.advance(open.id, secrets, options);
    const now = this.clock().toISOString();
    const record: UnlockRecord = {
      version: 1,
      id: randomUUID(),
      kind: 'unlock',
      stage: 'request-ready',
      createdAt: now,
      updatedAt: now,
      token: { serial: token.serial, label: token.label },
      reference: reference,
      transactionId: hex(randomBytes(16)),
      senderNonce: hex(randomBytes(16)),
      statusText: [],
      history: [{ stage: 'request-ready', at: now }],
    };
    this.deps.journal.save(record);
    return this.advance(record.id, secrets, options);
  }

  /** Takes every step that can be taken now with these secrets; returns where it stopped. */
  advance(id: string, secrets: UnlockSecrets, options: UnlockAdvanceOptions = {}): Promise<UnlockRecord> {
    checkAuthorisationCode(secrets.code);
    const secret = Buffer.from(secrets.code, 'utf8');
    return this.deps.journal
      .withLock(id, async () => {
        let record = this.deps.journal.load(id);
        for (let steps = 0; steps < 50 && !finalUnlockStages.includes(record.stage); steps++) {
          const before = record.stage;
          try {
            record = await this.step(record, secret, secrets.newPin, options);
          } catch (error) {
            // The journal, not `record`: a step may have journaled a later stage before it failed
            // (unlocking, before the host call); going back to approved would make the resume
            // think the SO PIN was never rotated and try only the old one, forever.
            return this.afterFailure(this.deps.journal.load(id), error);
          }
          if (record.stage === before) break;
        }
        return record;
      })
      .finally(() => secret.fill(0));
  }

  private async step(
    record: UnlockRecord,
    secret: Buffer,
    newPin: string | undefined,
    options: UnlockAdvanceOptions,
  ): Promise<UnlockRecord> {
    switch (record.stage) {
      case 'request-ready':
      case 'waiting':
      case 'approved':
      case 'unlocking': {
        if (record.stage === 'waiting' && !(await this.pollWhenDue(record, options))) return record;
        // Approved but no new PIN yet: nothing to ask the backend until the holder typed one.
        if ((record.stage === 'approved' || record.stage === 'unlocking') && newPin === undefined)
          return record;
        const { record: asked, answer } = await this.ask(record, secret, pinUnlockAction.request);
        return this.takeAnswer(asked, answer, newPin);
      }
      case 'rotated': {
        const { record: asked, answer } = await this.ask(record, secret, pinUnlockAction.rotated);
        if (answer.kind === 'done') return this.save(asked, 'completed', { statusText: answer.statusText });
        if (answer.kind === 'released') wipePins(answer.pins);
        return asked;
      }
      default:
        return record;
    }
  }

  private async takeAnswer(
    record: UnlockRecord,
    answer: UnlockAnswer,
    newPin: string | undefined,
  ): Promise<UnlockRecord> {
    switch (answer.kind) {
      case 'waiting':
        return this.save(record, 'waiting', {
          statusText: answer.statusText,
          reviewStage: answer.reviewStage,
          nextPollAt: new Date(this.clock().getTime() + answer.checkAfterSeconds * 1000).toISOString(),
        });
      case 'rejected':
        return this.save(record, 'rejected', { statusText: answer.statusText });
      case 'done':
        // Confirmed by an earlier run whose last answer was lost.
        return this.save(record, 'completed', { statusText: answer.statusText });
      case 'released':
        try {
          if (newPin === undefined)
            return record.stage === 'unlocking'
              ? record
              : this.save(record, 'approved', { statusText: answer.statusText });
          return await this.unlockWith(record, answer.pins, newPin);
        } finally {
          wipePins(answer.pins);
        }
    }
  }

  /**
   * SO login, C_InitPIN, SO PIN change, in one host call. Resumed after a cut (stage unlocking)
   * the key may already carry the new SO PIN: when the current one is refused, the new one is
   * tried, and if it logs in the rotation happened and only C_InitPIN is repeated.
   */
  private async unlockWith(record: UnlockRecord, pins: SoPins, newPin: string): Promise<UnlockRecord> {
    const resumed = record.stage === 'unlocking';
    const slotId = await this.slotOf(record);
    await this.checkPolicy(slotId, newPin);
    record = this.save(record, 'unlocking', {});
    try {
      await this.deps.host.call('initPinAsSecurityOfficer', {
        slotId,
        soPin: pins.current,
        newPin,
        newSoPin: pins.next,
      });
    } catch (error) {
      if (!(resumed && error instanceof YiKeyError && error.code === 'so-pin-incorrect')) throw error;
      await this.deps.host.call('initPinAsSecurityOfficer', { slotId, soPin: pins.next, newPin });
    }
    return this.save(record, 'rotated', {});
  }

  /** The same rules as a PIN change (contract/pin-policy.ts), before the key is touched. */
  private async checkPolicy(slotId: string, newPin: string): Promise<void> {
    const token = await tokenInSlot(this.deps.host, slotId);
    const violations = checkNewPin({
      newPin,
      minLength: token?.pin.minLength ?? defaultPinLengthLimits.minLength,
      maxLength: token?.pin.maxLength ?? defaultPinLengthLimits.maxLength,
    });
    if (violations.length > 0)
      throw new YiKeyError('pin-policy', `The new PIN is not acceptable: ${violations.join(', ')}`, {
        violations,
      });
  }

  private async pollWhenDue(record: UnlockRecord, options: UnlockAdvanceOptions): Promise<boolean> {
    const waitMs = Date.parse(record.nextPollAt ?? '') - this.clock().getTime();
    if (!(waitMs > 0)) return true;
    if (waitMs > (options.waitUpToSeconds ?? 0) * 1000) return false;
    await this.sleep(waitMs);
    return true;
  }

  /** One genm with the action, MAC-protected with the code; its genp, checked and read. */
  private async ask(
    record: UnlockRecord,
    secret: Buffer,
    action: number,
  ): Promise<{ record: UnlockRecord; answer: UnlockAnswer }> {
    const nonce = randomBytes(16);
    // Journaled first: the answer must echo this nonce.
    record = this.save(record, record.stage, { senderNonce: hex(nonce) });
    const header = buildHeader({
      senderNameDer: null,
      recipientNameDer: null,
      transactionID: fromHex(record.transactionId),
      senderNonce: nonce,
      recipNonce: record.recipNonce ? fromHex(record.recipNonce) : undefined,
      senderKID: Buffer.from(record.reference, 'utf8'),
      messageTime: this.clock(),
    });
    const item = new InfoTypeAndValue({
      infoType: OID_IT_YIKEY_PIN_UNLOCK,
      infoValue: AsnConvert.serialize(new PinUnlockRequest({ action })),
    });
    const message = encodePkiMessage(macMessage(header, generalMessageBody([item]), secret));
    const endpoint = this.deps.endpoint();
    const decoded = await checkAnswer(await postCmp(endpoint, message), {
      transactionID: fromHex(record.transactionId),
      senderNonce: nonce,
      kinds: ['genp'],
      protection: {
        kind: 'mac',
        secret,
        orSignedBy: { trustedDer: this.deps.trustedDer(), at: this.clock() },
      },
      maxBytes: endpoint.maxResponseBytes,
    });
    const recipNonce = hex(new Uint8Array(decoded.message.header.senderNonce ?? new ArrayBuffer(0)));
    record = this.save(record, record.stage, { recipNonce });
    return { record, answer: readUnlockAnswer(decoded, secret, fromHex(record.transactionId)) };
  }

  private afterFailure(record: UnlockRecord, error: unknown): UnlockRecord {
    const at = this.clock().toISOString();
    const neverSeen = record.stage === 'request-ready' && record.history.length === 1;
    if (error instanceof CmpError && error.code === 'cmp-rejected') {
      const wrongCode = (error.details.failInfo ?? '').toString().includes('badMessageCheck');
      // Refused before the backend opened a request (wrong, used or expired code): nothing to
      // keep; the holder corrects the code and asks again.
      if (neverSeen) {
        this.deps.journal.remove(record.id);
        throw wrongCode
          ? new YiKeyError('unlock-code-incorrect', error.message, { reason: error.peerText.join('；') })
          : new YiKeyError('request-rejected', error.message, { reason: error.peerText.join('；') });
      }
      if (wrongCode)
        throw new YiKeyError('unlock-code-incorrect', error.message, { reason: error.peerText.join('；') });
      return this.save(record, 'rejected', {
        statusText: error.peerText,
        lastError: { code: 'request-rejected', message: error.message, at },
      });
    }
    const code =
      error instanceof CmpError
        ? error.code === 'cmp-transport'
          ? 'backend-unreachable'
          : 'backend-answer-invalid'
        : YiKeyError.from(error).code;
    if (
      neverSeen &&
      code === 'backend-answer-invalid' &&
      error instanceof CmpError &&
      /MAC/.test(error.message)
    ) {
      this.deps.journal.remove(record.id);
      throw new YiKeyError('unlock-code-incorrect', error.message);
    }
    const message = error instanceof Error ? error.message : String(error);
    // The key refused the released SO PIN (and, resumed, the next one too): every retry — the
    // background polling would make them — costs an SO login try, and a real key locks its SO
    // PIN after a few. The request ends here; the unit's administrator takes over.
    if (code === 'so-pin-incorrect') return this.save(record, 'failed', { lastError: { code, message, at } });
    // Errors about what the holder typed (the new PIN) go back to the form; the record stays.
    if (['pin-len-range', 'pin-invalid', 'pin-policy', 'invalid-input'].includes(code)) throw error;
    return this.save(record, record.stage, { lastError: { code, message, at } });
  }

  private async slotOf(record: UnlockRecord): Promise<string> {
    return slotOfJournaledToken(this.deps.host, record.token);
  }

  private save(record: UnlockRecord, stage: UnlockStage, changes: Partial<UnlockRecord>): UnlockRecord {
    const at = this.clock().toISOString();
    const next: UnlockRecord = {
      ...record,
      ...changes,
      stage,
      updatedAt: at,
      lastError:
        'lastError' in changes ? changes.lastError : stage === record.stage ? record.lastError : undefined,
      history: stage === record.stage ? record.history : [...record.history, { stage, at }],
    };
    this.deps.journal.save(next);
    return next;
  }
}

function readUnlockAnswer(decoded: DecodedMessage, secret: Buffer, transactionId: Uint8Array): UnlockAnswer {
  const item = (decoded.message.body.genp ?? []).find((candidate: InfoTypeAndValue) =>
    sameObjectIdentifier(candidate.infoType, OID_IT_YIKEY_PIN_UNLOCK),
  );
  if (!item?.infoValue) throw new CmpError('cmp-unexpected-body', 'The answer carries no PIN unlock status');
  let status: PinUnlockStatus;
  try {
    status = AsnConvert.parse(item.infoValue, PinUnlockStatus);
  } catch {
    throw new CmpError('cmp-malformed', 'The PIN unlock status is not readable');
  }
  const statusText = [...(status.statusString ?? [])];
  const value = Number(status.status);
  if (value === PkiStatus.waiting)
    return {
      kind: 'waiting',
      checkAfterSeconds: clampCheckAfter(status.checkAfter),
      statusText,
      reviewStage: readReviewStage(decoded.message.header) ?? reviewStageFromText(statusText),
    };
  if (value === PkiStatus.rejection) return { kind: 'rejected', statusText };
  if (value !== PkiStatus.accepted && value !== PkiStatus.grantedWithMods)
    throw new CmpError('cmp-malformed', `PIN unlock status ${value} is not one we know`);
  if (!status.sealedSoPins) return { kind: 'done', statusText };
  const sealed = new Uint8Array(status.sealedSoPins);
  let plain: Buffer | undefined;
  try {
    plain = openSoPins(sealed, secret, transactionId);
    const pins = AsnConvert.parse(plain, SoPins);
    if (!pins.current || !pins.next) throw new Error('empty');
    return { kind: 'released', pins, statusText };
  } catch {
    throw new CmpError('cmp-malformed', 'The unlock material could not be opened with this code');
  } finally {
    plain?.fill(0);
    sealed.fill(0);
  }
}

/** Strings cannot be zeroed in JavaScript; dropping the references is what can be done. */
function wipePins(pins: SoPins): void {
  pins.current = '';
  pins.next = '';
}
