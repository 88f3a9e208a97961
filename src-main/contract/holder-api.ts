// Every method and event between the holder's renderer and the main process, declared once.
// Electron IPC, browser mode (WebSocket) and tests all derive their channels from this table:
// the server validates every input with it, the client validates every output with it.
// Names are `domain:verb`. Failures travel as SerializedError with the stable codes of
// error-codes.ts. Pure module: zod only, no Node or DOM APIs.
import { z } from 'zod';
import { pinSchema, slotIdSchema } from './wire-primitives';
import {
  certificateChainViewSchema,
  certificateListSchema,
  exportedFileSchema,
  settingsSchema,
  signedFileSchema,
  tokenListSchema,
  transferFileSchema,
  verificationViewSchema,
} from './holder-api-schemas';
import { diagnosticsReportSchema } from './diagnostics-schemas';
import { webOriginSchema } from './admin-policy';
import {
  bridgeRequestIdSchema,
  bridgeRequestOutcomeSchema,
  bridgeRequestViewSchema,
  bridgeStatusSchema,
} from './bridge-consent';
import { settingsPatchSchema } from './holder-settings';
import { tokenSummarySchema } from './token-types';
import {
  unlockContinueInputSchema,
  unlockListSchema,
  unlockStartInputSchema,
  unlockViewSchema,
} from './pin-unlock';
import {
  reissueInputSchema,
  reissueStartedSchema,
  requestIdSchema,
  requestListSchema,
  requestsChangedSchema,
  requestViewSchema,
  revocationReasonSchema,
  subjectChangesSchema,
} from './certificate-requests';

const empty = z.object({});
const slotInput = z.object({ slotId: slotIdSchema });
// PKCS#11 PINs are short; a bound keeps garbage from reaching the token host.
const pinValue = pinSchema;

export const holderApiMethods = {
  'tokens:list': { input: empty, output: tokenListSchema },
  'certs:list': { input: empty, output: certificateListSchema },
  /**
   * The certification path of one certificate on an inserted key, from the trust store and the
   * other certificates on the same key. Separate from certs:list, which stays cheap: each path
   * costs signature checks, and only the details view needs it.
   */
  'certs:chain': {
    input: z.object({ sha256Fingerprint: z.string().min(1).max(200) }),
    output: certificateChainViewSchema,
  },
  'certs:export': {
    input: z.object({ sha256Fingerprint: z.string().min(1).max(200), format: z.enum(['pem', 'der']) }),
    output: exportedFileSchema,
  },
  /** pin is omitted for a PIN-pad reader: the holder types it on the reader. */
  'session:login': { input: slotInput.extend({ pin: pinValue.optional() }), output: tokenSummarySchema() },
  'session:logout': { input: slotInput, output: empty },
  /** Logs out of every key; the holder is leaving the PC (provincial rules art. 18). */
  'session:lock': {
    // 'idle': the renderer saw no keyboard or mouse activity for the auto-lock time.
    input: z.object({ reason: z.enum(['holder', 'idle']).optional() }),
    output: empty,
  },
  /** Both PINs omitted for a PIN-pad reader: the holder types them on the reader. */
  'pin:change': {
    input: slotInput
      .extend({ oldPin: pinValue.optional(), newPin: pinValue.optional() })
      // Both or neither: one PIN alone is a caller's mistake, never a PIN-pad request.
      .refine((input) => (input.oldPin === undefined) === (input.newPin === undefined), {
        message: 'give both PINs, or neither for a PIN pad',
      }),
    output: empty,
  },
  'files:sign': {
    input: z.object({ file: transferFileSchema, sha256Fingerprint: z.string().min(1).max(200).optional() }),
    output: signedFileSchema,
  },
  'files:verify': {
    input: z.object({ file: transferFileSchema, signature: transferFileSchema }),
    output: verificationViewSchema,
  },
  'settings:get': { input: empty, output: settingsSchema },
  /**
   * The report for the IT helpdesk (诊断): app, module and why it was chosen, C_GetInfo, every
   * slot with its token's info, flags and mechanisms, trusted CA files, recent error codes.
   * Holds no PIN, secret or document content.
   */
  'diagnostics:get': { input: empty, output: diagnosticsReportSchema },
  /**
   * Any subset of the preferences. A module path is loaded in a fresh token host first and
   * refused (with that error) if it is not a usable PKCS#11 module; nothing is saved then.
   */
  'settings:set': { input: settingsPatchSchema, output: settingsSchema },
  /** The EMR bridge: its address, the approved websites, and requests waiting for the holder. */
  'bridge:status': { input: empty, output: bridgeStatusSchema },
  /** The holder's answer to a first contact or a consent (after logging in, if it needed a PIN). */
  'bridge:decide': {
    input: z.object({ requestId: bridgeRequestIdSchema, approve: z.boolean() }),
    output: empty,
  },
  /** Takes back the holder's approval of a website (IT's policy origins cannot be revoked here). */
  'bridge:revoke': { input: z.object({ origin: webOriginSchema }), output: bridgeStatusSchema },
  /** 我的申请: every certificate request with its stage, and renewals the unit offers. */
  'requests:list': { input: empty, output: requestListSchema },
  /**
   * 申请续期 (or 安装续期证书 for a renewal the unit offers): a new key pair on the USBKEY, a kur
   * signed with the current certificate. Needs the PIN session; the PIN is never part of it.
   */
  'requests:renew': {
    input: z.object({ sha256Fingerprint: z.string().min(1).max(200) }),
    output: requestViewSchema,
  },
  /** Asks the backend now; with an id, takes that request all the way (install, certConf, 签收). */
  'requests:sync': {
    // code: a re-issue's authorisation code typed again when no keychain kept it.
    input: z.object({ id: requestIdSchema.optional(), code: z.string().min(1).max(64).optional() }),
    output: requestListSchema,
  },
  /** 撤回 while under review. */
  'requests:withdraw': {
    // code: a re-issue's authorisation code typed again when no keychain kept it (its MAC secret).
    input: z.object({ id: requestIdSchema, code: z.string().min(1).max(64).optional() }),
    output: requestViewSchema,
  },
  /** 申请变更信息: a new key and a cr with the changed details, for the unit administrator to check. */
  'requests:change': {
    input: z.object({ sha256Fingerprint: z.string().min(1).max(200), changes: subjectChangesSchema }),
    output: requestViewSchema,
  },
  /** 申请注销: an rr signed with the certificate (a lost key: the unit administrator revokes it). */
  'requests:revoke': {
    input: z.object({ sha256Fingerprint: z.string().min(1).max(200), reason: revocationReasonSchema }),
    output: requestViewSchema,
  },
  /**
   * 补办证书 on a key without a certificate (the holder is logged in to it): a new key pair on it
   * and an ir MAC-protected with the reference number and code; the code goes to the keychain.
   */
  'requests:reissue': { input: reissueInputSchema, output: reissueStartedSchema },
  /** 重新提交 after 已驳回 (or 已撤回): a new request of the same kind. */
  'requests:resubmit': { input: z.object({ id: requestIdSchema }), output: requestViewSchema },
  /** PIN码解锁 on the locked-PIN screen: asks with the reference number and code (MAC), no PIN. */
  'unlock:start': { input: unlockStartInputSchema, output: unlockViewSchema },
  /** Asks again with the code; once approved, with the new PIN: SO login, C_InitPIN, SO PIN rotated. */
  'unlock:continue': { input: unlockContinueInputSchema, output: unlockViewSchema },
  /** Open and past unlocks (the code is never kept: continuing one asks for it again). */
  'unlock:list': { input: empty, output: unlockListSchema },
} as const;

export type HolderApiMethod = keyof typeof holderApiMethods;
export type HolderApiInput<M extends HolderApiMethod> = z.input<(typeof holderApiMethods)[M]['input']>;
export type HolderApiOutput<M extends HolderApiMethod> = z.output<(typeof holderApiMethods)[M]['output']>;

const tokenChange = z.object({ slotId: slotIdSchema, at: z.string() });

export const holderApiEvents = {
  'token:inserted': tokenChange,
  'token:removed': tokenChange,
  /** Every key was logged out: by the holder, by removal or because the token host restarted. */
  'session:locked': z.object({
    reason: z.enum(['holder', 'idle', 'token-removed', 'host-restarted', 'module-changed']),
    at: z.string(),
  }),
  /** The token host (vendor module) crashed or hung and was restarted; sessions are gone. */
  'host:restarted': z.object({ at: z.string() }),
  /** A website asks the holder something through the EMR bridge: show it at once. */
  'bridge:request': bridgeRequestViewSchema,
  'bridge:request-ended': z.object({ requestId: bridgeRequestIdSchema, outcome: bridgeRequestOutcomeSchema }),
  /**
   * Electron only: the desktop's idle time (the OS's, not the window's) nears the auto-lock.
   * 'warning' shows 即将自动退出登录 with the seconds left; 'active' takes it back.
   */
  'session:idle': z.discriminatedUnion('state', [
    z.object({ state: z.literal('warning'), secondsLeft: z.number().int().min(0).max(3_600) }),
    z.object({ state: z.literal('active') }),
  ]),
  /** A certificate request changed stage (我的申请 refreshes; a notice tells the holder). */
  'requests:changed': requestsChangedSchema,
} as const;

export type HolderApiEvent = keyof typeof holderApiEvents;
export type HolderApiEventPayload<E extends HolderApiEvent> = z.output<(typeof holderApiEvents)[E]>;

export function isHolderApiMethod(name: unknown): name is HolderApiMethod {
  return typeof name === 'string' && Object.hasOwn(holderApiMethods, name);
}

export function isHolderApiEvent(name: unknown): name is HolderApiEvent {
  return typeof name === 'string' && Object.hasOwn(holderApiEvents, name);
}
