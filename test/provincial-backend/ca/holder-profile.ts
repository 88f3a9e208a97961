// The health-sector holder certificate profile, the same as the virtual key's test CA issues
// (native/vusbkey/control/test-ca.ts): subject C=CN, O=unit, OU=department?, CN=name,
// serialNumber=ID number; one year (art. 17); a signing certificate (digitalSignature +
// nonRepudiation, critical) for login and e-signatures (clientAuth, emailProtection).
import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_emailProtection,
} from '@peculiar/asn1-x509';

export const holderValidityDays = 365;

export type HolderSubject = {
  commonName: string;
  organization: string;
  unit?: string | null;
  idNumber: string;
};

const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
function attribute(type: string, value: string): RelativeDistinguishedName {
  const encoded = printable.test(value) ? { printableString: value } : { utf8String: value };
  return new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type, value: new AttributeValue(encoded) }),
  ]);
}

export function holderName(subject: HolderSubject): Name {
  return new Name([
    attribute('2.5.4.6', 'CN'),
    attribute('2.5.4.10', subject.organization),
    ...(subject.unit ? [attribute('2.5.4.11', subject.unit)] : []),
    attribute('2.5.4.3', subject.commonName),
    attribute('2.5.4.5', subject.idNumber),
  ]);
}

/** The fields of a holder's Name as the console shows them ("CN=张三, O=…"). */
export function describeName(name: Name): string {
  const short: Record<string, string> = {
    '2.5.4.6': 'C',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.3': 'CN',
    '2.5.4.5': 'SERIALNUMBER',
  };
  return name
    .flatMap((rdn) => rdn.map((pair) => `${short[pair.type] ?? pair.type}=${pair.value.toString()}`))
    .join(', ');
}

export function nameField(name: Name, type: string): string | undefined {
  for (const rdn of name) for (const pair of rdn) if (pair.type === type) return pair.value.toString();
  return undefined;
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: SubjectPublicKeyInfo): Buffer {
  return createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
}

const extension = (extnID: string, critical: boolean, value: unknown): Extension =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

export function holderExtensions(
  spki: SubjectPublicKeyInfo,
  caKeyId: Buffer,
  crlUrl: string | null,
): Extension[] {
  const extensions = [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
    extension(
      id_ce_keyUsage,
      true,
      new KeyUsage(KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation),
    ),
    extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_emailProtection, id_kp_clientAuth])),
    extension(id_ce_subjectKeyIdentifier, false, new KeyIdentifier(new Uint8Array(keyIdentifier(spki)))),
    extension(
      id_ce_authorityKeyIdentifier,
      false,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(new Uint8Array(caKeyId)) }),
    ),
  ];
  if (crlUrl)
    extensions.push(
      extension(
        id_ce_cRLDistributionPoints,
        false,
        new CRLDistributionPoints([
          new DistributionPoint({
            distributionPoint: new DistributionPointName({
              fullName: [new GeneralName({ uniformResourceIdentifier: crlUrl })],
            }),
          }),
        ]),
      ),
    );
  return extensions;
}

export function caExtensions(spki: SubjectPublicKeyInfo): Extension[] {
  const keyId = new Uint8Array(keyIdentifier(spki));
  return [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
    // digitalSignature too: this reference CA also signs its CMP answers (README: simplified).
    extension(
      id_ce_keyUsage,
      true,
      new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature),
    ),
    extension(id_ce_subjectKeyIdentifier, false, new KeyIdentifier(keyId)),
  ];
}
