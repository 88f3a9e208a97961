// The holder's certificate requests to the provincial backend (issue 8), composed from
// lifecycle/: renew a certificate on an inserted key, list every request with its stage, and
// sync (poll, install, confirm, retire the old key). Doors call this, never lifecycle/ itself.
import type { CmpEndpoint } from '../cmp/http-transport';
import { YiKeyError } from '../contract/yikey-error';
import { RequestJournal } from '../lifecycle/request-journal';
import { finalStages, type RequestRecord } from '../lifecycle/request-record';
import { RenewalWorkflow, type AdvanceOptions } from '../lifecycle/renewal';
import { askRenewalOffer, type RenewalOfferAnswer } from '../lifecycle/renewal-offer-check';
import { chooseSigningCertificate } from './choose-signing-certificate';
import type { HolderService } from './holder-service';

export type { RequestRecord } from '../lifecycle/request-record';
export { finalStages } from '../lifecycle/request-record';
export { backendEndpoint } from '../lifecycle/backend-endpoint';
export { defaultDataDirectory, RequestJournal as RequestJournalReader } from '../lifecycle/request-journal';

export interface CertificateRequestsOptions {
  dataDirectory: string;
  endpoint: () => CmpEndpoint;
}

export class CertificateRequests {
  private readonly journal: RequestJournal;
  private readonly renewal: RenewalWorkflow;

  constructor(
    private readonly holder: HolderService,
    private readonly options: CertificateRequestsOptions,
  ) {
    const parts = holder.lifecycleParts();
    this.journal = new RequestJournal(options.dataDirectory);
    this.renewal = new RenewalWorkflow({
      host: parts.host,
      journal: this.journal,
      endpoint: options.endpoint,
      trustedDer: parts.trustedDer,
      clock: parts.clock,
    });
  }

  /** Renews the certificate (by fingerprint, or the only one) on a key the holder is logged in to. */
  async renew(fingerprint: string | undefined, options: AdvanceOptions = {}): Promise<RequestRecord> {
    const listing = await this.holder.listAll();
    const entry = chooseSigningCertificate(listing.certificates, fingerprint);
    const token = listing.tokens.find((candidate) => candidate.slotId === entry.slotId);
    if (!token?.loggedIn)
      throw new YiKeyError('not-logged-in', 'Log in with the PIN before asking for renewal');
    const keyAlgorithm = entry.certificate.keyAlgorithm;
    if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC')
      throw new YiKeyError('mechanism-unsupported', `Renewal of ${keyAlgorithm} keys is not supported yet`, {
        keyAlgorithm,
      });
    const certificateDer = await this.holder.certificateDer(entry.certificate.sha256Fingerprint);
    try {
      return await this.renewal.start(
        { slotId: entry.slotId, keyId: entry.objectId, certificateDer, keyAlgorithm },
        options,
      );
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
          results.push(await this.renewal.advance(record.id, options));
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

  /** One request, as far as it goes now (安装续期证书: install, certConf, retire the old key). */
  async advance(id: string, options: AdvanceOptions = {}): Promise<RequestRecord> {
    try {
      return await this.renewal.advance(id, options);
    } finally {
      this.holder.lifecycleParts().objectsChanged();
    }
  }

  /** 撤回 while the request waits for review (the key must be inserted and logged in). */
  async withdraw(id: string): Promise<RequestRecord> {
    try {
      return await this.renewal.withdraw(id);
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
    return this.renew(record.oldCertificateFingerprint, options);
  }

  /** Whether the unit applied for a renewal of this certificate (needs the PIN session). */
  async renewalOffer(fingerprint: string): Promise<RenewalOfferAnswer> {
    const listing = await this.holder.listAll();
    const entry = chooseSigningCertificate(listing.certificates, fingerprint);
    const keyAlgorithm = entry.certificate.keyAlgorithm;
    if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC') return { offered: false, statusText: [] };
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
