// The second, independent check of every signature the demo EMR stores: `openssl cms -verify`
// against the record's bytes and the trusted CA file (as a hospital's own tooling would).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensslCmsVerify } from '../helpers/openssl';

export function opensslVerifies(content: Uint8Array, signatureBase64: string, caFile: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'demo-emr-verify-'));
  try {
    writeFileSync(join(dir, 'record.txt'), content);
    writeFileSync(join(dir, 'record.p7s'), Buffer.from(signatureBase64, 'base64'));
    return opensslCmsVerify({
      content: join(dir, 'record.txt'),
      signature: join(dir, 'record.p7s'),
      caFile,
    }).ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
