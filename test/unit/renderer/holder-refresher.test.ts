// Overlapping refreshes in the renderer: a forced re-read of the certificates (after a settings
// save, an event) must reach the screen even when the fallback poll overtakes it.
import { describe, expect, it } from 'vitest';
import type { CertificateList } from '../../../src-main/contract/holder-api-schemas';
import type { TokenSummary } from '../../../src-main/contract/token-types';
import { createHolderRefresher } from '../../../src-renderer/state/holder-refresher';

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
}

/** A holder API whose answers the test releases one by one, in any order. */
function scriptedApi() {
  const pending: Pending[] = [];
  const api = {
    call: (method: string) => new Promise((resolve) => pending.push({ method, resolve })),
  } as unknown as Parameters<typeof createHolderRefresher>[0];
  const answer = async (method: string, value: unknown): Promise<void> => {
    const index = pending.findIndex((entry) => entry.method === method);
    if (index < 0)
      throw new Error(`no pending ${method}; pending: ${pending.map((p) => p.method).join(',')}`);
    pending.splice(index, 1)[0]!.resolve(value);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { api, pending, answer };
}

const tokens = [{ slotId: '1', serial: 'A1', loggedIn: true }] as unknown as TokenSummary[];
const listing = (badge: string) => ({ badge }) as unknown as CertificateList;

function screen() {
  const shown: { certificates: CertificateList | null } = { certificates: null };
  return {
    shown,
    target: {
      setTokens: () => undefined,
      setTokensError: () => undefined,
      setCertificates: (value: CertificateList | null) => (shown.certificates = value),
    },
  };
}

describe('holder refresher', () => {
  it('reads the certificates again when the poll overtakes a forced refresh before its token list', async () => {
    const { api, pending, answer } = scriptedApi();
    const { shown, target } = screen();
    const refresher = createHolderRefresher(api, target);

    const first = refresher.refresh(true);
    await answer('tokens:list', { tokens });
    await answer('certs:list', listing('即将过期·19天'));
    await first;

    const afterSave = refresher.refresh(true); // settings saved: badges must be read again
    const poll = refresher.refresh(false); // the poll starts before the save's refresh is answered
    await answer('tokens:list', { tokens }); // the save's refresh: overtaken, dropped
    await answer('tokens:list', { tokens }); // the poll's: same keys as before
    expect(pending.map((entry) => entry.method)).toEqual(['certs:list']);
    await answer('certs:list', listing('有效'));
    await Promise.all([afterSave, poll]);
    expect(shown.certificates).toEqual(listing('有效'));
  });

  it('reads them again when the poll overtakes a forced refresh during its certificate read', async () => {
    const { api, pending, answer } = scriptedApi();
    const { shown, target } = screen();
    const refresher = createHolderRefresher(api, target);
    const first = refresher.refresh(true);
    await answer('tokens:list', { tokens });
    await answer('certs:list', listing('old'));
    await first;

    const afterSave = refresher.refresh(true);
    await answer('tokens:list', { tokens });
    const poll = refresher.refresh(false);
    await answer('certs:list', listing('overtaken'));
    expect(shown.certificates).toEqual(listing('old'));
    await answer('tokens:list', { tokens });
    expect(pending.map((entry) => entry.method)).toEqual(['certs:list']);
    await answer('certs:list', listing('new'));
    await Promise.all([afterSave, poll]);
    expect(shown.certificates).toEqual(listing('new'));
  });

  it('does not re-read unchanged certificates on a plain poll', async () => {
    const { api, pending, answer } = scriptedApi();
    const { target } = screen();
    const refresher = createHolderRefresher(api, target);
    const first = refresher.refresh(true);
    await answer('tokens:list', { tokens });
    await answer('certs:list', listing('old'));
    await first;
    const poll = refresher.refresh(false);
    await answer('tokens:list', { tokens });
    await poll;
    expect(pending).toHaveLength(0);
  });
});
