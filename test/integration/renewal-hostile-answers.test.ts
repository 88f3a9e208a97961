// Hostile or broken answers to a renewal (kur) on a virtual USBKEY: a CMP peer of our own that
// answers with the wrong transactionID or nonce, a bad or untrusted signature, malformed or
// oversize DER, a certificate for another key or naming someone else, or a rejection. Whatever
// it says, nothing is installed, the current key and certificate stay, and the request says why.
import { AsnConvert } from '@peculiar/asn1-schema';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../native/vusbkey/control/x509-runtime';
import * as cmp from '../../src-main/cmp/index';
import { RequestJournal } from '../../src-main/lifecycle/request-journal';
import { RenewalWorkflow } from '../../src-main/lifecycle/renewal';
import type { RequestRecord } from '../../src-main/lifecycle/request-record';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { pemFileToDer } from '../helpers/cmp-test-pki';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import {
  issueFromTestCa,
  journaledCodeFor,
  spoils,
  startScriptedCmpPeer,
  type ScriptedCmpPeer,
  type Spoil,
} from '../helpers/scripted-cmp-peer';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

type Mode = Exclude<Spoil, null> | 'wrong-key' | 'someone-else' | 'rejection';

describe('renewal refuses hostile answers and installs nothing', () => {
  let keys: VirtualKeyHome;
  let temp: { directory: string; cleanup(): void };
  let host: TokenHostClient;
  let workflow: RenewalWorkflow;
  let peer: ScriptedCmpPeer;
  let mode: Mode = 'wrong-transaction';
  let slotId: string;
  let oldKeyId: string;
  let oldCertificateDer: Uint8Array;

  /** The answer to one request, spoiled the way `mode` says. */
  async function answer(request: cmp.DecodedMessage) {
    const template = request.message.body.kur![0]!.certReq.certTemplate;
    const spki = new Uint8Array(AsnConvert.serialize(template.publicKey!));
    let body: cmp.PkiBody;
    if (mode === 'rejection')
      body = cmp.certificateResponseBody('kup', { status: 'rejected', text: ['信息中心驳回：照片不清晰'] });
    else {
      const holderName = new x509.X509Certificate(oldCertificateDer).subjectName;
      const certificateDer =
        mode === 'wrong-key'
          ? await issueFromTestCa(
              keys,
              new Uint8Array(
                generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
                  type: 'spki',
                  format: 'der',
                }),
              ),
              holderName,
            )
          : mode === 'someone-else'
            ? await issueFromTestCa(keys, spki, 'CN=李四, O=别的医院, C=CN')
            : await issueFromTestCa(keys, spki, holderName);
      body = cmp.certificateResponseBody('kup', { status: 'issued', certificateDer });
    }
    const spoil = mode === 'wrong-key' || mode === 'someone-else' || mode === 'rejection' ? null : mode;
    return peer.signed(request, body, spoil);
  }

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'holder', pin: '123456' });
    temp = createSafeTempDir('yikey-hostile-');
    peer = await startScriptedCmpPeer(keys, temp.directory, answer);

    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' } });
    await host.start();
    slotId = (await host.call('listTokens', {}))[0]!.slotId;
    await host.call('login', { slotId, pin: '123456' });
    const { certificates } = await host.call('listObjects', { slotId });
    oldKeyId = certificates[0]!.id;
    oldCertificateDer = certificates[0]!.value;
    const caDer = pemFileToDer(keys.caPath);
    workflow = new RenewalWorkflow({
      host,
      journal: new RequestJournal(join(temp.directory, 'data')),
      endpoint: () => ({ url: peer.url, timeoutMs: 10_000 }),
      trustedDer: () => [caDer],
    });
  });

  afterAll(async () => {
    await host?.stop();
    await peer?.close();
    await keys?.cleanup();
    temp?.cleanup();
  });

  const target = () => ({
    slotId,
    keyId: oldKeyId,
    certificateDer: oldCertificateDer,
    keyAlgorithm: 'RSA' as const,
  });

  async function tokenState() {
    const { certificates, privateKeys } = await host.call('listObjects', { slotId });
    return {
      certificateIds: certificates.map((c) => c.id).sort(),
      keyIds: privateKeys.map((k) => k.id).sort(),
    };
  }

  it('answers that cannot be trusted leave the request where it was, with the reason', async () => {
    let record: RequestRecord | undefined;
    for (const spoiled of spoils) {
      mode = spoiled;
      record = record ? await workflow.advance(record.id) : await workflow.start(target());
      expect(record.stage, spoiled).toBe('request-ready');
      expect(record.lastError?.code, `${spoiled}: ${record.lastError?.message}`).toBe(
        journaledCodeFor(spoiled),
      );
      const state = await tokenState();
      expect(state.certificateIds, spoiled).toEqual([oldKeyId]);
      expect(state.keyIds, spoiled).toEqual([oldKeyId, record.newKeyId].sort());
    }
  });

  it('a certificate for another key, or naming someone else, is not installed; the current key stays', async () => {
    for (const spoiled of ['wrong-key', 'someone-else'] as const) {
      mode = spoiled;
      const open = new RequestJournal(join(temp.directory, 'data'))
        .list()
        .records.find((r) => r.stage === 'request-ready');
      const record = open ? await workflow.advance(open.id) : await workflow.start(target());
      expect(record.stage, spoiled).toBe('failed');
      expect(record.lastError?.code).toBe('issued-certificate-invalid');
      expect(await tokenState(), spoiled).toEqual({ certificateIds: [oldKeyId], keyIds: [oldKeyId] });
    }
  });

  it('a rejection ends the request with the reviewer\u2019s words and removes the unused new key', async () => {
    mode = 'rejection';
    const record = await workflow.start(target());
    expect(record).toMatchObject({
      stage: 'rejected',
      statusText: ['信息中心驳回：照片不清晰'],
      lastError: { code: 'request-rejected' },
    });
    expect(await tokenState()).toEqual({ certificateIds: [oldKeyId], keyIds: [oldKeyId] });
  });
});
