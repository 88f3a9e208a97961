// Makes the holder state and API client available to every screen without prop chains.
import { createContext, useContext } from 'react';
import type { HolderApiClient } from '../../src-main/contract/holder-api-client';
import type { HolderState } from './use-holder-state';

export const HolderContext = createContext<HolderState | null>(null);

export function useHolder(): HolderState & { client: HolderApiClient } {
  const state = useContext(HolderContext);
  if (!state?.client) throw new Error('useHolder is used outside a connected HolderContext');
  return state as HolderState & { client: HolderApiClient };
}
