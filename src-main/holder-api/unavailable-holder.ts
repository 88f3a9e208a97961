// Stands in for the holder when no PKCS#11 module could be found or loaded, so the app still
// starts and the no-key screen can say why (and point to the settings) instead of a blank page.
import { YiKeyError } from '../contract/yikey-error';
import type { HolderPort } from './holder-port';

export function unavailableHolder(reason: YiKeyError): HolderPort {
  const fail = (): Promise<never> => Promise.reject(reason);
  return {
    listTokens: fail,
    listAll: fail,
    login: fail,
    logout: fail,
    // With no module nothing can be logged in, so a lock has nothing to undo.
    logoutAll: () => Promise.resolve(),
    changePin: fail,
    sign: fail,
    certificateDer: fail,
    certificateChain: fail,
    // Verifying needs no key, but the façade lives in the holder; say so plainly.
    verify: () => {
      throw new YiKeyError(reason.code, reason.message, reason.details);
    },
    onEvent: () => () => undefined,
  };
}
