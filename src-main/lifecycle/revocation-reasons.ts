// The provincial rules' reasons for 注销 (seeds art. 15, ../shared/domain.md) and the CRLReason
// (RFC 5280 §5.3.1) each is sent as. superseded is not offered to the holder: the backend
// revokes a renewed or re-issued certificate as superseded by itself.
import type { RevocationReason } from '../cmp/build-messages';
import type { RevocationReasonName } from '../contract/certificate-requests';

export const holderRevocationReasons = {
  /** 私钥泄露: revoked at once by the backend (a leaked key must stop working now). */
  'key-leaked': 'keyCompromise',
  /** 身份信息变更 */
  'identity-changed': 'affiliationChanged',
  /** 工作调动 */
  'job-change': 'cessationOfOperation',
  /** 离职 */
  leaving: 'cessationOfOperation',
  /** 退休 */
  retirement: 'cessationOfOperation',
} as const satisfies Record<RevocationReasonName, RevocationReason>;

export type HolderRevocationReason = RevocationReasonName;

export function isHolderRevocationReason(value: string): value is HolderRevocationReason {
  return Object.hasOwn(holderRevocationReasons, value);
}
