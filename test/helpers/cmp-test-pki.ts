// A small PKI made by OpenSSL for CMP tests: a CA, the CMP server's certificate (what the
// openssl mock server protects its answers with) and holder keys and certificates, plus a
// ProtectionSigner over a Node RSA key (the token's signer in the integration tests).
import { constants, generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtectionSigner } from '../../src-main/cmp/protection';
import { sha256DigestInfo } from '../../src-main/signing/digest-info';
import { openssl } from './openssl-cli';

export { openssl };

export interface CmpTestPki {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  caDer: Uint8Array;
  /** A holder: key (PEM file and KeyObject) and a certificate from the CA. */
  issueHolder(name: string, subject: string, serialHex?: string): HolderCredentials;
  /**
   * A certificate from the CA for a public key whose private key we may not have. OpenSSL 3.0's
   * `x509 -new -subj` reads the subject as ASCII, so keep it ASCII.
   */
  issueForPublicKey(name: string, publicKeyPem: string, asciiSubject: string, serialHex: string): string;
}

export interface HolderCredentials {
  keyPath: string;
  certPath: string;
  certDer: Uint8Array;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function createCmpTestPki(dir: string): CmpTestPki {
  const caKeyPath = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.pem');
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      caKeyPath,
    ].concat(['-out', caCertPath, '-days', '30', '-utf8', '-subj', '/C=CN/O=省级CA/CN=测试CMP根CA']),
    dir,
  );
  const serverKeyPath = join(dir, 'server.key');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', serverKeyPath], dir);
  const serverCertPath = join(dir, 'server.pem');
  issue(dir, { caCertPath, caKeyPath }, serverKeyPath, serverCertPath, '/C=CN/O=省级CA/CN=CMP服务', '7001');
  const pki: CmpTestPki = {
    dir,
    caCertPath,
    caKeyPath,
    serverCertPath,
    serverKeyPath,
    caDer: pemFileToDer(caCertPath),
    issueHolder(name, subject, serialHex = randomSerial()) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const keyPath = join(dir, `${name}.key`);
      writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const certPath = join(dir, `${name}.pem`);
      issue(dir, { caCertPath, caKeyPath }, keyPath, certPath, subject, serialHex);
      return {
        keyPath,
        certPath,
        certDer: pemFileToDer(certPath),
        privateKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      };
    },
    issueForPublicKey(name, publicKeyPem, asciiSubject, serialHex) {
      const publicKeyPath = join(dir, `${name}.pub.pem`);
      writeFileSync(publicKeyPath, publicKeyPem);
      const certPath = join(dir, `${name}.pem`);
      openssl(
        ['x509', '-new', '-subj', asciiSubject, '-force_pubkey', publicKeyPath, '-CA', caCertPath].concat([
          '-CAkey',
          caKeyPath,
          '-set_serial',
          `0x${serialHex}`,
          '-days',
          '365',
          '-out',
          certPath,
        ]),
        dir,
      );
      return certPath;
    },
  };
  return pki;
}

function issue(
  dir: string,
  ca: { caCertPath: string; caKeyPath: string },
  keyPath: string,
  certPath: string,
  subject: string,
  serialHex: string,
): void {
  const csrPath = `${certPath}.csr`;
  openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-utf8', '-out', csrPath], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csrPath,
      '-CA',
      ca.caCertPath,
      '-CAkey',
      ca.caKeyPath,
      '-set_serial',
      `0x${serialHex}`,
    ].concat(['-days', '30', '-out', certPath, '-extfile', '/dev/null']),
    dir,
  );
}

export function pemFileToDer(path: string): Uint8Array {
  const base64 = readFileSync(path, 'utf8')
    .replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export function randomSerial(): string {
  return `5${Math.floor(Math.random() * 0xfffffff)
    .toString(16)
    .padStart(7, '0')}`;
}

/** RSA PKCS#1 v1.5 over a SHA-256 digest, as CKM_RSA_PKCS on a token does. */
export function rsaDigestSigner(privateKey: KeyObject): ProtectionSigner {
  return {
    keyAlgorithm: 'RSA',
    async sign(digest) {
      return new Uint8Array(
        privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sha256DigestInfo(digest)),
      );
    },
  };
}
