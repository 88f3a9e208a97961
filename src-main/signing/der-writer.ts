// DER written by hand for the few structures built on every signature: a TLV is a tag, a
// definite length and the contents. @peculiar/asn1-schema builds an asn1js tree for each value
// and encodes it again (~150 µs and much garbage per signature); here the parts are
// concatenated once. Callers pass only complete DER elements as contents, so the result is DER.
// Unit tests check every structure against asn1-schema's own encoding byte for byte.

/** Length octets (X.690 §8.1.3): short form below 128, else the minimal long form. */
function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One element: `tag` (a single identifier octet) around the concatenated `contents`. */
export function derElement(tag: number, ...contents: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of contents) length += part.byteLength;
  const header = lengthOctets(length);
  const out = new Uint8Array(1 + header.byteLength + length);
  out[0] = tag;
  out.set(header, 1);
  let offset = 1 + header.byteLength;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export const derTag = {
  integer: 0x02,
  octetString: 0x04,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  /** [0] constructed: EXPLICIT [0], or IMPLICIT [0] of a SET/SEQUENCE. */
  context0: 0xa0,
} as const;

const ascii = new TextEncoder();
const twoDigits = (value: number): string => String(value).padStart(2, '0');

/**
 * RFC 5652 §11.3 Time for signing-time: UTCTime (YYMMDDHHMMSSZ) from 1950 to 2049, else
 * GeneralizedTime (YYYYMMDDHHMMSSZ); whole seconds, no fraction.
 */
export function derTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest =
    twoDigits(date.getUTCMonth() + 1) +
    twoDigits(date.getUTCDate()) +
    twoDigits(date.getUTCHours()) +
    twoDigits(date.getUTCMinutes()) +
    twoDigits(date.getUTCSeconds()) +
    'Z';
  const useUtcTime = year >= 1950 && year <= 2049;
  const text = useUtcTime ? twoDigits(year % 100) + rest : String(year).padStart(4, '0') + rest;
  return derElement(useUtcTime ? derTag.utcTime : derTag.generalizedTime, ascii.encode(text));
}
