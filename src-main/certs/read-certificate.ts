// The non-throwing entry point for listings: one unreadable object on a token must not hide
// the others, so any failure becomes a reason string instead of an exception.
import { describeCertificate, type CertificateDto, type DescribeCertificateOptions } from './certificate-dto';
import { assertRenewalWindowDays } from './expiry-status';

export type ReadCertificateResult = { ok: true; certificate: CertificateDto } | { ok: false; reason: string };

export function readCertificate(der: Uint8Array, options: DescribeCertificateOptions): ReadCertificateResult {
  // A bad window is the caller's bug, not an unreadable certificate: let it throw.
  if (options.renewalWindowDays !== undefined) assertRenewalWindowDays(options.renewalWindowDays);
  if (der.byteLength === 0) return { ok: false, reason: 'empty: no certificate bytes' };
  try {
    return { ok: true, certificate: describeCertificate(der, options) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not a readable X.509 certificate: ${detail}` };
  }
}
