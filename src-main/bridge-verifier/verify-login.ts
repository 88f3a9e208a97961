// Checks an auth.login answer on the EMR server (docs/bridge.md "Checking a login"), as Web eID
// servers check theirs: the signature over the exact `content` bytes by exactly `certificate`,
// chained to the hospital's trusted CAs; then the signed JSON's type, version, origin, nonce and
// time. Nothing is rebuilt from what the page says: the page may be lying.
import { timingSafeEqual } from 'node:crypto';
import { describeCertificate } from '../certs/certificate-dto';
import { checkSignedBytes } from './check-signed-bytes';
import type { TrustedCaInput } from './trusted-cas';
import { failure, type LoginVerified, type VerificationFailure } from './verification-result';

export interface VerifyLoginOptions {
  /** This EMR's own origin, e.g. https://emr.hospital.example (scheme, host, port; no path). */
  expectedOrigin: string;
  /** The nonce this server issued for this login (and will not accept again). */
  issuedNonce: string;
  /** PEM text or DER of the CAs whose certificates may log in. */
  trustedCAs: readonly TrustedCaInput[];
  now?: Date;
  /** Allowed difference between the signed time and `now` (default 5 minutes). */
  maxClockSkewMs?: number;
}

export interface LoginAnswerInput {
  certificate: unknown;
  content: unknown;
  signature: unknown;
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const defaultSkewMs = 5 * 60 * 1000;
const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function decodeBase64(value: unknown): Buffer | null {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !base64.test(value)) return null;
  return Buffer.from(value, 'base64');
}

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface LoginContent {
  type: unknown;
  version: unknown;
  origin: unknown;
  nonce: unknown;
  time: unknown;
}

function parseContent(bytes: Buffer): LoginContent | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const keys = Object.keys(value).sort().join(',');
    return keys === 'nonce,origin,time,type,version' ? (value as LoginContent) : null;
  } catch {
    return null;
  }
}

export async function verifyLogin(
  answer: LoginAnswerInput,
  options: VerifyLoginOptions,
): Promise<LoginVerified | VerificationFailure> {
  const now = options.now ?? new Date();
  if (typeof answer !== 'object' || answer === null)
    return failure('malformed-answer', 'the answer is not an object');
  const certificate = decodeBase64(answer.certificate);
  const content = decodeBase64(answer.content);
  const signature = decodeBase64(answer.signature);
  if (!certificate || !content || !signature || content.length > 4096) {
    return failure('malformed-answer', 'certificate, content and signature must be base64 (content ≤ 4 KiB)');
  }

  const signed = await checkSignedBytes({
    content,
    signature,
    trustedCAs: options.trustedCAs,
    now,
    expectedCertificate: certificate,
  });
  if (!signed.ok) return signed;

  const login = parseContent(content);
  if (!login) return failure('malformed-content', 'content is not the JSON of a YiKey login');
  if (login.type !== 'yikey-auth') return failure('wrong-type', 'content is not a YiKey login');
  if (login.version !== 1) return failure('unsupported-version', `login version ${String(login.version)}`);
  if (typeof login.origin !== 'string' || !sameText(login.origin, options.expectedOrigin)) {
    return failure(
      'origin-mismatch',
      `signed for ${String(login.origin)}, expected ${options.expectedOrigin}`,
    );
  }
  if (typeof login.nonce !== 'string' || !sameText(login.nonce, options.issuedNonce)) {
    return failure('nonce-mismatch', 'not the nonce issued for this login');
  }
  if (typeof login.time !== 'string' || !isoUtc.test(login.time))
    return failure('malformed-content', 'bad time');
  const skew = Math.abs(now.getTime() - new Date(login.time).getTime());
  if (!(skew <= (options.maxClockSkewMs ?? defaultSkewMs))) {
    return failure('stale', `signed at ${login.time}, ${Math.round(skew / 1000)} s from the server's clock`);
  }
  // The signing-time attribute is the signer's claim; for a login the certificate must be valid now.
  const signer = describeCertificate(certificate, { now });
  if (signer.status === 'expired') return failure('certificate-expired', 'the certificate has expired');
  if (signer.status === 'not-yet-valid')
    return failure('certificate-not-yet-valid', 'the certificate is not valid yet');
  return {
    ok: true,
    origin: login.origin,
    time: login.time,
    signer,
    certificate: certificate.toString('base64'),
  };
}
