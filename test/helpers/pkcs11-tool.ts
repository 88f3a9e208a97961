// OpenSC's pkcs11-tool on a virtual key home: the independent PKCS#11 client the tests use to
// see a key as another program would (is the new PIN the key's PIN now? what objects are on it?).
import { spawnSync } from 'node:child_process';
import type { VirtualKeyHome } from './vusbkey-fixture';

/** pkcs11-tool's output; throws with its stderr when it fails. */
export function pkcs11Tool(keys: VirtualKeyHome, args: string[]): string {
  const result = spawnSync('pkcs11-tool', ['--module', keys.modulePath, ...args], {
    env: keys.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`pkcs11-tool ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Whether pkcs11-tool logs in with `pin` (the first key, or the one labelled `tokenLabel`). */
export function pkcs11ToolLogsIn(keys: VirtualKeyHome, pin: string, tokenLabel?: string): boolean {
  const token = tokenLabel === undefined ? [] : ['--token-label', tokenLabel];
  const result = spawnSync(
    'pkcs11-tool',
    ['--module', keys.modulePath, ...token, '--login', '--pin', pin, '--list-objects'],
    { env: keys.env, encoding: 'utf8' },
  );
  return result.status === 0;
}

/** What pkcs11-tool lists of one kind of object on the key labelled `tokenLabel`, logged in with `pin`. */
export function listTokenObjects(
  keys: VirtualKeyHome,
  tokenLabel: string,
  pin: string,
  type: 'privkey' | 'cert',
): string {
  return pkcs11Tool(keys, [
    '--token-label',
    tokenLabel,
    '--login',
    '--pin',
    pin,
    '--list-objects',
    '--type',
    type,
  ]);
}

/** The certificate with CKA_ID `idHex` on the key labelled `tokenLabel`, written as DER to `outFile`. */
export function readCertificateFromToken(
  keys: VirtualKeyHome,
  tokenLabel: string,
  idHex: string,
  outFile: string,
): void {
  pkcs11Tool(keys, [
    ...['--token-label', tokenLabel, '--read-object', '--type', 'cert', '--id', idHex],
    ...['--output-file', outFile],
  ]);
}
