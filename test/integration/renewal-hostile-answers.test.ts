// Hostile or broken answers to a renewal (kur) on a virtual USBKEY: a CMP peer of our own that
// answers with the wrong transactionID or nonce, a bad or untrusted signature, malformed or
// oversize DER, a certificate for another key or naming someone else, or a rejection. Whatever
// it says, nothing is installed, the current key and certificate stay, and the request says why.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createPrivateKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestCa } from '../../native/vusbkey/control/test-ca';
import { x509 } from '../../native/vusbkey/control/x509-runtime';
import * as cmp from '../../src-main/cmp/index';
import { RequestJournal } from '../../src-main/lifecycle/request-journal';
import { RenewalWorkflow } from '../../src-main/lifecycle/renewal';
import type { RequestRecord } from '../../src-main/lifecycle/request-record';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { createCmpTestPki, openssl, pemFileToDer, rsaDigestSigner } from '../helpers/cmp-test-pki';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

type Mode =
  | 'wrong-transaction'
  | 'wrong-nonce'
  | 'bad-protection'
  | 'untrusted-signer'
  | 'malformed'
  | 'oversize'
  | 'not-cmp'
  | 'wrong-key'
  | 'someone-else'
  | 'rejection';

describe('renewal refuses hostile answers and installs nothing', () => {
  let keys: VirtualKeyHome;
  let temp: { directory: string; cleanup(): void };
  let host: TokenHostClient;
  let workflow: RenewalWorkflow;
  let peer: http.Server;
  let mode: Mode = 'wrong-transaction';
  let slotId: string;
  let oldKeyId: string;
  let oldCertificateDer: Uint8Array;
  let serverCertDer: Uint8Array;
  let serverKey: KeyObject;
  let strangerPki: ReturnType<typeof createCmpTestPki>;

  async function issue(spki: Uint8Array, subject: x509.Name | string): Promise<Uint8Array> {
    const ca = await ensureTestCa(keys.home);
    const publicKey = await webcrypto.subtle.importKey(
      'spki',
      spki.slice().buffer as ArrayBuffer,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    );
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: '0a0b0c',
      subject,
      issuer: ca.certificate.subjectName,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86_400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      signingKey: ca.privateKey,
    });
    return new Uint8Array(certificate.rawData);
  }

  /** The answer to one request, spoiled the way `mode` says. */
  async function answer(requestDer: Uint8Array): Promise<{ body: Buffer; type?: string }> {
    if (mode === 'malformed') return { body: Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01]) };
    if (mode === 'oversize') return { body: randomBytes(300 * 1024) };
    if (mode === 'not-cmp') return { body: Buffer.from('<html>维护中</html>'), type: 'text/html' };
    const request = cmp.decodePkiMessage(requestDer);
    const template = request.message.body.kur![0]!.certReq.certTemplate;
    const spki = new Uint8Array(AsnConvert.serialize(template.publicKey!));
    let body: cmp.PkiBody;
    if (mode === 'rejection')
      body = cmp.certificateResponseBody('kup', { status: 'rejected', text: ['信息中心驳回：照片不清晰'] });
    else {
      const holderName = new x509.X509Certificate(oldCertificateDer).subjectName;
      const certificateDer =
        mode === 'wrong-key'
          ? await issue(
              new Uint8Array(
                generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
                  type: 'spki',
                  format: 'der',
                }),
              ),
              holderName,
            )
          : mode === 'someone-else'
            ? await issue(spki, 'CN=李四, O=别的医院, C=CN')
            : await issue(spki, holderName);
      body = cmp.certificateResponseBody('kup', { status: 'issued', certificateDer });
    }
    const header = cmp.buildHeader({
      senderNameDer: new Uint8Array(
        AsnConvert.serialize(AsnConvert.parse(serverCertDer, Certificate).tbsCertificate.subject),
      ),
      recipientNameDer: null,
      transactionID:
        mode === 'wrong-transaction'
          ? randomBytes(16)
          : new Uint8Array(request.message.header.transactionID!),
      recipNonce:
        mode === 'wrong-nonce' ? randomBytes(16) : new Uint8Array(request.message.header.senderNonce!),
    });
    if (mode === 'untrusted-signer') {
      const stranger = strangerPki.issueHolder('stranger', '/CN=CMP mock server');
      const message = await cmp.signMessage(header, body, rsaDigestSigner(stranger.privateKey), [
        stranger.certDer,
      ]);
      return { body: Buffer.from(cmp.encodePkiMessage(message)) };
    }
    const message = await cmp.signMessage(header, body, rsaDigestSigner(serverKey), [serverCertDer]);
    if (mode === 'bad-protection') new Uint8Array(message.protection!)[10]! ^= 0x01;
    return { body: Buffer.from(cmp.encodePkiMessage(message)) };
  }

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'holder', pin: '123456' });
    temp = createSafeTempDir('yikey-hostile-');
    strangerPki = createCmpTestPki(temp.directory);
    // The server's own key and certificate, from the same CA as the holder's (the trust store).
    const serverKeyPath = join(temp.directory, 'server-rsa.key');
    openssl(
      ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', serverKeyPath],
      temp.directory,
    );
    openssl(
      ['req', '-new', '-key', serverKeyPath, '-subj', '/CN=CMP server', '-out', `${serverKeyPath}.csr`],
      temp.directory,
    );
    const serverCertPath = join(temp.directory, 'server-rsa.pem');
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${serverKeyPath}.csr`,
        '-CA',
        keys.caPath,
        '-CAkey',
        join(keys.home, 'ca', 'ca.key.pem'),
      ].concat(['-set_serial', '0x51', '-days', '30', '-out', serverCertPath]),
      temp.directory,
    );
    serverCertDer = pemFileToDer(serverCertPath);
    serverKey = createPrivateKey(readFileSync(serverKeyPath));

    peer = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        answer(new Uint8Array(Buffer.concat(chunks))).then(
          ({ body, type }) => {
            response.writeHead(200, { 'content-type': type ?? 'application/pkixcmp' });
            response.end(body);
          },
          (error: Error) => {
            response.writeHead(500, { 'content-type': 'text/plain' });
            response.end(error.message);
          },
        );
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(peer.address() as AddressInfo).port}/.well-known/cmp`);

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
      endpoint: () => ({ url, timeoutMs: 10_000 }),
      trustedDer: () => [caDer],
    });
  });

  afterAll(async () => {
    await host?.stop();
    await new Promise((resolve) => peer?.close(resolve));
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
    for (const spoiled of [
      'wrong-transaction',
      'wrong-nonce',
      'bad-protection',
      'untrusted-signer',
      'malformed',
      'oversize',
      'not-cmp',
    ] as const) {
      mode = spoiled;
      record = record ? await workflow.advance(record.id) : await workflow.start(target());
      expect(record.stage, spoiled).toBe('request-ready');
      expect(record.lastError?.code, `${spoiled}: ${record.lastError?.message}`).toBe(
        spoiled === 'not-cmp' ? 'backend-unreachable' : 'backend-answer-invalid',
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
