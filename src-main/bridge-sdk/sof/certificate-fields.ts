// The X.509 fields SOF_GetCertInfo answers with, read from a base64 DER certificate in the page.
import {
  base64ToBytes,
  child,
  children,
  decodeOid,
  DerError,
  parseDer,
  tags,
  toHex,
  type DerElement,
} from './der-reader';

export interface NameAttribute {
  /** Short name (C, O, OU, CN, …) or the dotted OID when we have none. */
  type: string;
  value: string;
}

export interface CertificateFields {
  version: number;
  /** Upper-case hex, no leading zero bytes. */
  serialNumber: string;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  /** DER of the whole certificate. */
  der: Uint8Array;
}

const attributeNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'SERIALNUMBER',
  '1.2.840.113549.1.9.1': 'E',
};

function decodeString(element: DerElement): string {
  switch (element.tag) {
    case tags.utf8String:
    case tags.printableString:
    case tags.ia5String:
      return new TextDecoder().decode(element.value);
    case tags.bmpString: {
      let text = '';
      for (let index = 0; index + 1 < element.value.length; index += 2) {
        text += String.fromCharCode((element.value[index]! << 8) | element.value[index + 1]!);
      }
      return text;
    }
    case tags.teletexString:
      return String.fromCharCode(...element.value);
    default:
      throw new DerError(`unsupported string type 0x${element.tag.toString(16)}`);
  }
}

function readName(name: DerElement): NameAttribute[] {
  return children(name).flatMap((relativeName) =>
    children(relativeName).map((attribute) => {
      const oid = decodeOid(child(attribute, 0, tags.oid).value);
      return { type: attributeNames[oid] ?? oid, value: decodeString(child(attribute, 1)) };
    }),
  );
}

function readTime(element: DerElement): Date {
  const text = new TextDecoder().decode(element.value);
  const match =
    element.tag === tags.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new DerError('unsupported time');
  let year = Number(match[1]);
  if (element.tag === tags.utcTime) year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  const [month, day, hour, minute, second] = match.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

export function readCertificateFields(base64Der: string): CertificateFields {
  const der = base64ToBytes(base64Der);
  const tbs = child(parseDer(der), 0, tags.sequence);
  const fields = children(tbs);
  const hasVersion = fields[0]?.tag === tags.context0;
  const at = (index: number): DerElement => {
    const element = fields[index + (hasVersion ? 1 : 0)];
    if (!element) throw new DerError('certificate is truncated');
    return element;
  };
  const version = hasVersion ? child(fields[0]!, 0, tags.integer).value[0]! + 1 : 1;
  const serial = toHex(at(0).value)
    .replace(/^(00)+(?=..)/, '')
    .toUpperCase();
  const validity = at(3);
  return {
    version,
    serialNumber: serial,
    issuer: readName(at(2)),
    notBefore: readTime(child(validity, 0)),
    notAfter: readTime(child(validity, 1)),
    subject: readName(at(4)),
    subjectPublicKeyInfo: at(5).bytes,
    der,
  };
}

/** "C=CN, O=某某医院, CN=张三": in the certificate's own order, as most SOF clients print it. */
export function formatName(attributes: NameAttribute[]): string {
  return attributes.map(({ type, value }) => `${type}=${value}`).join(', ');
}
