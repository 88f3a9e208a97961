// The holder's certificate requests to the provincial backend (issue 8), composed from
// lifecycle/: renew a certificate on an inserted key, list every request with its stage, and
// sync (poll, install, confirm, retire the old key). Doors call this, never lifecycle/ itself.
import type { CmpEndpoint } from '../cmp/http-transport';
import { YiKeyError } from '../contract/yikey-error';
import { RequestJournal } from '../lifecycle/request-journal';
import { finalStages, type RequestRecord } from '../lifecycle/request-record';
import type { AdvanceOptions, RenewalTarget } from '../lifecycle/renewal';
import { changedSubjectDer, type SubjectChanges } from '../lifecycle/changed-subject';
import { ReissueWorkflow, type ReissueAdvanceOptions, type ReissueStarted } from '../lifecycle/reissue';
import { keytarRequestSecretStore, type RequestSecretStore } from '../lifecycle/request-secret-keychain';
import type { HolderRevocationReason } from '../lifecycle/revocation-reasons';
import { askRenewalOffer, type RenewalOfferAnswer } from '../lifecycle/renewal-offer-check';
import { chooseSigningCertificate } from './choose-signing-certificate';
import type { HolderService } from './holder-service';

export type { RequestRecord } from '../lifecycle/request-record';
export { finalStages } from '../lifecycle/request-record';
export { checkSubjectChanges, type SubjectChanges } from '../lifecycle/changed-subject';
export { holderRevocationReasons, isHolderRevocationReason } from '../lifecycle/revocation-reasons';
export { backendEndpoint } from '../lifecycle/backend-endpoint';
export { defaultDataDirectory, RequestJournal as RequestJournalReader } from '../lifecycle/request-journal';

export interface CertificateRequestsOptions {
  dataDirectory: string;
  endpoint: () => CmpEndpoint;
  /** Where a re-issue keeps its authorisation code between syncs (default: the OS keychain). */
  secrets?: RequestSecretStore;
}

export class CertificateRequests {
  private readonly journal: RequestJournal;
  /** Runs every kind: re-issues, revocations, renewals and changes (one subclass each). */
  private readonly workflow: ReissueWorkflow;

  constructor(
    private readonly holder: HolderService,
    private readonly options: CertificateRequestsOptions,
  ) {
    const parts = holder.lifecycleParts();
    this.journal = new RequestJournal(options.dataDirectory);
    this.workflow = new ReissueWorkflow({
      host: parts.host,
      journal: this.journal,
      endpoint: options.endpoint,
      trustedDer: parts.trustedDer,
      clock: parts.clock,
      secrets: options.secrets ?? keytarRequestSecretStore(),
    });
  }

  /** Renews the certificate (by fingerprint, or the only one) on a key the holder is logged in to. */
  async renew(fingerprint: string | undefined, options: AdvanceOptions = {}): Promise<RequestRecord> {
    const target = await this.targetOf(fingerprint, 'renewal');
    return this.afterwardsRefresh(() => this.workflow.start(target, options));
  }

  /** 变更: a new key and a certificate with the changed details, for the unit to check. */
  async change(
    fingerprint: string | undefined,
    changes: SubjectChanges,
    options: AdvanceOptions = {},
  ): Promise<RequestRecord> {
    const target = await this.targetOf(fingerprint, 'a change');
    const subjectDer = changedSubjectDer(target.certificateDer, changes);
    return this.afterwardsRefresh(() => this.workflow.start(target, options, { subjectDer }));
  }

  /** 注销 of a certificate whose key is here (a lost key: the unit administrator revokes it). */
  async revoke(
    fingerprint: string | undefined,
    reason: HolderRevocationReason,
    options: AdvanceOptions = {},
  ): Promise<RequestRecord> {
    const target = await this.targetOf(fingerprint, 'revocation');
    return this.afterwardsRefresh(() => this.workflow.startRevocation(target, reason, options));
  }

  /**
   * 补办: a new key pair and certificate on the key in `slotId`, which the holder is logged in
   * to, authorised by the reference number and code from the unit.
   */
  async reissue(
    slotId: string,
    reference: string,
    code: string,
    options: AdvanceOptions = {},
  ): Promise<ReissueStarted> {
    const token = (await this.holder.listTokens()).find((candidate) => candidate.slotId === slotId);
    if (!token) throw new YiKeyError('token-not-present', 'The USBKEY is not inserted');
    if (!token.loggedIn)
      throw new YiKeyError('not-logged-in', 'Log in with the PIN before asking for a re-issue');
    return this.afterwardsRefresh(() => this.workflow.startReissue({ slotId, reference }, code, options));
  }

  private async targetOf(fingerprint: string | undefined, what: string): Promise<RenewalTarget> {
    const listing = await this.holder.listAll();
    const entry = chooseSigningCertificate(listing.certificates, fingerprint);
    const token = listing.tokens.find((candidate) => candidate.slotId === entry.slotId);
    if (!token?.loggedIn)
      throw new YiKeyError('not-logged-in', `Log in with the PIN before asking for ${what}`);
    const keyAlgorithm = entry.certificate.keyAlgorithm;
    if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'SM2')
      throw new YiKeyError(
        'mechanism-unsupported',
        `Requests for ${keyAlgorithm} keys are not supported yet`,
        {
          keyAlgorithm,
        },
      );
    const certificateDer = await this.holder.certificateDer(entry.certificate.sha256Fingerprint);
    return { slotId: entry.slotId, keyId: entry.objectId, certificateDer, keyAlgorithm };
  }

  /** The key's objects may have changed (new key, installed or removed certificate). */
  private async afterwardsRefresh<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
  }

  list(): { records: RequestRecord[]; unreadable: { file: string; reason: string }[] } {
    return this.journal.list();
  }

  /**
   * Advances every open request (or those `only` picks) as far as it goes now; one failing
   * request does not stop the others.
   */
  async sync(
    options: AdvanceOptions = {},
    only: (record: RequestRecord) => boolean = () => true,
  ): Promise<RequestRecord[]> {
    const results: RequestRecord[] = [];
    try {
      for (const record of this.journal.list().records) {
        if (finalStages.includes(record.stage) || !only(record)) continue;
        try {
          results.push(await this.workflow.advance(record.id, options));
        } catch (error) {
          if (!(error instanceof YiKeyError && error.code === 'request-busy')) throw error;
          results.push(record);
        }
      }
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
    return results;
  }

  /**
   * One request, as far as it goes now (安装续期证书: install, certConf, retire the old key); a
   * re-issue without a keychain takes its code in `options.code`.
   */
  async advance(id: string, options: ReissueAdvanceOptions = {}): Promise<RequestRecord> {
    try {
      return await this.workflow.advance(id, options);
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
  }

  /**
   * 撤回 while the request waits for review (the key must be inserted and logged in); `code`: a
   * re-issue's authorisation code typed again when no keychain kept it.
   */
  async withdraw(id: string, code?: string): Promise<RequestRecord> {
    try {
      return await this.workflow.withdraw(id, code);
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
  }

  /** 重新提交 after 已驳回: a new request of the same kind for the same certificate. */
  async resubmit(id: string, options: AdvanceOptions = {}): Promise<RequestRecord> {
    const record = this.journal.load(id);
    if (record.stage !== 'rejected' && record.stage !== 'withdrawn' && record.stage !== 'failed')
      throw new YiKeyError(
        'invalid-input',
        'Only a request that ended without a certificate is submitted again',
        {
          id,
        },
      );
    // A change needs its details again and a revocation its reason: only a renewal is repeated as is.
    if (record.kind !== 'renew')
      throw new YiKeyError('invalid-input', 'Ask for the change or revocation again with its details', {
        id,
      });
    return this.renew(record.oldCertificateFingerprint, options);
  }

  /** Whether the unit applied for a renewal of this certificate (needs the PIN session). */
  async renewalOffer(fingerprint: string): Promise<RenewalOfferAnswer> {
    const listing = await this.holder.listAll();
    const entry = chooseSigningCertificate(listing.certificates, fingerprint);
    const keyAlgorithm = entry.certificate.keyAlgorithm;
    if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'SM2')
      return { offered: false, statusText: [] };
    const parts = this.holder.lifecycleParts();
    return askRenewalOffer({
      host: parts.host,
      endpoint: this.options.endpoint(),
      trustedDer: parts.trustedDer(),
      clock: parts.clock,
      target: {
        slotId: entry.slotId,
        keyId: entry.objectId,
        certificateDer: await this.holder.certificateDer(fingerprint),
        keyAlgorithm,
      },
    });
  }

  /** Open requests that need the key and PIN for their next step (not a plain resend). */
  openRequests(): RequestRecord[] {
    return this.journal.list().records.filter((record) => !finalStages.includes(record.stage));
  }
}
