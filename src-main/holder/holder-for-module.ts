// The holder façade on a PKCS#11 module chosen by path (or by the environment and detection),
// for doors that open one holder per run, such as the CLI. The app's long-running core opens
// its holder through holder-api/open-holder.ts, which adds the stand-in for a missing module.
import { HolderService } from './holder-service';
import { locatePkcs11Module } from '../token/module-locator';
import { TokenHostClient } from '../token/token-host-client';

export function holderForModule(modulePath: string | undefined): HolderService {
  const module = locatePkcs11Module({ setting: modulePath });
  return new HolderService({ host: new TokenHostClient({ module }) });
}
