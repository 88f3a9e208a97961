// The policy file hospital IT deploys next to the app (default /etc/yikey/policy.json): whom a
// holder with a locked PIN or an expiring certificate should call. Declared once here; the core
// validates the file with it and the renderer reads it from settings:get.
// Pure module: zod only.
import { z } from 'zod';

/** Where hospital IT puts the file; YIKEY_POLICY_FILE names another one (tests, demos). */
export const defaultAdminPolicyPath = '/etc/yikey/policy.json';

/** A contact card is a few hundred bytes; the cap keeps a wrong path from bloating the process. */
export const maxAdminPolicyFileBytes = 64 * 1024;

// Bounded so a long text cannot break the layout of the locked screen.
const text = (max: number) => z.string().trim().min(1).max(max);

export const helpdeskSchema = z.object({
  /** The unit's certificate administrator (本单位证书管理员). */
  unitAdministrator: z
    .object({ name: text(100), phone: text(40).optional(), email: text(254).optional() })
    .strict()
    .optional(),
  /** The CA's service hotline (CA服务热线). */
  caHotline: z
    .object({ name: text(100), phone: text(40) })
    .strict()
    .optional(),
});
export type Helpdesk = z.infer<typeof helpdeskSchema>;

/**
 * The provincial backend's CMP address (issue 8): https, or http on loopback (checked where it
 * is used), and optionally a PEM file with the trust anchor for its TLS certificate.
 */
export const backendPolicySchema = z
  .object({ url: z.string().trim().url().max(2048), tlsTrustAnchorFile: text(4096).optional() })
  .strict();
export type BackendPolicy = z.infer<typeof backendPolicySchema>;

/**
 * A web origin exactly as a browser sends it in the Origin header: scheme, host, port only when
 * not the default, lowercase, nothing after. Anything else would never match a real page.
 */
export const webOriginSchema = z
  .string()
  .max(253)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://emr.hospital.example');

/**
 * The EMR bridge as hospital IT sets it up (docs/bridge.md): the hospital systems' origins,
 * approved without asking the holder, the only way to allow an http:// origin; the port; or no
 * bridge at all.
 */
export const bridgePolicySchema = z
  .object({
    enabled: z.boolean().optional(),
    port: z.number().int().min(1024).max(65535).optional(),
    approvedOrigins: z.array(webOriginSchema).max(100).optional(),
  })
  .strict();
export type BridgePolicy = z.infer<typeof bridgePolicySchema>;

export const adminPolicySchema = z.object({
  helpdesk: helpdeskSchema.default({}),
  backend: backendPolicySchema.optional(),
  bridge: bridgePolicySchema.optional(),
});
export type AdminPolicy = z.infer<typeof adminPolicySchema>;

export const noAdminPolicy: AdminPolicy = { helpdesk: {} };

/** Why the policy file was not used: the defaults ("ask your certificate administrator") apply. */
export const adminPolicyWarningSchema = z.enum(['corrupt', 'unreadable', 'not-file', 'too-large']);
export type AdminPolicyWarning = z.infer<typeof adminPolicyWarningSchema>;
