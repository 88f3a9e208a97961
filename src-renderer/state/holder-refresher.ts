// Keeps the renderer's tokens and certificates in step with main. Refreshes overlap (events,
// the fallback poll, a settings save), so each one is numbered and only the newest may write.
// A request to re-read the certificates is remembered until a listing actually reaches the
// screen: if a newer refresh overtakes the one reading them, the newer one reads them itself.
// (Before, an overtaken read was simply dropped, and a badge stayed stale after a settings
// change until the key was pulled out.)
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { CertificateList } from '../../src-main/contract/holder-api-schemas';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { YiKeyError } from '../../src-main/contract/yikey-error';

export interface RefreshTarget {
  setTokens(tokens: TokenSummary[]): void;
  setTokensError(error: YiKeyError | null): void;
  setCertificates(listing: CertificateList | null): void;
}

export interface HolderRefresher {
  /** certificatesToo: read the certificates even if the token list looks unchanged. */
  refresh(certificatesToo: boolean): Promise<void>;
}

export function createHolderRefresher(
  api: Pick<HolderApiClient, 'call'>,
  target: RefreshTarget,
): HolderRefresher {
  let latestSequence = 0;
  /** The token list (as JSON) the certificates on screen were read for. */
  let certificatesReadFor = '';
  let certificatesWanted = false;

  return {
    async refresh(certificatesToo) {
      const sequence = ++latestSequence;
      if (certificatesToo) certificatesWanted = true;
      try {
        const { tokens } = await api.call('tokens:list', {});
        if (sequence !== latestSequence) return;
        const tokensKey = JSON.stringify(tokens);
        target.setTokens(tokens);
        target.setTokensError(null);
        if (tokens.length === 0) {
          target.setCertificates(null);
          certificatesReadFor = tokensKey;
          certificatesWanted = false;
        } else if (certificatesWanted || certificatesReadFor !== tokensKey) {
          const listing = await api.call('certs:list', {});
          if (sequence !== latestSequence) return;
          target.setCertificates(listing);
          certificatesReadFor = tokensKey;
          certificatesWanted = false;
        }
      } catch (error) {
        if (sequence !== latestSequence) return;
        certificatesReadFor = '';
        target.setTokens([]);
        target.setCertificates(null);
        target.setTokensError(YiKeyError.from(error));
      }
    },
  };
}
