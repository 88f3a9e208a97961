// Verifying a signature needs no USBKEY and no PKCS#11 module: when the module cannot be found
// (a recipient's PC, a broken driver), the app's holder still verifies, with the trusted CAs in
// force. The signature and the CA are made by OpenSSL.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openHolder, type OpenedHolder } from '../../src-main/holder-api/open-holder';
import { opensslSigner, opensslSignDetached } from '../helpers/openssl-signer';

describe('verification with no PKCS#11 module', () => {
  let dir: string;
  let opened: OpenedHolder;
  let content: Uint8Array;
  let signature: Uint8Array;
  let caDer: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yikey-nomodule-'));
    const ca = { certPath: join(dir, 'ca.pem'), keyPath: join(dir, 'ca.key') };
    const made = spawnSync('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-keyout', ca.keyPath, '-out', ca.certPath, '-days', '30', '-subj', '/CN=Test Root CA'],
    ]);
    expect(made.status).toBe(0);
    caDer = new Uint8Array(new X509Certificate(readFileSync(ca.certPath)).raw);
    const record = join(dir, 'record.txt');
    writeFileSync(record, '处方：阿司匹林。\n');
    content = readFileSync(record);
    signature = readFileSync(opensslSignDetached(opensslSigner(dir, { commonName: '张三', ca }), record));
    opened = await openHolder({
      modulePath: join(dir, 'no-such-module.so'),
      renewalWindowDays: 30,
      trustedCertificatesDer: [caDer],
    });
  });
  afterAll(async () => {
    await opened?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the module is unavailable, and verification still gives its verdict', async () => {
    expect(opened.moduleError).not.toBeNull();
    await expect(opened.holder.listTokens()).rejects.toMatchObject({ code: opened.moduleError!.code });
    expect(await opened.holder.verify({ content, signature })).toMatchObject({
      outcome: 'valid',
      chain: 'trusted',
    });
  });

  it('follows the trusted CAs set later, and still tells a changed file', async () => {
    opened.setTrustedCertificates(undefined);
    expect((await opened.holder.verify({ content, signature })).outcome).toBe('not-verified');
    opened.setTrustedCertificates([caDer]);
    const changed = Uint8Array.from(content);
    changed[0] = changed[0]! ^ 0x01;
    expect((await opened.holder.verify({ content: changed, signature })).outcome).toBe('invalid');
  });
});
