// Which translation keys a request card uses for "what happens next" and for the 撤回
// confirmation. A renewal's words are the default; a change, a revocation and a PIN unlock say
// what really happens to them (a revocation makes no new key and installs nothing). The keys come
// as a list, most specific first, for i18next's fallback: a kind without its own words for a
// stage falls back to the general ones rather than to a raw key. Pure module.
import type { RequestKind, RequestProgress } from '../../src-main/contract/certificate-requests';

export function nextStepKeys(kind: RequestKind, progress: RequestProgress): string[] {
  // An unlock continues on the locked-PIN screen: all its words are its own.
  if (kind === 'unlock') return [`unlock.next.${progress}`];
  return [`requests.nextFor.${kind}.${progress}`, `requests.next.${progress}`];
}

export function withdrawConfirmKeys(kind: RequestKind): string[] {
  return [`requests.withdrawConfirm.${kind}`, 'requests.withdrawConfirmAny'];
}
