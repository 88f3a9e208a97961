// One handler per contract method, each a thin call into the holder façade. Inputs arrive
// already validated by the dispatcher; outputs are validated again there before they leave.
import type { z } from 'zod';
import { derToPem } from '../certs/pem';
import { holderApiMethods, type HolderApiMethod, type HolderApiOutput } from '../contract/holder-api';
import { YiKeyError } from '../contract/yikey-error';
import type { RecentError } from '../contract/diagnostics-schemas';
import { collectDiagnostics } from './diagnostics-report';
import { bridgeNotRunning, type BridgeControl } from './bridge-control';
import type { HolderPort } from './holder-port';
import type { RequestsService } from './requests-service';
import type { SettingsService } from './settings-service';
import { signatureFileName } from './signature-file-name';

export type LockAnnouncement = 'holder' | 'idle' | 'module-changed';

export interface HandlerContext {
  holder: HolderPort;
  settings: SettingsService;
  /** Tells every connected renderer that the app is locked, and why. */
  announceLock: (reason: LockAnnouncement) => void;
  /** The last failed calls (method, time, code), newest first, for the diagnostics report. */
  recentErrors: () => RecentError[];
  /** The EMR bridge once it runs (dispatcher.attachBridge); null before, or without one. */
  bridge: () => BridgeControl | null;
  /** Certificate requests to the provincial backend (我的申请); null in tests that need none. */
  requests: RequestsService | null;
}

function requestsOf(context: HandlerContext): RequestsService {
  if (!context.requests) throw new YiKeyError('backend-not-configured', 'Requests are not available here');
  return context.requests;
}

type ParsedInput<M extends HolderApiMethod> = z.output<(typeof holderApiMethods)[M]['input']>;
export type MethodHandlers = {
  [M in HolderApiMethod]: (input: ParsedInput<M>, context: HandlerContext) => Promise<HolderApiOutput<M>>;
};

const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));
const base64Of = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function certificateFileStem(commonName: string | null, serialNumber: string): string {
  // Keep names a file system accepts everywhere; Chinese characters are fine.
  const readable = (commonName ?? 'certificate').replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${readable}-${serialNumber.slice(-8)}`;
}

export const methodHandlers: MethodHandlers = {
  'tokens:list': async (_input, { holder }) => ({ tokens: await holder.listTokens() }),

  'certs:list': async (_input, { holder, settings }) => {
    const listing = await holder.listAll();
    return {
      certificates: listing.certificates,
      keysWithoutCertificate: listing.keysWithoutCertificate,
      unreadableKeys: listing.unreadableKeys.map((key) => ({ ...key, error: key.error.toJSON() })),
      renewalWindowDays: settings.view().renewalWindowDays,
    };
  },

  'certs:chain': async ({ sha256Fingerprint }, { holder }) => {
    const { chain, trustStoreConfigured } = await holder.certificateChain(sha256Fingerprint);
    return {
      elements: chain.elements,
      chainStatus: chain.status,
      trustStoreConfigured,
      problems: [...new Set(chain.problems.map((problem) => problem.code))],
    };
  },

  'certs:export': async ({ sha256Fingerprint, format }, { holder }) => {
    const der = await holder.certificateDer(sha256Fingerprint);
    const entry = (await holder.listAll()).certificates.find(
      (candidate) => candidate.readable && candidate.certificate.sha256Fingerprint === sha256Fingerprint,
    );
    const stem =
      entry?.readable === true
        ? certificateFileStem(entry.certificate.subject.commonName, entry.certificate.serialNumber)
        : 'certificate';
    return format === 'pem'
      ? {
          fileName: `${stem}.pem`,
          mediaType: 'application/x-pem-file',
          contentBase64: Buffer.from(derToPem(der), 'utf8').toString('base64'),
        }
      : { fileName: `${stem}.cer`, mediaType: 'application/pkix-cert', contentBase64: base64Of(der) };
  },

  'session:login': async ({ slotId, pin }, { holder }) => {
    await holder.login(slotId, pin);
    const token = (await holder.listTokens()).find((candidate) => candidate.slotId === slotId);
    if (!token) throw new YiKeyError('token-removed', 'The USBKEY was removed during login');
    return token;
  },

  'session:logout': async ({ slotId }, { holder }) => {
    await holder.logout(slotId);
    return {};
  },

  'session:lock': async ({ reason }, { holder, announceLock }) => {
    // Announced only once every key is logged out: a lock that left a key open would lie.
    await holder.logoutAll();
    announceLock(reason ?? 'holder');
    return {};
  },

  'pin:change': async ({ slotId, oldPin, newPin }, { holder }) => {
    await holder.changePin(slotId, oldPin, newPin);
    return {};
  },

  'files:sign': async ({ file, sha256Fingerprint }, { holder }) => {
    const { signature, signer, signingTime } = await holder.sign({
      content: bytesOf(file.contentBase64),
      certificateFingerprint: sha256Fingerprint,
    });
    return {
      signature: {
        fileName: signatureFileName(file.name),
        mediaType: 'application/pkcs7-signature',
        contentBase64: base64Of(signature),
      },
      signer: {
        commonName: signer.certificate.subject.commonName,
        organization: signer.certificate.subject.organization,
        certificateSerial: signer.certificate.serialNumber,
        sha256Fingerprint: signer.certificate.sha256Fingerprint,
      },
      signedAt: signingTime.toISOString(),
    };
  },

  'files:verify': async ({ file, signature }, { holder }) =>
    await holder.verify({
      content: bytesOf(file.contentBase64),
      signature: bytesOf(signature.contentBase64),
    }),

  'settings:get': async (_input, { settings }) => settings.view(),

  'diagnostics:get': async (_input, { holder, settings, recentErrors }) => {
    const view = settings.view();
    return await collectDiagnostics({
      holder,
      module: view.module,
      moduleError: view.moduleError,
      trustedCas: view.trustedCas,
      recentErrors: recentErrors(),
    });
  },

  'bridge:status': async (_input, { bridge }) => bridge()?.status() ?? bridgeNotRunning,

  'bridge:decide': async ({ requestId, approve }, { bridge }) => {
    const running = bridge();
    if (!running) throw new YiKeyError('invalid-input', 'The EMR bridge is not running');
    running.decide(requestId, approve);
    return {};
  },

  'bridge:revoke': async ({ origin }, { bridge }) => {
    const running = bridge();
    if (!running) throw new YiKeyError('invalid-input', 'The EMR bridge is not running');
    await running.revoke(origin);
    return running.status();
  },

  'requests:list': async (_input, context) => requestsOf(context).list(),
  'requests:renew': async ({ sha256Fingerprint }, context) =>
    await requestsOf(context).renew(sha256Fingerprint),
  'requests:sync': async ({ id, code }, context) => await requestsOf(context).sync(id, code),
  'requests:reissue': async ({ slotId, reference, code }, context) =>
    await requestsOf(context).reissue(slotId, reference, code),
  'requests:withdraw': async ({ id, code }, context) => await requestsOf(context).withdraw(id, code),
  'requests:resubmit': async ({ id }, context) => await requestsOf(context).resubmit(id),
  'requests:change': async ({ sha256Fingerprint, changes }, context) =>
    await requestsOf(context).change(sha256Fingerprint, changes),
  'requests:revoke': async ({ sha256Fingerprint, reason }, context) =>
    await requestsOf(context).revoke(sha256Fingerprint, reason),
  'unlock:start': async ({ slotId, reference, code }, context) =>
    await requestsOf(context).unlocks.start(slotId, reference, code),
  'unlock:continue': async ({ id, code, newPin }, context) =>
    await requestsOf(context).unlocks.continue(id, code, newPin),
  'unlock:list': async (_input, context) => requestsOf(context).unlocks.list(),

  'settings:set': async (patch, { settings, announceLock }) => {
    const { settings: updated, moduleChanged } = await settings.update(patch);
    // The old token host is gone and every login with it; renderers show the login again.
    if (moduleChanged) announceLock('module-changed');
    return updated;
  },
};
