// The few name attributes the holder UI shows, plus the full DN for anything else.
import type { NameView } from '../contract/holder-api-schemas';
import { Name } from './x509-runtime';

/** The wire shape, declared once in the contract. */
export type NameDto = NameView;

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
