// The OpenSSL command line, the independent side of the tests: one runner that throws with the
// command and OpenSSL's own words when it fails, for text (certificates, configs) and for bytes
// (DER, signatures, digests on standard input).
import { spawnSync } from 'node:child_process';

/** Runs `openssl args…` in cwd; its standard output as text. */
export function openssl(args: string[], cwd: string): string {
  return opensslBytes(args, { cwd }).toString('utf8');
}

/** Runs `openssl args…` with optional standard input; its standard output as bytes. */
export function opensslBytes(args: string[], options: { cwd?: string; input?: Uint8Array } = {}): Buffer {
  const result = spawnSync('openssl', args, { cwd: options.cwd ?? '/', input: options.input });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr.toString()}`);
  return result.stdout;
}
