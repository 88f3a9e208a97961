import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SigningCertificateV2,
  signingCertificateV2For,
} from '../../../src-main/signing/signing-certificate-v2';
import { signingCertificateMatches } from '../../../src-main/signing/signing-certificate-match';
import { createTestCa, issueHolder, type TestHolder } from './test-pki';

describe('ESS signing-certificate-v2', () => {
  let holder: TestHolder;
  let otherHolder: TestHolder;

  beforeAll(async () => {
    const ca = await createTestCa(undefined, 'EC');
    holder = await issueHolder(ca, { kind: 'EC', serialNumber: '0a' });
    otherHolder = await issueHolder(ca, { kind: 'EC', serialNumber: '0b' });
  });

  const attributeFor = (der: Uint8Array) =>
    AsnConvert.parse(signingCertificateV2For(der, AsnConvert.parse(der, Certificate)), SigningCertificateV2);

  it('round-trips and omits the DEFAULT sha256 hash algorithm', () => {
    const attribute = attributeFor(holder.der);
    expect(attribute.certs).toHaveLength(1);
    expect(attribute.certs[0]!.hashAlgorithm).toBeUndefined();
    expect(attribute.certs[0]!.issuerSerial).toBeDefined();
  });

  it('matches the certificate it was made for and no other', () => {
    const attribute = attributeFor(holder.der);
    const certificate = (der: Uint8Array) => AsnConvert.parse(der, Certificate);
    expect(signingCertificateMatches(attribute, holder.der, certificate(holder.der))).toBe(true);
    expect(signingCertificateMatches(attribute, otherHolder.der, certificate(otherHolder.der))).toBe(false);
  });
});
