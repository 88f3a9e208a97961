// Who may open a socket to browser mode. The URL we print carries a launch secret that works
// once: the first handshake with it gets a session token for that tab (kept in the tab's
// sessionStorage, used on reload), and the secret is spent, so a copy left in the browser's
// history or a second look at the terminal is worth nothing. Every value is 256 random bits,
// lives only in memory and is compared in constant time. Counts are capped so nothing a
// client does can make the lists grow without bound.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { BrowserCredential } from '../contract/holder-api-wire';

export function createCredentialValue(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
export function credentialMatches(expected: string, offered: string): boolean {
  const left = Buffer.from(expected, 'utf8');
  const right = Buffer.from(offered, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Unused launch URLs kept at once: asking for more drops the oldest. */
const maxLaunchSecrets = 8;
/** Tabs remembered at once: a ninth-oldest tab's reload needs a new URL. */
const maxSessionTokens = 16;

export interface BrowserCredentials {
  /** A new single-use launch secret (for a URL printed to the holder). */
  issueLaunchSecret(): string;
  /** The session token for a valid credential (a launch secret is spent); null when refused. */
  admit(credential: BrowserCredential): string | null;
}

/** Finds an entry in constant time per entry, whatever matches. */
function indexOfMatch(values: string[], offered: string): number {
  let found = -1;
  values.forEach((value, index) => {
    if (credentialMatches(value, offered)) found = index;
  });
  return found;
}

function pushCapped(values: string[], value: string, cap: number): void {
  values.push(value);
  if (values.length > cap) values.shift();
}

export function createBrowserCredentials(): BrowserCredentials {
  const launchSecrets: string[] = [];
  const sessionTokens: string[] = [];
  return {
    issueLaunchSecret() {
      const secret = createCredentialValue();
      pushCapped(launchSecrets, secret, maxLaunchSecrets);
      return secret;
    },
    admit(credential) {
      if (credential.kind === 'session') {
        const index = indexOfMatch(sessionTokens, credential.value);
        return index === -1 ? null : sessionTokens[index]!;
      }
      const index = indexOfMatch(launchSecrets, credential.value);
      if (index === -1) return null;
      launchSecrets.splice(index, 1);
      const token = createCredentialValue();
      pushCapped(sessionTokens, token, maxSessionTokens);
      return token;
    },
  };
}
