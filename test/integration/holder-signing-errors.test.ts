// A key whose private key does not match the certificate it is paired with (a vendor or
// issuance mistake): signing refuses with its own code and plain words, never "internal error",
// and no signature comes out.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemToDer } from '../../src-main/certs/pem';
import { describeError } from '../../src-main/contract/error-messages';
import { HolderService } from '../../src-main/holder/holder-service';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

describe('signing with a key that does not match its certificate', () => {
  let keys: VirtualKeyHome;
  let holder: HolderService;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor' });
    const other = await keys.initKey({ label: 'other', commonName: '李四' });
    await keys.unplug('other');
    // A second key pair on the doctor's key, paired (same CKA_ID) with the other key's certificate.
    await keys.generateKeyPairOnly('doctor', { id: 'c0ffee', label: 'mismatched' });
    await keys.writeRawCertificateObject('doctor', {
      id: 'c0ffee',
      label: 'mismatched',
      value: Buffer.from(pemToDer(readFileSync(other.certificate!.file, 'utf8'))),
    });
    process.env.VUSBKEY_HOME = keys.home;
    holder = new HolderService({
      host: new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' } }),
    });
    await holder.start();
  });

  afterAll(async () => {
    await holder?.stop();
    await keys?.cleanup();
  });

  it('refuses with key-certificate-mismatch and a message the holder can act on', async () => {
    const listing = await holder.listAll();
    const mismatched = listing.certificates.find((entry) => entry.objectLabel === 'mismatched');
    if (!mismatched?.readable) throw new Error('mismatched certificate not listed');
    await holder.login(mismatched.slotId, '123456');
    const failure = holder.sign({
      content: new TextEncoder().encode('病程记录'),
      certificateFingerprint: mismatched.certificate.sha256Fingerprint,
    });
    await expect(failure).rejects.toMatchObject({ code: 'key-certificate-mismatch' });
    expect(describeError('key-certificate-mismatch', {}, 'zh-CN')).toContain('密钥与证书不匹配');
  });
});
