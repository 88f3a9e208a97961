// OpenSSL as the independent verifier of what YiKey produces.
import { spawnSync } from 'node:child_process';

export function opensslCmsVerify(files: { content: string; signature: string; caFile: string }): {
  ok: boolean;
  output: string;
} {
  const result = spawnSync(
    'openssl',
    [
      ...['cms', '-verify', '-binary', '-cades', '-inform', 'DER', '-in', files.signature],
      ...['-content', files.content, '-CAfile', files.caFile, '-purpose', 'any', '-out', '/dev/null'],
    ],
    { encoding: 'utf8' },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
