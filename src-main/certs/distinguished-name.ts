// The few name attributes the holder UI shows, plus the full DN for anything else.
import { Name } from './x509-runtime';

export interface NameDto {
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  /** The X.520 serialNumber attribute (often an ID or staff number), not the certificate serial. */
  serialNumber: string | null;
  email: string | null;
  country: string | null;
  /** RFC 4514-style string as @peculiar/x509 renders it, e.g. "CN=张三, O=某某市第一人民医院, C=CN". */
  dn: string;
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_ORGANIZATIONAL_UNIT = '2.5.4.11';
const OID_SERIAL_NUMBER = '2.5.4.5';
const OID_COUNTRY = '2.5.4.6';
const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

// Names @peculiar/x509 does not know by default; holders read "SERIALNUMBER=…", not "2.5.4.5=…".
const extraAttributeNames = { SERIALNUMBER: OID_SERIAL_NUMBER, E: OID_EMAIL_ADDRESS };

function first(name: Name, oid: string): string | null {
  return name.getField(oid)[0] ?? null;
}

export function describeName(name: Name): NameDto {
  return {
    commonName: first(name, OID_COMMON_NAME),
    organization: first(name, OID_ORGANIZATION),
    organizationalUnit: first(name, OID_ORGANIZATIONAL_UNIT),
    serialNumber: first(name, OID_SERIAL_NUMBER),
    email: first(name, OID_EMAIL_ADDRESS),
    country: first(name, OID_COUNTRY),
    dn: new Name(name.toArrayBuffer(), extraAttributeNames).toString(),
  };
}
