// Where the provincial backend is: YIKEY_BACKEND_URL for this run, else the admin policy file
// hospital IT deploys, else the holder's setting. https needs a trust anchor for its TLS
// certificate; plain http is accepted only to loopback (cmp/http-transport.ts checks).
import { readFileSync } from 'node:fs';
import { CmpError } from '../cmp/cmp-error';
import { cmpUrlFor, type CmpEndpoint } from '../cmp/http-transport';
import { YiKeyError } from '../contract/yikey-error';

export interface BackendSources {
  environment?: NodeJS.ProcessEnv;
  policy?: { url: string; tlsTrustAnchorFile?: string } | undefined;
  settingUrl?: string | undefined;
}

const maxTrustAnchorBytes = 1024 * 1024;

export function backendEndpoint(sources: BackendSources): CmpEndpoint {
  const environment = sources.environment ?? process.env;
  const fromEnvironment = environment.YIKEY_BACKEND_URL?.trim();
  const url = fromEnvironment || sources.policy?.url || sources.settingUrl?.trim();
  if (!url)
    throw new YiKeyError(
      'backend-not-configured',
      'No backend address (YIKEY_BACKEND_URL, policy file or settings)',
    );
  const anchorFile =
    (fromEnvironment ? environment.YIKEY_BACKEND_CA?.trim() : undefined) ||
    sources.policy?.tlsTrustAnchorFile;
  let trustAnchorsPem: string[] | undefined;
  if (anchorFile) {
    const text = readFileSync(anchorFile, 'utf8');
    if (text.length > maxTrustAnchorBytes)
      throw new YiKeyError('trusted-ca-too-large', `${anchorFile} is too large`, { path: anchorFile });
    trustAnchorsPem = [text];
  }
  try {
    return { url: cmpUrlFor(url), trustAnchorsPem };
  } catch (error) {
    if (error instanceof CmpError) throw new YiKeyError('backend-not-configured', error.message, { url });
    throw error;
  }
}
