// A minimal DER reader for the few structures the SOF shim reads in the page (certificate
// fields, one CMS signer). Browser code: no Node APIs, no ASN.1 library in a hospital page.
// Throws DerError on anything malformed; callers turn that into the SOF "failed" value.

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface DerElement {
  tag: number;
  /** The whole element, header included (what a signature covers). */
  bytes: Uint8Array;
  /** The contents only. */
  value: Uint8Array;
}

export function readElement(data: Uint8Array, offset = 0): DerElement & { end: number } {
  if (offset + 2 > data.length) throw new DerError('truncated header');
  const tag = data[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used here');
  let length = data[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    if (offset + 2 + count > data.length) throw new DerError('truncated length');
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + data[offset + 2 + index]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > data.length) throw new DerError('truncated value');
  return { tag, bytes: data.subarray(offset, end), value: data.subarray(offset + header, end), end };
}

/** The elements inside a constructed element's contents. */
export function children(element: DerElement): DerElement[] {
  const items: DerElement[] = [];
  let offset = 0;
  while (offset < element.value.length) {
    const item = readElement(element.value, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

export function child(element: DerElement, index: number, tag?: number): DerElement {
  const item = children(element)[index];
  if (!item || (tag !== undefined && item.tag !== tag)) throw new DerError('unexpected structure');
  return item;
}

export function parseDer(data: Uint8Array): DerElement {
  const element = readElement(data, 0);
  if (element.end !== data.length) throw new DerError('trailing bytes');
  return element;
}

export function decodeOid(value: Uint8Array): string {
  if (value.length === 0) throw new DerError('empty OID');
  const first = value[0]!;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let current = 0;
  for (let index = 1; index < value.length; index++) {
    const byte = value[index]!;
    current = current * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(current);
      current = 0;
    }
  }
  return parts.join('.');
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

export const tags = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  teletexString: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  implicit0: 0xa0,
} as const;
