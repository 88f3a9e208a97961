import { beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from '../../../src-main/certs/certificate-dto';
import { derToPem, pemToDer, pemToDerAll } from '../../../src-main/certs/pem';
import { readCertificate } from '../../../src-main/certs/read-certificate';
import { openssl, withTempDir, writeFiles } from '../signing/openssl';
import { createTestCa, issueHolder, type TestCa, type TestHolder } from '../signing/test-pki';
import { buildSm2Certificate } from './sm2-certificate';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date();

describe('describeCertificate', () => {
  let ca: TestCa;
  let rsaHolder: TestHolder;
  let ecHolder: TestHolder;

  beforeAll(async () => {
    ca = await createTestCa(undefined, 'RSA');
    rsaHolder = await issueHolder(ca, { kind: 'RSA', notAfter: new Date(now.getTime() + 20 * DAY) });
    ecHolder = await issueHolder(ca, { kind: 'EC' });
  });

  it('describes a holder certificate with a Chinese subject', () => {
    const dto = describeCertificate(rsaHolder.der, { now });
    expect(dto.subject).toEqual({
      commonName: '张三',
      organization: '某某市第一人民医院',
      organizationalUnit: '心内科',
      serialNumber: '110101198001010011',
      email: 'zhangsan@example.cn',
      country: 'CN',
      dn: expect.stringContaining('CN=张三'),
    });
    expect(dto.subject.dn).toContain('O=某某市第一人民医院');
    expect(dto.issuer.commonName).toBe('测试根CA');
    expect(dto.serialNumber).toBe('A1B2C3D4E5F6');
    expect(dto).toMatchObject({
      keyAlgorithm: 'RSA',
      keyAlgorithmOid: '1.2.840.113549.1.1.1',
      keySize: 2048,
      namedCurve: null,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      extendedKeyUsage: ['clientAuth', 'emailProtection', '1.2.3.4.5'],
      isCa: false,
      status: 'expiring',
      daysLeft: 19,
    });
    expect(dto.notAfter).toBe(rsaHolder.certificate.notAfter.toISOString());
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
  });

  it('describes a P-256 key and an ECDSA-signed certificate', async () => {
    const ecCa = await createTestCa('CN=EC CA', 'EC');
    const holder = await issueHolder(ecCa, { kind: 'EC' });
    expect(describeCertificate(holder.der, { now })).toMatchObject({
      keyAlgorithm: 'EC',
      keySize: 256,
      namedCurve: 'P-256',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      status: 'valid',
    });
  });

  it('marks a CA certificate', () => {
    const dto = describeCertificate(ca.der, { now });
    expect(dto.isCa).toBe(true);
    expect(dto.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(dto.extendedKeyUsage).toBeNull();
  });

  it('applies the renewal window option', () => {
    expect(describeCertificate(rsaHolder.der, { now, renewalWindowDays: 14 }).status).toBe('valid');
  });

  it('has the same SHA-256 fingerprint as openssl', () => {
    const dto = describeCertificate(ecHolder.der, { now });
    withTempDir((dir) => {
      writeFiles(dir, { 'cert.pem': derToPem(ecHolder.der) });
      const run = openssl(dir, ['x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha256']);
      expect(run.status).toBe(0);
      expect(run.stdout.trim().split('=')[1]).toBe(dto.sha256Fingerprint);
    });
    expect(dto.sha256Fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('recognises an SM2 key (id-ecPublicKey on curve 1.2.156.10197.1.301) and SM2-with-SM3', () => {
    const der = buildSm2Certificate(new Date(now.getTime() - DAY), new Date(now.getTime() + 300 * DAY));
    const dto = describeCertificate(der, { now });
    expect(dto).toMatchObject({
      keyAlgorithm: 'SM2',
      keyAlgorithmOid: '1.2.840.10045.2.1',
      namedCurve: 'SM2',
      keySize: 256,
      signatureAlgorithm: 'SM2-with-SM3',
      signatureAlgorithmOid: '1.2.156.10197.1.501',
      serialNumber: '012345',
      keyUsage: null,
      status: 'valid',
    });
    expect(dto.subject.commonName).toBe('李四');
    expect(dto.subject.organization).toBe('某某市第一人民医院');
    expect(dto.issuer.organization).toBe('湖北省数字证书认证管理中心');
  });
});

describe('readCertificate', () => {
  it('returns ok:false with a reason for garbage, never throwing', () => {
    for (const bytes of [
      new Uint8Array([1, 2, 3, 4]),
      new Uint8Array(0),
      new TextEncoder().encode('hello'),
    ]) {
      const result = readCertificate(bytes, { now });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/\S/);
    }
  });

  it('returns the DTO for a good certificate', async () => {
    const ca = await createTestCa(undefined, 'EC');
    const result = readCertificate(ca.der, { now });
    expect(result.ok && result.certificate.isCa).toBe(true);
  });

  it('still refuses a bad renewal window loudly (a caller bug, not an unreadable object)', () => {
    expect(() => readCertificate(new Uint8Array([1]), { now, renewalWindowDays: 0 })).toThrow(RangeError);
  });
});

describe('PEM helpers', () => {
  it('round-trips DER through PEM, including bundles', async () => {
    const ca = await createTestCa(undefined, 'EC');
    const pem = derToPem(ca.der);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(Buffer.from(pemToDer(pem)).equals(Buffer.from(ca.der))).toBe(true);
    expect(pemToDerAll(`${pem}\n${pem}`)).toHaveLength(2);
  });

  it('refuses text without a PEM block', () => {
    expect(() => pemToDer('hello')).toThrow(expect.objectContaining({ code: 'pem-malformed' }));
  });
});
