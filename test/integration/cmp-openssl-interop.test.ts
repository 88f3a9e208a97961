// Interop of the CMP layer with an independent implementation, OpenSSL 3.0's `openssl cmp`:
// our messages against its mock server (ir + certConf, kur with polling, rr, ir under a MAC,
// a rejection whose reason is Chinese), and its client's messages through our codec.
// The 3.0 mock answers every enrollment with its fixed -rsp_cert and, for kur, insists that
// oldCertID names that same issuer and serial: the tests issue -rsp_cert for the new key under
// the old certificate's serial (docs/cmp-profile.md, "OpenSSL 3.0 mock server").
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cmp from '../../src-main/cmp/index';
import {
  createCmpTestPki,
  openssl,
  pemFileToDer,
  rsaDigestSigner,
  type CmpTestPki,
  type HolderCredentials,
} from '../helpers/cmp-test-pki';
import { startOpensslCmpMock, type MockCmpServer } from '../helpers/openssl-cmp-mock';
import { createSafeTempDir } from '../helpers/safe-temp-dir';

let temp: { directory: string; cleanup(): void };
let pki: CmpTestPki;
let holder: HolderCredentials;
const servers: MockCmpServer[] = [];

beforeAll(() => {
  temp = createSafeTempDir('yikey-cmp-interop-');
  pki = createCmpTestPki(temp.directory);
  holder = pki.issueHolder('holder', '/C=CN/O=省人民医院/CN=张三', '1a2b3c4d');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  temp.cleanup();
});

async function mock(extra: string[]): Promise<MockCmpServer> {
  const server = await startOpensslCmpMock(
    ['-srv_trusted', pki.caCertPath, '-max_msgs', '20', ...extra],
    temp.directory,
  );
  servers.push(server);
  return server;
}

function signedServer(rspCertPath: string, extra: string[] = []): Promise<MockCmpServer> {
  return mock([
    '-srv_cert',
    pki.serverCertPath,
    '-srv_key',
    pki.serverKeyPath,
    '-rsp_cert',
    rspCertPath,
    ...extra,
  ]);
}

const tbs = (der: Uint8Array) => AsnConvert.parse(der, Certificate).tbsCertificate;
const der = (value: unknown) => new Uint8Array(AsnSerializer.serialize(value));
const signatureTrust = () => ({ kind: 'signature' as const, trustedDer: [pki.caDer], at: new Date() });

function newRsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    signer: rsaDigestSigner(privateKey),
    spkiDer: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function holderHeader(extra: Partial<cmp.HeaderInput> = {}): cmp.HeaderInput {
  const certificate = tbs(holder.certDer);
  return {
    senderNameDer: der(certificate.subject),
    recipientNameDer: der(certificate.issuer),
    transactionID: cmp.newTransactionId(),
    ...extra,
  };
}

async function signedByHolder(input: cmp.HeaderInput, body: cmp.PkiBody): Promise<cmp.PkiMessage> {
  return cmp.signMessage(cmp.buildHeader(input), body, rsaDigestSigner(holder.privateKey), [holder.certDer]);
}

async function confirm(
  server: MockCmpServer,
  headerInput: cmp.HeaderInput,
  certificateDer: Uint8Array,
  recipNonce: ArrayBuffer,
) {
  const certConf = await signedByHolder(
    { ...headerInput, senderNonce: cmp.newNonce(), recipNonce: new Uint8Array(recipNonce) },
    cmp.certConfirmBody({ certificateDer }),
  );
  return cmp.exchange({ url: new URL(server.url) }, certConf, {
    kinds: ['pkiconf'],
    protection: signatureTrust(),
  });
}

describe('our client against openssl cmp -port (OpenSSL 3.0 mock server)', () => {
  it('ir signed with the holder key: ip carries -rsp_cert, certConf gets pkiconf', async () => {
    const fresh = pki.issueHolder('ir-result', '/C=CN/O=省人民医院/CN=张三');
    const server = await signedServer(fresh.certPath);
    const key = newRsaKey();
    const request = await cmp.buildCertReqMsg({
      subjectDer: der(tbs(holder.certDer).subject),
      publicKeyDer: key.spkiDer,
      newKeySigner: key.signer,
    });
    const headerInput = holderHeader();
    const answer = await cmp.exchange(
      { url: new URL(server.url) },
      await signedByHolder(headerInput, cmp.enrollmentBody('ir', request)),
      {
        kinds: ['ip'],
        protection: signatureTrust(),
      },
    );
    const outcome = cmp.readEnrollmentAnswer(answer);
    expect(outcome.kind).toBe('issued');
    expect(
      outcome.kind === 'issued' && Buffer.from(outcome.certificateDer).equals(Buffer.from(fresh.certDer)),
    ).toBe(true);
    const pkiConf = await confirm(server, headerInput, fresh.certDer, answer.message.header.senderNonce!);
    expect(pkiConf.kind).toBe('pkiconf');
  });

  it('kur with polling: waiting, pollRep with checkAfter, then the certificate for the new key', async () => {
    const key = newRsaKey();
    const serial = new X509Certificate(holder.certDer).serialNumber;
    const issuedPath = pki.issueForPublicKey(
      'kur-result',
      key.publicKeyPem,
      '/C=CN/O=省人民医院/CN=张三',
      serial,
    );
    const server = await signedServer(issuedPath, ['-poll_count', '2', '-check_after', '1']);
    const certificate = tbs(holder.certDer);
    const request = await cmp.buildCertReqMsg({
      subjectDer: der(certificate.subject),
      publicKeyDer: key.spkiDer,
      oldCertificate: {
        issuerDer: der(certificate.issuer),
        serialNumber: new Uint8Array(certificate.serialNumber),
      },
      newKeySigner: key.signer,
    });
    const headerInput = holderHeader();
    const endpoint = { url: new URL(server.url) };
    let answer = await cmp.exchange(
      endpoint,
      await signedByHolder(headerInput, cmp.enrollmentBody('kur', request)),
      {
        kinds: ['kup'],
        protection: signatureTrust(),
      },
    );
    let outcome = cmp.readEnrollmentAnswer(answer);
    const seen: string[] = [];
    while (outcome.kind === 'waiting') {
      seen.push(`${answer.kind}:${outcome.checkAfterSeconds}`);
      const poll = await signedByHolder(
        {
          ...headerInput,
          senderNonce: cmp.newNonce(),
          recipNonce: new Uint8Array(answer.message.header.senderNonce!),
        },
        cmp.pollRequestBody(),
      );
      answer = await cmp.exchange(endpoint, poll, {
        kinds: ['pollRep', 'kup'],
        protection: signatureTrust(),
      });
      outcome = cmp.readEnrollmentAnswer(answer);
      if (seen.length > 5) throw new Error(`polling does not end: ${seen.join(' ')}`);
    }
    expect(seen).toEqual(['kup:0', 'pollRep:1']);
    expect(
      new X509Certificate(outcome.certificateDer).publicKey.export({ type: 'spki', format: 'pem' }),
    ).toBe(key.publicKeyPem);
    expect(
      (await confirm(server, headerInput, outcome.certificateDer, answer.message.header.senderNonce!)).kind,
    ).toBe('pkiconf');
  });

  it('rr with CRLReason keyCompromise: rp accepted', async () => {
    const server = await signedServer(holder.certPath);
    const certificate = tbs(holder.certDer);
    const body = cmp.revocationBody({
      issuerDer: der(certificate.issuer),
      serialNumber: new Uint8Array(certificate.serialNumber),
      reason: 'keyCompromise',
    });
    const answer = await cmp.exchange(
      { url: new URL(server.url) },
      await signedByHolder(holderHeader(), body),
      { kinds: ['rp'], protection: signatureTrust() },
    );
    expect(cmp.readRevocationAnswer(answer)).toEqual({ statusText: [] });
  });

  it('ir under a MAC from a reference number and secret (-srv_ref/-srv_secret): ip verified with the secret', async () => {
    const fresh = pki.issueHolder('mac-result', '/C=CN/O=省人民医院/CN=李四');
    const server = await mock([
      '-srv_secret',
      'pass:授权码9F3K',
      '-srv_ref',
      'REF-2026-0001',
      '-rsp_cert',
      fresh.certPath,
    ]);
    const key = newRsaKey();
    const secret = new TextEncoder().encode('授权码9F3K');
    const request = await cmp.buildCertReqMsg({
      subjectDer: der(tbs(fresh.certDer).subject),
      publicKeyDer: key.spkiDer,
      newKeySigner: key.signer,
    });
    const macHeader = (): cmp.PkiHeader =>
      cmp.buildHeader({
        senderNameDer: null,
        recipientNameDer: null,
        transactionID: cmp.newTransactionId(),
        senderKID: new TextEncoder().encode('REF-2026-0001'),
      });
    const message = cmp.macMessage(macHeader(), cmp.enrollmentBody('ir', request), secret);
    const answer = await cmp.exchange({ url: new URL(server.url) }, message, {
      kinds: ['ip'],
      protection: { kind: 'mac', secret },
    });
    expect(cmp.readEnrollmentAnswer(answer).kind).toBe('issued');
    const wrongSecret = cmp.exchange(
      { url: new URL(server.url) },
      cmp.macMessage(macHeader(), cmp.enrollmentBody('ir', request), new TextEncoder().encode('wrong')),
      { kinds: ['ip'], protection: { kind: 'mac', secret } },
    );
    // The mock cannot verify our MAC and answers with an error it protects with its own secret,
    // which ours verifies; the rejection names the failed check.
    await expect(wrongSecret).rejects.toMatchObject({ code: 'cmp-rejected' });
  });

  it('a rejection with a Chinese status string reaches our error as the peer text', async () => {
    const server = await signedServer(holder.certPath, [
      '-pkistatus',
      '2',
      '-failure',
      '2',
      '-statusstring',
      '单位管理员驳回：人员已调离本院',
    ]);
    const key = newRsaKey();
    const request = await cmp.buildCertReqMsg({
      subjectDer: der(tbs(holder.certDer).subject),
      publicKeyDer: key.spkiDer,
      newKeySigner: key.signer,
    });
    const answer = await cmp.exchange(
      { url: new URL(server.url) },
      await signedByHolder(holderHeader(), cmp.enrollmentBody('ir', request)),
      {
        kinds: ['ip'],
        protection: signatureTrust(),
      },
    );
    const error = (() => {
      try {
        cmp.readEnrollmentAnswer(answer);
      } catch (caught) {
        return caught as cmp.CmpError;
      }
      throw new Error('no rejection');
    })();
    expect(error.code).toBe('cmp-rejected');
    expect(error.peerText).toEqual(['单位管理员驳回：人员已调离本院']);
    expect(error.details.failInfo).toBe('badRequest');
  });

  it('an answer signed by a certificate outside the trust anchors is refused', async () => {
    const server = await signedServer(holder.certPath);
    const otherDirectory = join(temp.directory, 'other-ca');
    mkdirSync(otherDirectory);
    const otherCa = createCmpTestPki(otherDirectory);
    const key = newRsaKey();
    const request = await cmp.buildCertReqMsg({
      subjectDer: der(tbs(holder.certDer).subject),
      publicKeyDer: key.spkiDer,
      newKeySigner: key.signer,
    });
    const exchange = cmp.exchange(
      { url: new URL(server.url) },
      await signedByHolder(holderHeader(), cmp.enrollmentBody('ir', request)),
      {
        kinds: ['ip'],
        protection: { kind: 'signature', trustedDer: [otherCa.caDer], at: new Date() },
      },
    );
    await expect(exchange).rejects.toMatchObject({ code: 'cmp-protection-invalid' });
  });
});

describe('openssl cmp client messages through our codec', () => {
  it('decode and re-encode byte for byte (ir, certConf, rr, genm and the answers)', async () => {
    const fresh = pki.issueHolder('client-result', '/C=CN/O=省人民医院/CN=张三');
    // The client checks that the certificate it gets is for its new key: -rsp_cert is.
    const newKeyPath = fresh.keyPath;
    const out = join(temp.directory, 'captured');
    const runs: [string, string[]][] = [
      [
        'ir',
        [
          '-cmd',
          'ir',
          '-newkey',
          newKeyPath,
          '-subject',
          '/CN=张三',
          '-certout',
          join(temp.directory, 'o1.pem'),
        ],
      ],
      ['rr', ['-cmd', 'rr', '-oldcert', fresh.certPath, '-revreason', '1']],
      ['genm', ['-cmd', 'genm']],
    ];
    const files: string[] = [];
    for (const [name, args] of runs) {
      const server = await signedServer(fresh.certPath);
      const req = [`${out}-${name}-req1.der`, `${out}-${name}-req2.der`];
      const rsp = [`${out}-${name}-rsp1.der`, `${out}-${name}-rsp2.der`];
      openssl(
        [
          'cmp',
          '-server',
          `127.0.0.1:${server.port}`,
          '-path',
          'pkix/',
          '-trusted',
          pki.caCertPath,
          '-cert',
          holder.certPath,
          '-key',
          holder.keyPath,
        ].concat(args, ['-reqout', req.join(','), '-rspout', rsp.join(',')]),
        temp.directory,
      );
      files.push(
        ...[...req, ...rsp].filter((file) => {
          try {
            readFileSync(file);
            return true;
          } catch {
            return false;
          }
        }),
      );
    }
    const kinds = files.map((file) => {
      const bytes = new Uint8Array(readFileSync(file));
      const decoded = cmp.decodePkiMessage(bytes);
      expect(Buffer.from(cmp.encodePkiMessage(decoded.message)).equals(Buffer.from(bytes))).toBe(true);
      return decoded.kind;
    });
    expect(kinds.sort()).toEqual(['certConf', 'genm', 'genp', 'ip', 'ir', 'pkiconf', 'rp', 'rr'].sort());
    expect(pemFileToDer(fresh.certPath).length).toBeGreaterThan(0);
  });
});
