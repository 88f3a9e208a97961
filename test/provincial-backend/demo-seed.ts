// `seed-demo`: demo units, holders and console users, with fresh random passwords each time
// (printed once). The holders of the virtual USBKEYs under VUSBKEY_HOME are imported with their
// certificates, after checking each was issued by the virtual keys' test CA, so the demo key's
// YiKey can renew against this backend; their SO PIN (the vusbkey default) is sealed for unlock.
import { randomBytes, X509Certificate, generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

import { checkCmpSignature } from '../../src-main/cmp/index';
import { describeName, holderName, nameField } from './ca/holder-profile';
import type { BackendParts } from './backend-app';
import { issueHolderCertificate } from './issue-holder-certificate';
import type { ConsoleRole } from './workflow/request-state-machine';

export type DemoLogin = { username: string; password: string; role: ConsoleRole; unit: string | null };
export type SeedResult = { logins: DemoLogin[]; importedCertificates: string[] };

const demoUnits = ['某某市第一人民医院', '某某县人民医院'];

export function seedDemo(
  parts: BackendParts,
  options: { vusbkeyHome: string | null; soPin: string },
): SeedResult {
  const { service } = parts;
  const [firstUnit, secondUnit] = demoUnits.map((name) => service.people.ensureUnit(name));
  const imported = options.vusbkeyHome
    ? importVirtualKeyHolders(parts, options.vusbkeyHome, options.soPin)
    : [];
  issueDemoHolder(parts, firstUnit!.id, {
    commonName: '李四',
    idNumber: '110101198602021236',
    department: '护理部',
  });
  issueDemoHolder(parts, secondUnit!.id, {
    commonName: '王五',
    idNumber: '110101197903031231',
    department: '放射科',
  });
  const password = () => randomBytes(9).toString('base64url');
  const users: Omit<DemoLogin, 'password'>[] = [
    { username: 'unit-admin', role: 'unit-admin', unit: firstUnit!.name },
    { username: 'unit2-admin', role: 'unit-admin', unit: secondUnit!.name },
    { username: 'centre', role: 'info-centre', unit: null },
    { username: 'ca-operator', role: 'ca-operator', unit: null },
  ];
  const names: Record<ConsoleRole, string> = {
    'unit-admin': '证书管理员',
    'info-centre': '委信息中心',
    'ca-operator': '提供方CA',
  };
  const logins = users.map((user) => {
    const login = { ...user, password: password() };
    const unitId = user.unit ? service.people.ensureUnit(user.unit).id : null;
    service.people.upsertUser(
      {
        username: user.username,
        displayName: user.unit ? `${user.unit}${names[user.role]}` : names[user.role],
        role: user.role,
        unitId,
      },
      login.password,
    );
    return login;
  });
  return { logins, importedCertificates: imported };
}

/**
 * Whether the virtual keys' P-256 test CA or their SM2 test CA signed `certificate`. SM2 with
 * the default user ID through cmp's check: Node's verify would use an empty ID (docs/sm2.md).
 */
function virtualKeyIssuerCheck(home: string): ((certificate: X509Certificate) => boolean) | null {
  const readCa = (file: string) =>
    existsSync(path.join(home, 'ca', file))
      ? new X509Certificate(readFileSync(path.join(home, 'ca', file)))
      : null;
  const p256 = readCa('ca.cert.pem');
  const sm2 = readCa('sm2-ca.cert.pem');
  if (!p256 && !sm2) return null;
  const sm2Spki =
    sm2 &&
    Buffer.from(
      AsnConvert.serialize(AsnConvert.parse(sm2.raw, Certificate).tbsCertificate.subjectPublicKeyInfo),
    );
  return (certificate) => {
    if (p256 && certificate.issuer === p256.subject && certificate.verify(p256.publicKey)) return true;
    if (!sm2Spki || certificate.issuer !== sm2!.subject) return false;
    const parsed = AsnConvert.parse(certificate.raw, Certificate);
    return (
      checkCmpSignature(
        parsed.signatureAlgorithm.algorithm,
        sm2Spki,
        new Uint8Array(AsnConvert.serialize(parsed.tbsCertificate)),
        new Uint8Array(parsed.signatureValue),
      ) === 'verified'
    );
  };
}

function importVirtualKeyHolders(parts: BackendParts, home: string, soPin: string): string[] {
  const keysDir = path.join(home, 'keys');
  const issuedByTestCa = virtualKeyIssuerCheck(home);
  if (!issuedByTestCa || !existsSync(keysDir)) return [];
  const serials: string[] = [];
  for (const label of readdirSync(keysDir).filter((entry) => !entry.startsWith('.'))) {
    const folder = path.join(keysDir, label);
    for (const file of readdirSync(folder).filter((entry) => /^cert.*\.pem$/.test(entry))) {
      const certificate = new X509Certificate(readFileSync(path.join(folder, file)));
      if (!issuedByTestCa(certificate)) continue;
      const der = certificate.raw;
      const subject = AsnConvert.parse(der, Certificate).tbsCertificate.subject;
      const idNumber = nameField(subject, '2.5.4.5');
      const organization = nameField(subject, '2.5.4.10');
      const commonName = nameField(subject, '2.5.4.3');
      if (!idNumber || !organization || !commonName) continue;
      const unit = parts.service.people.ensureUnit(organization);
      const holder = parts.service.people.ensureHolder({
        unitId: unit.id,
        commonName,
        idNumber,
        department: nameField(subject, '2.5.4.11') ?? null,
      });
      parts.service.certificates.add({
        serialHex: certificate.serialNumber,
        holderId: holder.id,
        subject: describeName(subject),
        notBefore: new Date(certificate.validFrom).toISOString(),
        notAfter: new Date(certificate.validTo).toISOString(),
        der,
        issuedHere: false,
        requestId: null,
      });
      if (parts.token)
        parts.service.people.setSealedSoPin(holder.id, parts.token.seal(Buffer.from(soPin, 'utf8')));
      serials.push(certificate.serialNumber.toLowerCase());
    }
  }
  return serials;
}

/** A holder with a certificate from this CA for a key made here (demo data: no real key holds it). */
function issueDemoHolder(
  parts: BackendParts,
  unitId: number,
  person: { commonName: string; idNumber: string; department: string },
): void {
  const { service, ca } = parts;
  const holder = service.people.ensureHolder({ unitId, ...person });
  if (!ca || service.certificates.ofHolder(holder.id).length) return;
  const unit = service.people.unit(unitId)!;
  const subject = holderName({ ...person, organization: unit.name, unit: person.department });
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  issueHolderCertificate(parts, holder.id, subject, publicKey.export({ type: 'spki', format: 'der' }));
}
