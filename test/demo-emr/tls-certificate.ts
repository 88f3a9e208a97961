// A throw-away self-signed TLS certificate for the demo EMR's https:// origin (made by OpenSSL).
// https because YiKey lets a site ask the holder only from https; http origins come only from
// the hospital's policy file. Browsers warn about this certificate; tests ignore the warning.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function selfSignedTlsCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'demo-emr-tls-'));
  try {
    const result = spawnSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '30'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`openssl req: ${result.stderr}`);
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
