// A CMP peer of our own for hostile-answer tests: an HTTP server on 127.0.0.1 whose answer to
// each request a test script decides, signed with a server certificate from the virtual keys'
// test CA (so YiKey trusts it) or spoiled on purpose — another transaction, another nonce, a
// broken signature or MAC, a signer nobody trusts, malformed or oversize DER, not CMP at all.
// Used by renewal-hostile-answers and lifecycle-hostile-answers (change, revocation, unlock).
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createPrivateKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ensureTestCa } from '../../native/vusbkey/control/test-ca';
import { x509 } from '../../native/vusbkey/control/x509-runtime';
import * as cmp from '../../src-main/cmp/index';
import { createCmpTestPki, openssl, pemFileToDer, rsaDigestSigner } from './cmp-test-pki';
import type { VirtualKeyHome } from './vusbkey-fixture';

/** Every way an answer can be spoiled on its way (each one a case of the hostile-answer tests). */
export const spoils = [
  'wrong-transaction',
  'wrong-nonce',
  'bad-protection',
  'untrusted-signer',
  'malformed',
  'oversize',
  'not-cmp',
] as const;

/** What is wrong with an answer; null: nothing. */
export type Spoil = (typeof spoils)[number] | null;

/** The lastError code YiKey journals for an answer it cannot trust: not CMP at all looks like a backend that is down. */
export const journaledCodeFor = (spoil: string): string =>
  spoil === 'not-cmp' ? 'backend-unreachable' : 'backend-answer-invalid';

/** Spoils that leave no CMP message to build (the body is garbage or not CMP). */
const rawSpoils = new Set<Spoil>(['malformed', 'oversize', 'not-cmp']);

export type PeerReply = { body: Buffer; type?: string };

export interface ScriptedCmpPeer {
  url: URL;
  /** The certificate the peer signs with. */
  serverCertDer: Uint8Array;
  /** The answer `body` to `request`, signed (or spoiled as `spoil` says). */
  signed(request: cmp.DecodedMessage, body: cmp.PkiBody, spoil?: Spoil): Promise<PeerReply>;
  /** The answer `body` to `request`, MAC-protected with `secret` (or spoiled). */
  macProtected(request: cmp.DecodedMessage, body: cmp.PkiBody, secret: Uint8Array, spoil?: Spoil): PeerReply;
  close(): Promise<void>;
}

export async function startScriptedCmpPeer(
  keys: VirtualKeyHome,
  dir: string,
  answer: (request: cmp.DecodedMessage) => Promise<PeerReply>,
): Promise<ScriptedCmpPeer> {
  const strangerPki = createCmpTestPki(dir);
  const { certDer: serverCertDer, key: serverKey } = serverCredentials(keys, dir);
  const serverName = new Uint8Array(
    AsnConvert.serialize(AsnConvert.parse(serverCertDer, Certificate).tbsCertificate.subject),
  );
  const header = (request: cmp.DecodedMessage, spoil: Spoil, senderNameDer: Uint8Array | null) =>
    cmp.buildHeader({
      senderNameDer,
      recipientNameDer: null,
      transactionID:
        spoil === 'wrong-transaction'
          ? randomBytes(16)
          : new Uint8Array(request.message.header.transactionID!),
      recipNonce:
        spoil === 'wrong-nonce' ? randomBytes(16) : new Uint8Array(request.message.header.senderNonce!),
    });

  const peer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('error', () => response.destroy());
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve()
        .then(() => answer(cmp.decodePkiMessage(new Uint8Array(Buffer.concat(chunks)))))
        .then(
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

  return {
    url,
    serverCertDer,
    async signed(request, body, spoil = null) {
      if (rawSpoils.has(spoil)) return rawReply(spoil);
      if (spoil === 'untrusted-signer') {
        const stranger = strangerPki.issueHolder('stranger', '/CN=CMP server');
        const message = await cmp.signMessage(
          header(request, spoil, serverName),
          body,
          rsaDigestSigner(stranger.privateKey),
          [stranger.certDer],
        );
        return { body: Buffer.from(cmp.encodePkiMessage(message)) };
      }
      const message = await cmp.signMessage(
        header(request, spoil, serverName),
        body,
        rsaDigestSigner(serverKey),
        [serverCertDer],
      );
      if (spoil === 'bad-protection') new Uint8Array(message.protection!)[10]! ^= 0x01;
      return { body: Buffer.from(cmp.encodePkiMessage(message)) };
    },
    macProtected(request, body, secret, spoil = null) {
      if (rawSpoils.has(spoil)) return rawReply(spoil);
      const message = cmp.macMessage(header(request, spoil, null), body, secret);
      if (spoil === 'bad-protection') new Uint8Array(message.protection!)[3]! ^= 0x01;
      return { body: Buffer.from(cmp.encodePkiMessage(message)) };
    },
    close: () => new Promise((resolve) => peer.close(() => resolve())),
  };
}

function rawReply(spoil: Spoil): PeerReply {
  if (spoil === 'malformed') return { body: Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02, 0x01]) };
  if (spoil === 'oversize') return { body: randomBytes(300 * 1024) };
  return { body: Buffer.from('<html>维护中</html>'), type: 'text/html' };
}

/** The server's own RSA key and certificate, from the same CA as the holders' (the trust store). */
function serverCredentials(keys: VirtualKeyHome, dir: string): { certDer: Uint8Array; key: KeyObject } {
  const keyPath = join(dir, 'server-rsa.key');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath], dir);
  openssl(['req', '-new', '-key', keyPath, '-subj', '/CN=CMP server', '-out', `${keyPath}.csr`], dir);
  const certPath = join(dir, 'server-rsa.pem');
  openssl(
    [
      ...['x509', '-req', '-in', `${keyPath}.csr`, '-CA', keys.caPath],
      ...['-CAkey', join(keys.home, 'ca', 'ca.key.pem'), '-set_serial', '0x51', '-days', '30'],
      ...['-out', certPath],
    ],
    dir,
  );
  return { certDer: pemFileToDer(certPath), key: createPrivateKey(readFileSync(keyPath)) };
}

/** A one-year certificate from the virtual keys' test CA for the RSA key `spki`, naming `subject`. */
export async function issueFromTestCa(
  keys: VirtualKeyHome,
  spki: Uint8Array,
  subject: x509.Name | string,
): Promise<Uint8Array> {
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
