// The string formats of the GM/T 0020-style SOF interface, as HIS adapters parse them.
import { formatName, readCertificateFields, type CertificateFields } from './certificate-fields';

export interface SofUser {
  /** Shown to the doctor: the certificate's CN (its subject from YiKey). */
  name: string;
  /** What every other SOF call takes as CertID (YiKey's certificate id). */
  certId: string;
}

const userSeparator = '&&&';
const fieldSeparator = '||';

/** `张三||id1&&&李四||id2&&&` — each entry ends with &&& (as the common CA clients write it). */
export function formatUserList(users: SofUser[]): string {
  // A separator inside a name would break every adapter's split(); such a name is shortened at it.
  const clean = (text: string): string => text.split(userSeparator)[0]!.split(fieldSeparator)[0]!;
  return users
    .map((user) => `${clean(user.name)}${fieldSeparator}${clean(user.certId)}${userSeparator}`)
    .join('');
}

/** The inverse, tolerant of a missing trailing &&& (for adapters' tests and our own). */
export function parseUserList(list: string): SofUser[] {
  return list
    .split(userSeparator)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.indexOf(fieldSeparator);
      return at < 0 ? { name: entry, certId: '' } : { name: entry.slice(0, at), certId: entry.slice(at + 2) };
    });
}

/** GM/T 0006 certificate item identifiers accepted by SOF_GetCertInfo. */
export const sgdCertItems = {
  SGD_CERT_VERSION: 0x01,
  SGD_CERT_SERIAL: 0x02,
  SGD_CERT_ISSUER: 0x05,
  SGD_CERT_VALID_TIME: 0x06,
  SGD_CERT_SUBJECT: 0x07,
  SGD_CERT_ISSUER_CN: 0x21,
  SGD_CERT_ISSUER_O: 0x22,
  SGD_CERT_ISSUER_OU: 0x23,
  SGD_CERT_SUBJECT_CN: 0x31,
  SGD_CERT_SUBJECT_O: 0x32,
  SGD_CERT_SUBJECT_OU: 0x33,
  SGD_CERT_SUBJECT_EMAIL: 0x34,
  SGD_CERT_NOTBEFORE_TIME: 0x35,
  SGD_CERT_NOTAFTER_TIME: 0x36,
} as const;

const beijingOffsetMs = 8 * 3600 * 1000;

/** "2026-11-30 18:00:00" in Beijing time (UTC+8), the way Chinese CA clients print dates. */
export function formatSofTime(date: Date): string {
  const local = new Date(date.getTime() + beijingOffsetMs).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

function attribute(list: CertificateFields['subject'], type: string): string {
  return list
    .filter((entry) => entry.type === type)
    .map((entry) => entry.value)
    .join(', ');
}

/** SOF_GetCertInfo's answer; '' (the SOF failure value) for an unknown item or a bad certificate. */
export function certInfo(base64Certificate: string, item: number): string {
  let fields: CertificateFields;
  try {
    fields = readCertificateFields(base64Certificate);
  } catch {
    return '';
  }
  const items = sgdCertItems;
  switch (item) {
    case items.SGD_CERT_VERSION:
      return `V${fields.version}`;
    case items.SGD_CERT_SERIAL:
      return fields.serialNumber;
    case items.SGD_CERT_ISSUER:
      return formatName(fields.issuer);
    case items.SGD_CERT_SUBJECT:
      return formatName(fields.subject);
    case items.SGD_CERT_VALID_TIME:
      return `${formatSofTime(fields.notBefore)} - ${formatSofTime(fields.notAfter)}`;
    case items.SGD_CERT_NOTBEFORE_TIME:
      return formatSofTime(fields.notBefore);
    case items.SGD_CERT_NOTAFTER_TIME:
      return formatSofTime(fields.notAfter);
    case items.SGD_CERT_ISSUER_CN:
      return attribute(fields.issuer, 'CN');
    case items.SGD_CERT_ISSUER_O:
      return attribute(fields.issuer, 'O');
    case items.SGD_CERT_ISSUER_OU:
      return attribute(fields.issuer, 'OU');
    case items.SGD_CERT_SUBJECT_CN:
      return attribute(fields.subject, 'CN');
    case items.SGD_CERT_SUBJECT_O:
      return attribute(fields.subject, 'O');
    case items.SGD_CERT_SUBJECT_OU:
      return attribute(fields.subject, 'OU');
    case items.SGD_CERT_SUBJECT_EMAIL:
      return attribute(fields.subject, 'E');
    default:
      return '';
  }
}
