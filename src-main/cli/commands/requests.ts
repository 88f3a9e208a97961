// Certificate requests to the provincial backend (issue 8):
//   yikey request renew [--cert SHA256] [--pin-stdin] [--wait SECONDS]
//   yikey request change [--name N] [--department D] [--id-number X] [--cert SHA256] [--pin-stdin]
//   yikey request revoke --reason key-leaked|identity-changed|job-change|leaving|retirement
//   yikey request reissue --ref NUMBER [--serial TOKEN_SERIAL] [--pin-stdin] (reissue.ts)
//   yikey requests [--json]
//   yikey requests sync [--pin-stdin] [--wait SECONDS]
import type { Command } from 'commander';
import { describeRequestStage, requestKindText } from '../../contract/request-stage-text';
import { adminPolicyPathFrom, loadAdminPolicy } from '../../holder-api/admin-policy-file';
import { loadTrustStore, trustedCaSources } from '../../holder-api/trust-store';
import {
  backendEndpoint,
  CertificateRequests,
  checkSubjectChanges,
  defaultDataDirectory,
  holderRevocationReasons,
  isHolderRevocationReason,
  RequestJournalReader,
  type RequestRecord,
} from '../../holder/certificate-requests';
import { holderForModule } from '../../holder/holder-for-module';
import type { HolderService } from '../../holder/holder-service';
import { cliLanguage, type GlobalOptions } from '../cli-context';
import { loginForCli } from '../login-flow';
import { pinSource } from '../pin-input';
import { YiKeyError } from '../../contract/yikey-error';
import { printUnlockRecords, registerUnlockCommand, syncUnlocks, unlockListing, unlockView } from './unlock';
import { PinUnlockRequests } from '../../holder/pin-unlock-requests';
import { reviewStageFromText } from '../../contract/request-stage-text';
import { journalRecordFields, printJournalRecord, reportJournalRecordError } from './journal-record-view';
import { registerReissueCommand, syncReissueCodes } from './reissue';
import { resolve } from 'node:path';

interface RequestOptions {
  cert?: string;
  name?: string;
  department?: string;
  idNumber?: string;
  reason?: string;
  pinStdin?: boolean;
  wait?: string;
}

/** The CLI's holder with the trust store of YIKEY_TRUSTED_CA and the backend of env / policy file. */
async function withRequests<T>(
  program: Command,
  action: (holder: HolderService, requests: CertificateRequests, unlocks: PinUnlockRequests) => Promise<T>,
): Promise<T> {
  const modulePath = program.opts<GlobalOptions>().module?.trim();
  const holder = holderForModule(modulePath ? resolve(modulePath) : undefined);
  const trustStore = await loadTrustStore(trustedCaSources([], process.env.YIKEY_TRUSTED_CA));
  holder.setTrustedCertificates(trustStore.certificatesDer);
  const { policy } = await loadAdminPolicy(adminPolicyPathFrom());
  const requests = new CertificateRequests(holder, {
    dataDirectory: defaultDataDirectory(),
    endpoint: () => backendEndpoint({ policy: policy.backend }),
  });
  const unlocks = new PinUnlockRequests(holder, {
    dataDirectory: defaultDataDirectory(),
    endpoint: () => backendEndpoint({ policy: policy.backend }),
    // The CLI asks for an unlock code at each sync; only the app keeps it for background polling.
    secrets: null,
  });
  try {
    await holder.start();
    return await action(holder, requests, unlocks);
  } finally {
    await holder.stop();
  }
}

function waitSeconds(options: RequestOptions): number {
  const value = Number(options.wait ?? '30');
  return Number.isFinite(value) && value >= 0 ? Math.min(value, 3600) : 30;
}

export function registerRequestCommands(program: Command): void {
  const request = program
    .command('request')
    .description('ask the provincial backend for a certificate change');
  request
    .command('renew')
    .description('续期: a new key on the USBKEY, a request signed with the current certificate')
    .option('--cert <sha256>', 'certificate to renew, by SHA-256 fingerprint (needed when several)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .action(async (options: RequestOptions) => {
      const record = await withRequests(program, async (holder, requests) => {
        const listing = await holder.listAll();
        const target = listing.certificates.find(
          (entry) =>
            entry.readable &&
            (!options.cert || entry.certificate.sha256Fingerprint === options.cert.toUpperCase()),
        );
        if (target) await loginForCli(holder, target.slotId, pinSource(options));
        return requests.renew(options.cert?.toUpperCase(), { waitUpToSeconds: waitSeconds(options) });
      });
      printRecords([record]);
      reportJournalRecordError(record);
    });
  registerReissueCommand(
    request,
    (action) => withRequests(program, (holder, requests) => action(holder, requests)),
    waitSeconds,
    (record) => {
      printRecords([record]);
      reportJournalRecordError(record);
    },
  );
  registerUnlockCommand(
    request,
    (action) => withRequests(program, (holder, _requests, unlocks) => action(holder, unlocks)),
    waitSeconds,
  );

  request
    .command('change')
    .description(
      '变更: a certificate with changed details (name, department, ID number), for the unit to check',
    )
    .option('--cert <sha256>', 'certificate to change, by SHA-256 fingerprint (needed when several)')
    .option('--name <name>', 'the new name (CN)')
    .option('--department <department>', 'the new department (OU)')
    .option('--id-number <number>', 'the new resident ID number (18 characters)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .action(async (options: RequestOptions) => {
      // Checked before the PIN is asked for: a typo should not cost a PIN entry.
      const changes = checkSubjectChanges({
        commonName: options.name,
        department: options.department,
        idNumber: options.idNumber,
      });
      const record = await withRequests(program, async (holder, requests) => {
        await loginForTarget(holder, options);
        return requests.change(options.cert?.toUpperCase(), changes, {
          waitUpToSeconds: waitSeconds(options),
        });
      });
      printRecords([record]);
      reportJournalRecordError(record);
    });
  request
    .command('revoke')
    .description(
      '注销: revoke the certificate on the inserted USBKEY (a lost key: ask the unit administrator)',
    )
    .requiredOption('--reason <reason>', `why: ${Object.keys(holderRevocationReasons).join(', ')}`)
    .option('--cert <sha256>', 'certificate to revoke, by SHA-256 fingerprint (needed when several)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .addHelpText('after', `\n${lostKeyText('en')}\n${lostKeyText('zh-CN')}`)
    .action(async (options: RequestOptions) => {
      const reason = options.reason ?? '';
      if (!isHolderRevocationReason(reason))
        throw new YiKeyError(
          'invalid-input',
          `Unknown reason "${reason.slice(0, 40)}": use one of ${Object.keys(holderRevocationReasons).join(', ')}`,
        );
      const record = await withRequests(program, async (holder, requests) => {
        const tokens = await holder.listTokens();
        if (tokens.length === 0) throw new YiKeyError('token-not-present', lostKeyText(cliLanguage()));
        await loginForTarget(holder, options);
        return requests.revoke(options.cert?.toUpperCase(), reason, {
          waitUpToSeconds: waitSeconds(options),
        });
      });
      printRecords([record]);
      reportJournalRecordError(record);
    });

  const requests = program
    .command('requests')
    .description('我的申请: every certificate request and its stage')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { records, unreadable } = journalListing();
      const unlocks = unlockListing();
      if (options.json)
        process.stdout.write(
          `${JSON.stringify(
            {
              requests: [...records.map(recordView), ...unlocks.records.map(unlockView)],
              unreadable: [...unreadable, ...unlocks.unreadable],
            },
            null,
            2,
          )}\n`,
        );
      else {
        if (unlocks.records.length === 0 || records.length > 0) printRecords(records);
        printUnlockRecords(unlocks.records);
      }
    });
  requests
    .command('sync')
    .description('poll the backend, install issued certificates, confirm receipt (签收)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .action(async (options: RequestOptions) => {
      let unlocked: Awaited<ReturnType<typeof syncUnlocks>> = [];
      const records = await withRequests(program, async (holder, certificateRequests, unlocks) => {
        const open = certificateRequests.openRequests();
        const tokens = await holder.listTokens();
        const pins = pinSource(options);
        for (const serial of new Set(open.map((record) => record.token.serial))) {
          const token = tokens.find((candidate) => candidate.serial === serial);
          if (token) await loginForCli(holder, token.slotId, pins);
        }
        const synced = await syncReissueCodes(
          certificateRequests,
          await certificateRequests.sync({ waitUpToSeconds: waitSeconds(options) }),
          pins,
          waitSeconds(options),
        );
        unlocked = await syncUnlocks(unlocks, pins, waitSeconds(options));
        return synced;
      });
      if (records.length > 0 || unlocked.length === 0) printRecords(records);
      for (const record of records) reportJournalRecordError(record);
      printUnlockRecords(unlocked);
      for (const record of unlocked) reportJournalRecordError(record);
    });
}

/** Logs in to the key holding the certificate asked for (or the first readable one). */
async function loginForTarget(holder: HolderService, options: RequestOptions): Promise<void> {
  const listing = await holder.listAll();
  const target = listing.certificates.find(
    (entry) =>
      entry.readable && (!options.cert || entry.certificate.sha256Fingerprint === options.cert.toUpperCase()),
  );
  if (target) await loginForCli(holder, target.slotId, pinSource(options));
}

/** A lost key cannot sign its own revocation. */
function lostKeyText(language: 'zh-CN' | 'en'): string {
  return language === 'zh-CN'
    ? 'USBKEY丢失时无法由本人申请注销：请联系单位证书管理员在管理台中注销证书。'
    : "A lost USBKEY cannot sign its own revocation: ask your unit's certificate administrator to revoke the certificate in the console.";
}

/** Listing needs neither the key nor the backend: only the journal. */
function journalListing(): ReturnType<CertificateRequests['list']> {
  return new RequestJournalReader(defaultDataDirectory()).list();
}

function stageText(record: RequestRecord): string {
  const reviewStage =
    record.stage === 'waiting' ? (record.reviewStage ?? reviewStageFromText(record.statusText)) : undefined;
  return describeRequestStage(record.stage, reviewStage, cliLanguage());
}

function recordView(record: RequestRecord) {
  return {
    ...journalRecordFields(record, stageText(record)),
    oldCertificateFingerprint: record.oldCertificateFingerprint,
    reference: record.reference ?? null,
    newKeyId: record.newKeyId,
    transactionId: record.transactionId,
  };
}

function printRecords(records: RequestRecord[]): void {
  if (records.length === 0) {
    process.stdout.write(cliLanguage() === 'zh-CN' ? '没有申请\n' : 'No requests\n');
    return;
  }
  for (const record of records)
    printJournalRecord(record, { kind: requestKindText[record.kind], stage: stageText(record) });
}
