// For doors that run once per command (the CLI) or must be ready fast (browser mode): start the
// token host process before loading the rest of the program, so the two start-ups overlap.
// Light on purpose: it imports only the launcher and the module locator, not the façade.
import { prestartHostProcess } from '../token/host-process';
import { initializeParamsFor, type InitializeParams } from '../token/initialize-params';
import { locatePkcs11Module } from '../token/module-locator';

export { prestartHostProcess as prestartTokenHost };

/**
 * For a CLI command: the host for it (a standby host if one waits), told at once to load the
 * module that holderForModule(`moduleSetting`) will choose (token/early-initialize.ts).
 */
export function prestartTokenHostForCommand(moduleSetting: string | undefined): void {
  prestartHostProcess({ forCommand: true, initialize: () => likelyInitialize(moduleSetting) });
}

/** What holderForModule(`moduleSetting`) will ask the host to load; undefined when no module is found. */
function likelyInitialize(moduleSetting: string | undefined): InitializeParams | undefined {
  try {
    return initializeParamsFor(locatePkcs11Module({ setting: moduleSetting }));
  } catch {
    return undefined; // The command reports that itself.
  }
}
