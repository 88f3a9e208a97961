// The certification path and its verdict: each chain status, built from the trust store and
// the other certificates on the key, with the clock passed in.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCertificateChain } from '../../../src-main/certs/certificate-chain';
import { createTestCa, issueHolder, type TestCa, type TestHolder } from '../signing/test-pki';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();

/** An intermediate CA under `parent`, as provincial CAs issue holder certificates. */
async function issueIntermediate(parent: TestCa, name: string, notAfter?: Date): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: name,
    issuer: parent.certificate.subject,
    notBefore: new Date(now.getTime() - 365 * DAY),
    notAfter: notAfter ?? new Date(now.getTime() + 1000 * DAY),
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as webcrypto.Algorithm,
    publicKey: keys.publicKey,
    signingKey: parent.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey),
    ],
  });
  return { certificate, der: new Uint8Array(certificate.rawData), keys, kind: 'RSA' };
}

/** The same certificate with one bit of its signature value flipped. */
function withBrokenSignature(der: Uint8Array): Uint8Array {
  const broken = Uint8Array.from(der);
  broken[broken.length - 1]! ^= 0x01;
  return broken;
}

describe('buildCertificateChain', () => {
  let root: TestCa;
  let intermediate: TestCa;
  let holder: TestHolder;

  beforeAll(async () => {
    root = await createTestCa('CN=省卫健委根CA, O=Province, C=CN');
    intermediate = await issueIntermediate(root, 'CN=省卫健委数字证书中心, O=Province, C=CN');
    holder = await issueHolder(intermediate, { kind: 'EC' });
  });

  it('trusted: holder → intermediate (on the key) → root (trust store), all valid now', async () => {
    const chain = await buildCertificateChain({
      certificateDer: holder.der,
      trustedDer: [root.der],
      candidateDer: [intermediate.der, holder.der],
      at: now,
    });
    expect(chain.status).toBe('trusted');
    expect(chain.problems).toEqual([]);
    expect(chain.anchorIndex).toBe(2);
    expect(chain.elements.map((element) => element.subject.commonName)).toEqual([
      '张三',
      '省卫健委数字证书中心',
      '省卫健委根CA',
    ]);
    expect(chain.elements.map((element) => element.isTrustAnchor)).toEqual([false, false, true]);
    expect(chain.elements.every((element) => element.status === 'valid')).toBe(true);
    expect(chain.elements[0]!.issuerDn).toBe(chain.elements[1]!.subject.dn);
    expect(chain.elements[2]!.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('trusted at a trusted intermediate, even without the root', async () => {
    const chain = await buildCertificateChain({
      certificateDer: holder.der,
      trustedDer: [intermediate.der],
      candidateDer: [],
      at: now,
    });
    expect(chain.status).toBe('trusted');
    expect(chain.anchorIndex).toBe(1);
  });

  it('untrusted: the path ends at a self-signed root that is not in the trust store', async () => {
    const other = await createTestCa('CN=别的CA, O=Elsewhere, C=CN');
    const chain = await buildCertificateChain({
      certificateDer: holder.der,
      trustedDer: [other.der],
      candidateDer: [intermediate.der, root.der],
      at: now,
    });
    expect(chain.status).toBe('untrusted');
    expect(chain.anchorIndex).toBeNull();
    expect(chain.elements).toHaveLength(3);
    expect(chain.problems).toEqual([{ code: 'root-not-trusted', elementIndex: 2 }]);
  });

  it('incomplete: the issuer is nowhere (empty trust store, nothing else on the key)', async () => {
    const chain = await buildCertificateChain({
      certificateDer: holder.der,
      trustedDer: [],
      candidateDer: [holder.der],
      at: now,
    });
    expect(chain.status).toBe('incomplete');
    expect(chain.elements.map((element) => element.subject.commonName)).toEqual(['张三']);
    expect(chain.problems).toEqual([{ code: 'issuer-not-found', elementIndex: 0 }]);
  });

  it('incomplete: the root is missing above an intermediate found on the key', async () => {
    const chain = await buildCertificateChain({
      certificateDer: holder.der,
      trustedDer: [],
      candidateDer: [intermediate.der],
      at: now,
    });
    expect(chain.status).toBe('incomplete');
    expect(chain.problems).toEqual([{ code: 'issuer-not-found', elementIndex: 1 }]);
  });

  it('invalid: the issuer is there but its key does not verify the signature', async () => {
    const chain = await buildCertificateChain({
      certificateDer: withBrokenSignature(holder.der),
      trustedDer: [root.der],
      candidateDer: [intermediate.der],
      at: now,
    });
    expect(chain.status).toBe('invalid');
    expect(chain.elements).toHaveLength(1);
    expect(chain.problems).toEqual([{ code: 'signature-invalid', elementIndex: 0 }]);
  });

  it('invalid: a trusted path with an expired intermediate', async () => {
    const expired = await issueIntermediate(
      root,
      'CN=省卫健委数字证书中心, O=Province, C=CN',
      new Date(now.getTime() - DAY),
    );
    const expiredHolder = await issueHolder(expired, { kind: 'RSA' });
    const chain = await buildCertificateChain({
      certificateDer: expiredHolder.der,
      trustedDer: [root.der],
      candidateDer: [expired.der],
      at: now,
    });
    expect(chain.status).toBe('invalid');
    expect(chain.anchorIndex).toBe(2);
    expect(chain.elements.map((element) => element.status)).toEqual(['valid', 'expired', 'valid']);
    expect(chain.problems).toEqual([{ code: 'expired', elementIndex: 1 }]);
  });

  it('judges validity with the clock passed in', async () => {
    const input = { certificateDer: holder.der, trustedDer: [root.der], candidateDer: [intermediate.der] };
    const later = await buildCertificateChain({ ...input, at: new Date(now.getTime() + 400 * DAY) });
    expect(later.status).toBe('invalid');
    expect(later.elements[0]!.status).toBe('expired');
    const earlier = await buildCertificateChain({ ...input, at: new Date(now.getTime() - 2 * DAY) });
    expect(earlier.elements[0]!.status).toBe('not-yet-valid');
    expect(earlier.problems).toContainEqual({ code: 'not-yet-valid', elementIndex: 0 });
  });

  it('a trusted root on its own is trusted', async () => {
    const chain = await buildCertificateChain({
      certificateDer: root.der,
      trustedDer: [root.der],
      candidateDer: [],
      at: now,
    });
    expect(chain.status).toBe('trusted');
    expect(chain.anchorIndex).toBe(0);
  });

  it('refuses a trust store entry that is not a certificate', async () => {
    await expect(
      buildCertificateChain({
        certificateDer: holder.der,
        trustedDer: [new Uint8Array([1, 2, 3])],
        candidateDer: [],
        at: now,
      }),
    ).rejects.toThrow(/trustedDer\[0\]/);
  });
});
