// Stands in for the holder when no PKCS#11 module could be found or loaded, so the app still
// starts and the no-key screen can say why (and point to the settings) instead of a blank page.
import { YiKeyError } from '../contract/yikey-error';
import { verifyDetachedSignature } from '../holder/verify-signature';
import type { HolderPort } from './holder-port';

export interface UnavailableHolder extends HolderPort {
  setTrustedCertificates(certificatesDer: Uint8Array[] | undefined): void;
}

export function unavailableHolder(
  reason: YiKeyError,
  trustedCertificatesDer?: Uint8Array[],
): UnavailableHolder {
  const fail = (): Promise<never> => Promise.reject(reason);
  let trusted = trustedCertificatesDer;
  return {
    listTokens: fail,
    listAll: fail,
    login: fail,
    logout: fail,
    // With no module nothing can be logged in, so a lock has nothing to undo.
    logoutAll: () => Promise.resolve(),
    changePin: fail,
    sign: fail,
    signEach: fail,
    signingCertificateFor: fail,
    certificateDer: fail,
    certificateChain: fail,
    // The diagnostics report shows this reason where the slots would be.
    diagnostics: fail,
    // Verifying needs no key and no module: a recipient without a USBKEY (or with a broken
    // driver) can still check a signed file, against the same trusted CAs.
    verify: (input) => {
      const trustedCertificatesDer = input.trustedCertificatesDer ?? trusted;
      return verifyDetachedSignature({
        ...input,
        ...(trustedCertificatesDer ? { trustedCertificatesDer } : {}),
      });
    },
    setTrustedCertificates: (certificatesDer) => {
      trusted = certificatesDer;
    },
    onEvent: () => () => undefined,
  };
}
