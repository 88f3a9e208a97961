// Checks a page's arguments before anything is sent, so a programming mistake gets a clear
// invalid-params at the call site instead of a round trip. YiKey checks everything again.
import { YiKeyBridgeError } from './bridge-error';
import type { BatchItem, SignContent, SignSummary } from './wire-types';

const base64url = /^[A-Za-z0-9_-]+$/;
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
const sha256Hex = /^[0-9a-f]{64}$/;
const maxBatchItems = 500;

function invalid(): never {
  throw new YiKeyBridgeError('invalid-params');
}

/** A login nonce: base64url (no padding) decoding to 32..128 bytes, as issued by the EMR server. */
export function checkNonce(nonce: unknown): string {
  if (typeof nonce !== 'string' || !base64url.test(nonce)) invalid();
  const bytes = Math.floor((nonce.length * 3) / 4);
  if (bytes < 32 || bytes > 128) invalid();
  return nonce;
}

export function checkDigest(digest: unknown): string {
  if (typeof digest !== 'string' || !sha256Hex.test(digest)) invalid();
  return digest;
}

export function checkSummary(summary: unknown): SignSummary {
  if (typeof summary !== 'object' || summary === null) invalid();
  const { patient, recordType, title, documentId } = summary as Record<string, unknown>;
  for (const field of [patient, recordType, title, documentId]) {
    if (typeof field !== 'string' || field.trim() === '') invalid();
  }
  return { patient, recordType, title, documentId } as SignSummary;
}

/** Exactly one of content / contentBase64, copied so no extra field (a PIN, say) rides along. */
export function checkContent(input: Partial<SignContent>): SignContent {
  if (typeof input !== 'object' || input === null) invalid();
  const hasText = input.content !== undefined;
  const hasBytes = input.contentBase64 !== undefined;
  if (hasText === hasBytes) invalid();
  if (hasText) {
    if (typeof input.content !== 'string') invalid();
    return { content: input.content };
  }
  if (typeof input.contentBase64 !== 'string' || !base64.test(input.contentBase64)) invalid();
  return { contentBase64: input.contentBase64 };
}

export function checkBatch(items: unknown): BatchItem[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > maxBatchItems) invalid();
  return items.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) invalid();
    const entry = item as BatchItem;
    return { ...checkContent(entry), summary: checkSummary(entry.summary) };
  });
}

export function checkDigestAlgorithm(algorithm: unknown): { digestAlgorithm?: 'sha256' | 'sm3' } {
  if (algorithm === undefined) return {};
  if (algorithm !== 'sha256' && algorithm !== 'sm3') invalid();
  return { digestAlgorithm: algorithm };
}

export function checkCertificateId(certificateId: unknown): { certificateId?: string } {
  if (certificateId === undefined) return {};
  if (typeof certificateId !== 'string' || certificateId === '') invalid();
  return { certificateId };
}
