// 我的申请: the holder's certificate requests to the provincial backend as the renderer sees
// them (issue 8), and the stage changes it is told about. One schema per wire shape; the
// main process builds these views from the request journal (holder-api/requests-view.ts).
// Pure module: zod only.
import { z } from 'zod';
import { serializedErrorSchema, slotIdSchema } from './wire-primitives';

/**
 * Where a request stands, in the holder's terms: the backend's review stages
 * (已提交 → 单位审核 → 信息中心审批 → 制证), then 待安装 → 已完成, or 已驳回 / 已撤回; plus the
 * steps YiKey takes on its own (preparing: key and request being made or sent; installing).
 */
export const requestProgressSchema = z.enum([
  'preparing',
  'submitted',
  'unit-review',
  'center-review',
  'issuing',
  'ready-to-install',
  'installing',
  'completed',
  'rejected',
  'withdrawn',
  'failed',
]);
export type RequestProgress = z.infer<typeof requestProgressSchema>;

/**
 * The review stages a waiting answer names (docs/cmp-profile.md: YiKey's stage infoType, or the
 * backend's words): 已提交 → 单位审核 → 信息中心审批 → 制证.
 */
export const reviewStageSchema = z.enum(['submitted', 'unit-review', 'center-review', 'issuing']);
export type ReviewStage = z.infer<typeof reviewStageSchema>;

export const requestKindSchema = z.enum(['renew', 'change', 'revoke', 'reissue', 'unlock']);
export type RequestKind = z.infer<typeof requestKindSchema>;

export const requestIdSchema = z.string().uuid();

/**
 * Why the holder asks for 注销 (seeds art. 15): 私钥泄露, 身份信息变更, 工作调动, 离职, 退休.
 * The CRLReason each is sent as: lifecycle/revocation-reasons.ts.
 */
export const revocationReasonSchema = z.enum([
  'key-leaked',
  'identity-changed',
  'job-change',
  'leaving',
  'retirement',
]);
export type RevocationReasonName = z.infer<typeof revocationReasonSchema>;

/** 变更: the details a holder may change; at least one. */
export const subjectChangesSchema = z.object({
  commonName: z.string().max(64).optional(),
  department: z.string().max(64).optional(),
  idNumber: z.string().max(18).optional(),
});

export const requestViewSchema = z.object({
  id: requestIdSchema,
  kind: requestKindSchema,
  progress: requestProgressSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  tokenLabel: z.string().max(200),
  tokenSerial: z.string().max(200),
  /** The certificate this request renews (SHA-256, as certs:list names it); empty for a re-issue. */
  certificateFingerprint: z.string().max(200),
  /** A re-issue's reference number (参考号), to ask for its code again when no keychain kept it. */
  reference: z.string().max(40).optional(),
  /** The reviewer's words when 已驳回. */
  rejectionReason: z.string().max(2000).nullable(),
  /** When YiKey asks the backend again while the request waits. */
  nextCheckAt: z.string().nullable(),
  /** Why the last step did not go through (backend down, key not inserted, …); it is retried. */
  problem: serializedErrorSchema.nullable(),
  canWithdraw: z.boolean(),
  canResubmit: z.boolean(),
  canInstall: z.boolean(),
});
export type RequestView = z.infer<typeof requestViewSchema>;

/** A renewal the holder's unit applied for: YiKey offers 安装续期证书 for this certificate. */
export const renewalOfferViewSchema = z.object({
  certificateFingerprint: z.string().max(200),
  tokenLabel: z.string().max(200),
  commonName: z.string().max(200).nullable(),
});
export type RenewalOfferView = z.infer<typeof renewalOfferViewSchema>;

export const requestListSchema = z.object({
  requests: z.array(requestViewSchema).max(1000),
  offers: z.array(renewalOfferViewSchema).max(100),
  /** Journal files that could not be read (support staff find them by the diagnostics). */
  unreadable: z.number().int().min(0),
  /** False when no backend address is set anywhere: 申请续期 cannot work yet. */
  backendConfigured: z.boolean(),
});
export type RequestList = z.infer<typeof requestListSchema>;

export const requestChangeSchema = z.object({
  id: requestIdSchema,
  kind: requestKindSchema,
  /** null: a request the holder has not seen before (just submitted). */
  from: requestProgressSchema.nullable(),
  to: requestProgressSchema,
});
export type RequestChange = z.infer<typeof requestChangeSchema>;

export const requestsChangedSchema = z.object({
  at: z.string(),
  changes: z.array(requestChangeSchema).max(1000),
  /** A unit-initiated renewal became available (or went away): 我的申请 shows the offer. */
  offersChanged: z.boolean(),
});

/**
 * 补办证书 on a key with no certificate: the reference number and one-time authorisation code
 * (授权码) from the unit's certificate administrator. Bounded here; checked for form (1–20
 * digits, 1–64 printable characters) by the workflow, which says which field is wrong.
 */
export const reissueInputSchema = z.object({
  slotId: slotIdSchema,
  reference: z.string().min(1).max(40),
  code: z.string().min(1).max(64),
});

export const reissueStartedSchema = z.object({
  request: requestViewSchema,
  /** False: no system keychain took the code; YiKey asks for it again to continue. */
  codeKept: z.boolean(),
});
export type ReissueStarted = z.infer<typeof reissueStartedSchema>;
