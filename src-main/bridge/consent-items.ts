// What the holder reads before consenting to a signature: the EMR's clinical summary, the start
// of the text, its size and the SHA-256 of exactly the bytes that will be signed. Pure.
import { createHash } from 'node:crypto';
import type { ConsentItem } from '../contract/bridge-consent';
import type { ClinicalSummary } from '../contract/bridge-wire';

/** A record as the bridge signs it: its digest, and the bytes when the page sent them. */
export interface RecordToSign {
  summary: ClinicalSummary;
  digest: Buffer;
  /** Of `digest`: SHA-256 when the bridge hashed the bytes; what the page said for sign.digest. */
  digestAlgorithm: 'sha256' | 'sm3';
  bytes: Buffer | null;
}

export function recordFromContent(
  input: { content?: string | undefined; contentBase64?: string | undefined },
  summary: ClinicalSummary,
): RecordToSign {
  // The page's text is signed as UTF-8, exactly these bytes (docs/bridge.md).
  const bytes =
    input.content !== undefined
      ? Buffer.from(input.content, 'utf8')
      : Buffer.from(input.contentBase64 ?? '', 'base64');
  return { summary, bytes, digest: createHash('sha256').update(bytes).digest(), digestAlgorithm: 'sha256' };
}

export function recordFromDigest(
  digestHex: string,
  summary: ClinicalSummary,
  digestAlgorithm: 'sha256' | 'sm3' = 'sha256',
): RecordToSign {
  return { summary, bytes: null, digest: Buffer.from(digestHex, 'hex'), digestAlgorithm };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters that would make the excerpt read differently from the bytes (direction overrides,
 * control characters other than line breaks and tabs) are shown as �.
 */
function readable(text: string): string {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|(?![\n\t])\p{Cc}/gu, '\ufffd');
}

export function consentItem(record: RecordToSign, excerptChars: number): ConsentItem {
  const base = {
    summary: record.summary,
    digest: record.digest.toString('hex'),
    ...(record.digestAlgorithm === 'sm3' ? { digestAlgorithm: 'sm3' as const } : {}),
  };
  if (record.bytes === null)
    return { ...base, digestOnly: true, excerpt: null, excerptTruncated: false, byteLength: null };
  let text: string | null;
  try {
    text = strictUtf8.decode(record.bytes);
  } catch {
    // Not UTF-8 text (a PDF, an image): the holder sees the summary, size and digest only.
    text = null;
  }
  // Whole characters (code points), never half of a surrogate pair.
  const excerpt =
    text === null
      ? null
      : Array.from(text.slice(0, excerptChars * 2))
          .slice(0, excerptChars)
          .join('');
  return {
    ...base,
    digestOnly: false,
    excerpt: excerpt === null ? null : readable(excerpt),
    excerptTruncated: text !== null && excerpt !== null && text.length > excerpt.length,
    byteLength: record.bytes.length,
  };
}
