// The subject a change request (变更) asks for: the current certificate's subject with the
// fields the provincial rules let a holder change (contract/subject-changes.ts: name (CN),
// department (OU), ID number (serialNumber)) replaced. The unit administrator checks the
// documents; the issued certificate must carry exactly this subject.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import {
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
} from '@peculiar/asn1-x509';
import {
  checkSubjectValue,
  subjectChangeFields,
  type SubjectChangeField,
  type SubjectChanges,
} from '../contract/subject-changes';
import { YiKeyError } from '../contract/yikey-error';

export type { SubjectChanges };

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATIONAL_UNIT = '2.5.4.11';
const OID_SERIAL_NUMBER = '2.5.4.5';

const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

const problemText: Record<SubjectChangeField, string> = {
  commonName: 'The new name must be 1 to 64 printable characters',
  department: 'The new department must be 1 to 64 printable characters',
  idNumber: 'The new ID number must be 18 characters: 17 digits and a digit or X',
};

/** The changes as they will be sent, by the rule of contract/subject-changes.ts; refuses the first bad field. */
export function checkSubjectChanges(changes: SubjectChanges): SubjectChanges {
  const checked: SubjectChanges = {};
  for (const field of subjectChangeFields) {
    const typed = changes[field];
    if (typed === undefined) continue;
    const result = checkSubjectValue(field, typed);
    if ('problem' in result) throw new YiKeyError('invalid-input', problemText[field], { field });
    checked[field] = result.value;
  }
  if (Object.keys(checked).length === 0)
    throw new YiKeyError(
      'invalid-input',
      'Name at least one detail to change (name, department or ID number)',
    );
  return checked;
}

/** DER of the new subject; refuses a change that changes nothing. */
export function changedSubjectDer(certificateDer: Uint8Array, changes: SubjectChanges): Uint8Array {
  const checked = checkSubjectChanges(changes);
  const current = AsnConvert.parse(certificateDer, Certificate).tbsCertificate.subject;
  const wanted: [string, string | undefined][] = [
    [OID_COMMON_NAME, checked.commonName],
    [OID_ORGANIZATIONAL_UNIT, checked.department],
    [OID_SERIAL_NUMBER, checked.idNumber],
  ];
  const rdns = current.map((rdn) => new RelativeDistinguishedName([...rdn]));
  let changed = false;
  for (const [type, value] of wanted) {
    if (value === undefined) continue;
    const index = rdns.findIndex((rdn) => rdn.some((attribute) => attribute.type === type));
    if (index >= 0 && rdns[index]!.find((attribute) => attribute.type === type)!.value.toString() === value)
      continue;
    changed = true;
    const replacement = rdnOf(type, value);
    if (index >= 0) rdns[index] = replacement;
    else {
      // A department that was not there goes before the name, as the holder profile orders it.
      const nameIndex = rdns.findIndex((rdn) => rdn.some((attribute) => attribute.type === OID_COMMON_NAME));
      rdns.splice(nameIndex >= 0 ? nameIndex : rdns.length, 0, replacement);
    }
  }
  if (!changed)
    throw new YiKeyError('invalid-input', 'The certificate already carries these details: nothing to change');
  return new Uint8Array(AsnSerializer.serialize(new Name(rdns)));
}

function rdnOf(type: string, value: string): RelativeDistinguishedName {
  const encoded = printable.test(value) ? { printableString: value } : { utf8String: value };
  return new RelativeDistinguishedName([
    new AttributeTypeAndValue({ type, value: new AttributeValue(encoded) }),
  ]);
}
