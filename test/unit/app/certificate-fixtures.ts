// Small builders for certificate entries as the holder API returns them.
import type { CertificateEntryView, CertificateView } from '../../../src-main/contract/holder-api-schemas';
import { tokenSummary } from '../../helpers/token-summary';
import type { TokenSummary } from '../../../src-main/contract/token-types';

const name = (commonName: string | null) => ({
  commonName,
  organization: null,
  organizationalUnit: null,
  serialNumber: null,
  email: null,
  country: null,
  dn: commonName ? `CN=${commonName}` : '',
});

export function certificateEntry(
  overrides: Partial<CertificateView> & { commonName?: string | null } = {},
): CertificateEntryView {
  const { commonName = '张医生', ...certificate } = overrides;
  return {
    slotId: '1',
    tokenLabel: 'key',
    tokenSerial: 'S1',
    objectId: '01',
    objectLabel: 'sign',
    keyPairing: 'paired',
    readable: true,
    certificate: {
      subject: name(commonName),
      issuer: name('Provincial CA'),
      serialNumber: '0A',
      notBefore: '2024-01-01T00:00:00Z',
      notAfter: '2025-01-01T00:00:00Z',
      daysLeft: 100,
      status: 'valid',
      keyAlgorithm: 'RSA',
      keyAlgorithmOid: '1.2.840.113549.1.1.1',
      keySize: 2048,
      namedCurve: null,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      signatureAlgorithmOid: '1.2.840.113549.1.1.11',
      keyUsage: null,
      extendedKeyUsage: null,
      sha256Fingerprint: 'AA',
      isCa: false,
      ...certificate,
    },
  };
}

export const token = (overrides: Partial<Omit<TokenSummary, 'pin'>> = {}): TokenSummary =>
  tokenSummary(overrides);
