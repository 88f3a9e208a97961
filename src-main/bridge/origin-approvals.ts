// Which websites may use the bridge: hospital IT's list (admin policy, read-only here) and the
// holder's own approvals of first contacts, kept in a file sealed with an HMAC whose key lives
// in the OS keychain (integrity-key.ts). Another program that edits the file cannot add an
// origin silently: a seal that does not match makes YiKey ignore the file and say so.
// Without a keychain, approvals hold for this run only and the file is neither read nor written.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { webOriginSchema } from '../contract/admin-policy';
import type { BridgeApprovalView, BridgeStatus } from '../contract/bridge-consent';
import type { IntegrityKeyStore } from './integrity-key';

/** Far more than a holder approves; the cap keeps a planted file from bloating the process. */
const maxApprovalsFileBytes = 256 * 1024;

const approvalSchema = z.object({ origin: webOriginSchema, approvedAt: z.string().max(40) }).strict();
const approvalsFileSchema = z
  .object({ version: z.literal(1), origins: z.array(approvalSchema).max(1000), mac: z.string() })
  .strict();
type Approval = z.infer<typeof approvalSchema>;

/** What the seal covers, serialised in a fixed order so reading it back gives the same bytes. */
function sealedText(origins: Approval[]): string {
  return JSON.stringify({
    version: 1,
    origins: origins.map(({ origin, approvedAt }) => ({ origin, approvedAt })),
  });
}

function seal(key: Buffer, origins: Approval[]): string {
  return createHmac('sha256', key).update(sealedText(origins)).digest('hex');
}

function sealMatches(key: Buffer, origins: Approval[], mac: string): boolean {
  const expected = Buffer.from(seal(key, origins), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface OriginApprovalsOptions {
  /** The approvals file; null keeps approvals in memory (settings 'memory'). */
  filePath: string | null;
  keychain: IntegrityKeyStore;
  /** Hospital IT's approved origins (admin policy): approved without asking, never revocable here. */
  policyOrigins: readonly string[];
  clock?: () => Date;
}

export class OriginApprovals {
  private readonly holderApprovals = new Map<string, Approval>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: OriginApprovalsOptions,
    private readonly key: Buffer | null,
    readonly warning: BridgeStatus['approvalsWarning'],
    loaded: Approval[],
  ) {
    for (const approval of loaded) this.holderApprovals.set(approval.origin, approval);
  }

  static async open(options: OriginApprovalsOptions): Promise<OriginApprovals> {
    const key = options.filePath === null ? null : await options.keychain.load();
    if (key === null || options.filePath === null) return new OriginApprovals(options, key, null, []);
    let text: string;
    try {
      text = await readFile(options.filePath, 'utf8');
    } catch (error) {
      const absent = (error as NodeJS.ErrnoException).code === 'ENOENT';
      return new OriginApprovals(options, key, absent ? null : 'unreadable', []);
    }
    if (text.length > maxApprovalsFileBytes) return new OriginApprovals(options, key, 'unreadable', []);
    let parsed: z.infer<typeof approvalsFileSchema>;
    try {
      parsed = approvalsFileSchema.parse(JSON.parse(text));
    } catch {
      return new OriginApprovals(options, key, 'tampered', []);
    }
    if (!sealMatches(key, parsed.origins, parsed.mac))
      return new OriginApprovals(options, key, 'tampered', []);
    return new OriginApprovals(options, key, null, parsed.origins);
  }

  get storage(): BridgeStatus['approvalsStorage'] {
    return this.key === null ? 'this-run' : 'keychain';
  }

  isApproved(origin: string): boolean {
    return this.options.policyOrigins.includes(origin) || this.holderApprovals.has(origin);
  }

  /** http:// origins are possible only through IT's policy (a page over plain http can be anyone's). */
  mayConnect(origin: string): boolean {
    return origin.startsWith('https://') || this.options.policyOrigins.includes(origin);
  }

  list(): BridgeApprovalView[] {
    const fromPolicy = this.options.policyOrigins.map((origin): BridgeApprovalView => ({
      origin,
      source: 'policy',
      approvedAt: null,
    }));
    const fromHolder = [...this.holderApprovals.values()]
      .filter((approval) => !this.options.policyOrigins.includes(approval.origin))
      .map((approval): BridgeApprovalView => ({ ...approval, source: 'holder' }));
    return [...fromPolicy, ...fromHolder];
  }

  async approve(origin: string): Promise<void> {
    const now = (this.options.clock ?? (() => new Date()))();
    this.holderApprovals.set(origin, { origin, approvedAt: now.toISOString() });
    await this.save();
  }

  /** Returns false for an origin that only IT's policy approves (the holder cannot revoke it). */
  async revoke(origin: string): Promise<boolean> {
    if (!this.holderApprovals.delete(origin)) return false;
    await this.save();
    return true;
  }

  private save(): Promise<void> {
    const { filePath } = this.options;
    const key = this.key;
    if (filePath === null || key === null) return Promise.resolve();
    const origins = [...this.holderApprovals.values()];
    const text = `${JSON.stringify({ ...JSON.parse(sealedText(origins)), mac: seal(key, origins) }, null, 2)}\n`;
    // One write at a time, each complete before it replaces the file.
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
        const temporary = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
          await rename(temporary, filePath);
        } catch (error) {
          await rm(temporary, { force: true });
          throw error;
        }
      });
    return this.writing;
  }
}
