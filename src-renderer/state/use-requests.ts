// 我的申请's data: requests:list, read again whenever main says a request changed stage
// (requests:changed, from the background polling or another window). Shared by the requests
// screen and the renewal banner, so both always agree.
import { useCallback, useEffect, useState } from 'react';
import type { RequestList } from '../../src-main/contract/certificate-requests';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';

export interface RequestsState {
  list: RequestList | null;
  error: unknown;
  reload: () => Promise<void>;
  /** Replaces the list with one main just answered (requests:sync). */
  accept: (list: RequestList) => void;
}

export function useRequests(client: HolderApiClient): RequestsState {
  const [list, setList] = useState<RequestList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async (): Promise<void> => {
    try {
      setList(await client.call('requests:list', {}));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [client]);
  useEffect(() => {
    void reload();
    return client.on('requests:changed', () => void reload());
  }, [client, reload]);
  const accept = useCallback((next: RequestList) => {
    setList(next);
    setError(null);
  }, []);
  return { list, error, reload, accept };
}
