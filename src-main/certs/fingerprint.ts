import { createHash } from 'node:crypto';

/**
 * SHA-256 over the certificate DER as uppercase, colon-separated hex ("AB:CD:…"), the form
 * `openssl x509 -fingerprint -sha256` and the Windows/CA portals show, so a holder can compare
 * it by eye with what the provider prints.
 */
export function sha256Fingerprint(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}
