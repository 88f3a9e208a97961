// The backend's use cases, shared by every door (CMP endpoint, console, CLI): holders' requests
// come in, reviewers approve or reject, the CA issues, holders confirm. Every stage change goes
// through Requests.transition (the state machine); the CA is optional so the CLI can review
// without opening the token — approved requests then wait at 制证 until the server issues them.
import { randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name } from '@peculiar/asn1-x509';

import type { CertificateAuthority } from '../ca/certificate-authority';
import { describeName, holderName } from '../ca/holder-profile';
import { AuditLog } from '../store/audit-log';
import {
  AuthorisationCodes,
  type AuthorisationPurpose,
  type SecretSealer,
} from '../store/authorisation-codes';
import { Certificates, type CertificateRecord } from '../store/certificates';
import type { BackendDatabase } from '../store/database';
import { People, type ConsoleUser, type Holder } from '../store/people';
import { Requests, TransitionRefused, type NewRequest, type RequestRecord } from '../store/requests';
import { isTerminal, type Actor, type RequestKind } from './request-state-machine';

export class BackendRefusal extends Error {
  override name = 'BackendRefusal';
}

export const systemActor: Actor = { kind: 'system', name: 'backend' };
export const consoleActor = (user: ConsoleUser): Actor => ({
  kind: 'console',
  name: user.username,
  role: user.role,
  unitId: user.unitId,
});
export const holderActor = (holder: Holder): Actor => ({
  kind: 'holder',
  name: `holder:${holder.idNumber}`,
  holderId: holder.id,
});

/** CRLReason values a holder or administrator may give (domain.md). */
export const revocationReasons = {
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;

export type IssuingOptions = { ca: CertificateAuthority; crlUrl: () => string | null };

export class BackendService {
  readonly people: People;
  readonly certificates: Certificates;
  readonly requests: Requests;
  readonly audit: AuditLog;
  private readonly codes: AuthorisationCodes | null;

  constructor(
    readonly db: BackendDatabase,
    private readonly options: { sealer?: SecretSealer; issuing?: IssuingOptions; now?: () => Date } = {},
  ) {
    const now = options.now ?? (() => new Date());
    this.people = new People(db);
    this.certificates = new Certificates(db);
    this.requests = new Requests(db, now);
    this.audit = new AuditLog(db, now);
    this.codes = options.sealer ? new AuthorisationCodes(db, options.sealer, now) : null;
  }

  get authorisationCodes(): AuthorisationCodes {
    if (!this.codes) throw new BackendRefusal('authorisation codes need the CA token (its sealing key)');
    return this.codes;
  }

  get sealer(): SecretSealer {
    if (!this.options.sealer) throw new BackendRefusal('sealed secrets need the CA token');
    return this.options.sealer;
  }

  get ca(): CertificateAuthority | null {
    return this.options.issuing?.ca ?? null;
  }

  /** Records a holder's (or unit's) new request and accepts it into unit review at once. */
  submit(request: NewRequest, actor: Actor): RequestRecord {
    return this.db.transaction(() => {
      const created = this.requests.create(request, actor);
      return this.requests.transition(created.id, 'accept', systemActor);
    })();
  }

  /** An approval step; the reviewer's comment, if any, is kept in the history as the why. */
  approve(requestId: number, actor: Actor, comment?: string): RequestRecord {
    const after = this.move(requestId, 'approve', actor, comment);
    this.issuePending();
    return this.requests.byId(after.id)!;
  }

  reject(requestId: number, actor: Actor, reason: string): RequestRecord {
    return this.move(requestId, 'reject', actor, reason);
  }

  withdraw(requestId: number, actor: Actor): RequestRecord {
    return this.move(requestId, 'withdraw', actor);
  }

  /**
   * The unit collects and applies (seed flow): a renewal for each holder, already approved by
   * the unit, so it goes to the information centre; each holder's YiKey then sends its kur.
   */
  startUnitRenewals(user: ConsoleUser, holderIds: number[]): RequestRecord[] {
    if (user.role !== 'unit-admin')
      throw new BackendRefusal('only a unit administrator starts renewals for holders');
    return this.db.transaction(() =>
      holderIds.map((holderId) => {
        const holder = this.people.holder(holderId);
        if (!holder || holder.unitId !== user.unitId)
          throw new BackendRefusal(`holder ${holderId} is not in your unit`);
        const open = this.openRequest(holderId, 'renew');
        if (open) return open;
        const current = this.currentCertificate(holderId);
        const created = this.submit(
          {
            kind: 'renew',
            holderId,
            unitId: holder.unitId,
            initiatedBy: 'unit',
            certificateId: current?.id ?? null,
          },
          consoleActor(user),
        );
        return this.requests.transition(
          created.id,
          'approve',
          consoleActor(user),
          '单位统一申请续期 Unit-initiated renewal',
        );
      }),
    )();
  }

  /** The request of this kind for the holder that is still under way, if any. */
  openRequest(holderId: number, kind: RequestKind): RequestRecord | undefined {
    return this.requests
      .list({ holderId })
      .find((request) => request.kind === kind && !isTerminal(request.stage));
  }

  currentCertificate(holderId: number): CertificateRecord | undefined {
    return this.certificates.ofHolder(holderId).find((certificate) => certificate.status === 'valid');
  }

  issueAuthorisationCode(user: ConsoleUser | 'cli', holderId: number, purpose: AuthorisationPurpose) {
    const holder = this.people.holder(holderId);
    if (!holder) throw new BackendRefusal(`no holder ${holderId}`);
    if (user !== 'cli' && (user.role !== 'unit-admin' || user.unitId !== holder.unitId))
      throw new BackendRefusal("only the holder's unit administrator issues authorisation codes");
    const by = user === 'cli' ? 'cli' : user.username;
    const issued = this.authorisationCodes.issue(holderId, purpose, by);
    this.audit.record(
      by,
      'authorisation-code',
      `${purpose} for holder ${holder.idNumber}, reference ${issued.reference}`,
    );
    return issued;
  }

  /** Immediate revocation by the CA operator, or by the holder's unit administrator (e.g. a lost key). */
  revokeNow(user: ConsoleUser | 'cli', serialHex: string, reason: number): CertificateRecord {
    const certificate = this.certificates.bySerial(serialHex);
    if (!certificate) throw new BackendRefusal(`no certificate with serial ${serialHex}`);
    const holder = this.people.holder(certificate.holderId)!;
    const allowed =
      user === 'cli' ||
      user.role === 'ca-operator' ||
      (user.role === 'unit-admin' && user.unitId === holder.unitId);
    if (!allowed) throw new BackendRefusal("only the CA operator or the holder's unit administrator revokes");
    if (!Object.values(revocationReasons).includes(reason as never))
      throw new BackendRefusal(`CRLReason ${reason} is not offered`);
    const by = user === 'cli' ? 'cli' : user.username;
    this.certificates.revoke(certificate.serialHex, reason, by, new Date().toISOString());
    this.audit.record(by, 'revoke', `serial ${certificate.serialHex}, CRLReason ${reason}`);
    return this.certificates.bySerial(certificate.serialHex)!;
  }

  /**
   * The CA's step: every request at 制证 that has what it needs is issued (certificate),
   * executed (revocation) or released (unlock). Safe to call often and from one process only.
   */
  issuePending(): RequestRecord[] {
    const issuing = this.options.issuing;
    if (!issuing) return [];
    const done: RequestRecord[] = [];
    for (const request of this.requests.list({ stage: 'issuing' })) {
      if (request.kind === 'revoke') {
        this.db.transaction(() => {
          const certificate = request.certificateId
            ? this.certificates.byId(request.certificateId)
            : undefined;
          if (certificate)
            this.certificates.revoke(
              certificate.serialHex,
              request.revocationReason ?? 0,
              'ca-system',
              new Date().toISOString(),
            );
          done.push(this.requests.transition(request.id, 'issued', { kind: 'system', name: 'ca-system' }));
        })();
      } else if (request.kind === 'unlock') {
        // The SO PIN YiKey sets right after its single use of the current one; kept sealed.
        const nextSoPin = randomBytes(12).toString('base64url');
        this.db.transaction(() => {
          this.requests.setNextSoPin(request.id, this.options.sealer!.seal(Buffer.from(nextSoPin, 'utf8')));
          done.push(this.requests.transition(request.id, 'issued', { kind: 'system', name: 'ca-system' }));
        })();
      } else if (request.publicKey) {
        const subject = this.subjectFor(request);
        const issued = issuing.ca.issue(subject, request.publicKey, issuing.crlUrl());
        this.db.transaction(() => {
          this.certificates.add({
            serialHex: issued.serialHex,
            holderId: request.holderId,
            subject: describeName(subject),
            notBefore: issued.notBefore.toISOString(),
            notAfter: issued.notAfter.toISOString(),
            der: issued.der,
            issuedHere: true,
            requestId: request.id,
          });
          done.push(this.requests.transition(request.id, 'issued', { kind: 'system', name: 'ca-system' }));
        })();
      }
      // A unit-initiated renewal without the holder's new key waits here for the holder's kur.
    }
    return done;
  }

  /** The holder's receipt (签收): the request is done; a renewed or re-issued certificate supersedes the old one. */
  confirm(request: RequestRecord, holder: Holder): RequestRecord {
    return this.db.transaction(() => {
      const after = this.requests.transition(request.id, 'confirm', holderActor(holder));
      const issued = this.certificates.byRequest(request.id);
      if (issued) this.certificates.markReceived(issued.id, new Date().toISOString());
      const replaced = request.certificateId ? this.certificates.byId(request.certificateId) : undefined;
      if (replaced && replaced.status === 'valid' && ['renew', 'change', 'reissue'].includes(request.kind))
        this.certificates.revoke(
          replaced.serialHex,
          revocationReasons.superseded,
          'ca-system',
          new Date().toISOString(),
        );
      return after;
    })();
  }

  /** YiKey set the new SO PIN: it becomes the key's SO PIN on record and the unlock is done. */
  confirmUnlock(request: RequestRecord, holder: Holder): RequestRecord {
    return this.db.transaction(() => {
      const next = this.requests.nextSoPin(request.id);
      if (next) this.people.setSealedSoPin(holder.id, next);
      return this.requests.transition(request.id, 'confirm', holderActor(holder));
    })();
  }

  /** The holder refused the issued certificate: it is revoked and the request withdrawn. */
  decline(request: RequestRecord, holder: Holder, reason: string): RequestRecord {
    return this.db.transaction(() => {
      const issued = this.certificates.byRequest(request.id);
      if (issued)
        this.certificates.revoke(issued.serialHex, 0, `holder:${holder.idNumber}`, new Date().toISOString());
      return this.requests.transition(request.id, 'decline', holderActor(holder), reason);
    })();
  }

  private subjectFor(request: RequestRecord): Name {
    if (request.requestedSubject)
      return AsnConvert.parse(Buffer.from(request.requestedSubject, 'base64'), Name);
    const current = request.certificateId ? this.certificates.byId(request.certificateId) : undefined;
    if (current) return AsnConvert.parse(current.der, Certificate).tbsCertificate.subject;
    const holder = this.people.holder(request.holderId)!;
    const unit = this.people.unit(holder.unitId)!;
    return holderName({
      commonName: holder.commonName,
      organization: unit.name,
      unit: holder.department,
      idNumber: holder.idNumber,
    });
  }

  private move(
    requestId: number,
    action: 'approve' | 'reject' | 'withdraw',
    actor: Actor,
    reason?: string,
  ): RequestRecord {
    try {
      return this.requests.transition(requestId, action, actor, reason);
    } catch (error) {
      if (error instanceof TransitionRefused) throw new BackendRefusal(error.message);
      throw error;
    }
  }
}
