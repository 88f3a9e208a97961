// The holder's certificate requests to the provincial backend (issue 8), composed from
// lifecycle/: renew a certificate on an inserted key, list every request with its stage, and
// sync (poll, install, confirm, retire the old key). Doors call this, never lifecycle/ itself.
import type { CmpEndpoint } from '../cmp/http-transport';
import { YiKeyError } from '../contract/yikey-error';
import { RequestJournal } from '../lifecycle/request-journal';
import { finalStages, type RequestRecord } from '../lifecycle/request-record';
import { RenewalWorkflow, type AdvanceOptions } from '../lifecycle/renewal';
import { chooseSigningCertificate } from './choose-signing-certificate';
import type { HolderService } from './holder-service';

export type { RequestRecord } from '../lifecycle/request-record';
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
    options: CertificateRequestsOptions,
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
    if (keyAlgorithm !== 'RSA' && keyAlgorithm !== 'EC' && keyAlgorithm !== 'SM2')
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

  /** Advances every open request as far as it goes now; one failing request does not stop the others. */
  async sync(options: AdvanceOptions = {}): Promise<RequestRecord[]> {
    const results: RequestRecord[] = [];
    try {
      for (const record of this.journal.list().records) {
        if (finalStages.includes(record.stage)) continue;
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

  /** Open requests that need the key and PIN for their next step (not a plain resend). */
  openRequests(): RequestRecord[] {
    return this.journal.list().records.filter((record) => !finalStages.includes(record.stage));
  }
}
