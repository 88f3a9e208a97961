// Which translation keys a request card uses for "what happens next" and for the 撤回
// confirmation. A renewal's words are the default; a change, a revocation and a PIN unlock say
// what really happens to them (a revocation makes no new key and installs nothing). The keys come
// as a list, most specific first, for i18next's fallback: a kind without its own words for a
// stage falls back to the general ones rather than to a raw key. Pure module.
import type { RequestKind, RequestProgress } from '../../src-main/contract/certificate-requests';

/** A kind's own words for a stage, where it has them (the keys are written out for i18n-keys.test.ts). */
function ownNextKey(kind: RequestKind, progress: RequestProgress): string | null {
  if (kind === 'change' || kind === 'revoke') return `requests.nextFor.${kind}.${progress}`;
  if (kind === 'reissue') return `reissue.next.${progress}`;
  return null;
}

export function nextStepKeys(kind: RequestKind, progress: RequestProgress): string[] {
  // An unlock continues on the locked-PIN screen: all its words are its own.
  if (kind === 'unlock') return [`unlock.next.${progress}`];
  const own = ownNextKey(kind, progress);
  return own ? [own, `requests.next.${progress}`] : [`requests.next.${progress}`];
}

export function withdrawConfirmKeys(kind: RequestKind): string[] {
  return [`requests.withdrawConfirm.${kind}`, 'requests.withdrawConfirmAny'];
}
