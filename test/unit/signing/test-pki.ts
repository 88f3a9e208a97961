// A throwaway PKI for tests: a CA and holder certificates made with WebCrypto and
// @peculiar/x509, plus CmsSignatureProviders that sign the way a PKCS#11 token does.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { constants, KeyObject, privateEncrypt, randomBytes, webcrypto } from 'node:crypto';
import type { CmsSignatureProvider } from '../../../src-main/signing/signature-provider';
import { sha256DigestInfo } from '../../../src-main/signing/digest-info';
import { ecdsaRawToDer } from '../../../src-main/signing/ecdsa-signature';
import { signP256Digest } from './p256-ecdsa';

export type KeyKind = 'RSA' | 'EC';
const DAY = 24 * 60 * 60 * 1000;

export const HOLDER_SUBJECT =
  'CN=张三, O=某某市第一人民医院, OU=心内科, C=CN, 2.5.4.5=110101198001010011, E=zhangsan@example.cn';

function algorithmFor(kind: KeyKind): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return kind === 'RSA'
    ? {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

function signingAlgorithmFor(kind: KeyKind): webcrypto.Algorithm {
  return kind === 'RSA'
    ? ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as webcrypto.Algorithm)
    : ({ name: 'ECDSA', hash: 'SHA-256' } as webcrypto.Algorithm);
}

async function generateKeys(kind: KeyKind): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithmFor(kind), true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
}

export interface TestCa {
  certificate: x509.X509Certificate;
  der: Uint8Array;
  keys: webcrypto.CryptoKeyPair;
  kind: KeyKind;
}

export interface TestHolder {
  certificate: x509.X509Certificate;
  der: Uint8Array;
  privateKey: KeyObject;
  kind: KeyKind;
}

export async function createTestCa(
  name = 'CN=测试根CA, O=YiKey Test, C=CN',
  kind: KeyKind = 'RSA',
): Promise<TestCa> {
  const keys = await generateKeys(kind);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 3650 * DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: signingAlgorithmFor(kind),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, der: new Uint8Array(certificate.rawData), keys, kind };
}

export interface HolderOptions {
  kind: KeyKind;
  notBefore?: Date;
  notAfter?: Date;
  subject?: string;
  serialNumber?: string;
}

export async function issueHolder(ca: TestCa, options: HolderOptions): Promise<TestHolder> {
  const keys = await generateKeys(options.kind);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? '00a1b2c3d4e5f6',
    subject: options.subject ?? HOLDER_SUBJECT,
    issuer: ca.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: signingAlgorithmFor(ca.kind),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4', '1.2.3.4.5']),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return {
    certificate,
    der: new Uint8Array(certificate.rawData),
    privateKey: KeyObject.from(keys.privateKey),
    kind: options.kind,
  };
}

/** Like CKM_RSA_PKCS: the "token" only pads and exponentiates the DigestInfo we hand it. */
export function rsaTokenProvider(privateKey: KeyObject): CmsSignatureProvider {
  return {
    keyAlgorithm: 'RSA',
    sign: async (digest) =>
      new Uint8Array(
        privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, sha256DigestInfo(digest)),
      ),
  };
}

/**
 * Like CKM_ECDSA: signs the digest as given and returns r||s (IEEE P1363), which we convert
 * with ecdsaRawToDer exactly as the token path does. Node's crypto.sign always hashes its
 * input, so the raw-digest ECDSA is done in p256-ecdsa.ts.
 */
export function ecTokenProvider(privateKey: KeyObject): CmsSignatureProvider {
  const jwk = privateKey.export({ format: 'jwk' });
  const d = BigInt(`0x${Buffer.from(jwk.d!, 'base64url').toString('hex')}`);
  return {
    keyAlgorithm: 'EC',
    sign: async (digest) => ecdsaRawToDer(signP256Digest(d, digest, randomBytes)),
  };
}

export function tokenProviderFor(holder: TestHolder): CmsSignatureProvider {
  return holder.kind === 'RSA' ? rsaTokenProvider(holder.privateKey) : ecTokenProvider(holder.privateKey);
}
