// The CA: its self-signed certificate, holder certificates and CRLs, each a TBS structure built
// with @peculiar/asn1-x509 and signed by the key on the CA token.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  CertificateList,
  CRLNumber,
  CRLReason,
  Extension,
  Extensions,
  Name,
  RevokedCertificate,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  AuthorityKeyIdentifier,
  KeyIdentifier,
} from '@peculiar/asn1-x509';
import { OctetString } from '@peculiar/asn1-schema';

import type { CaToken } from './ca-token';
import {
  caExtensions,
  holderExtensions,
  holderName,
  holderValidityDays,
  keyIdentifier,
} from './holder-profile';

const dayMs = 86_400_000;
const caName = holderNameless();

function holderNameless(): Name {
  // The CA's own name; built like a holder's but without a person.
  const name = holderName({
    commonName: 'YiKey Provincial Backend CA',
    organization: 'YiKey 参考CA',
    idNumber: '0',
  });
  return new Name(name.filter((rdn) => rdn[0]?.type !== '2.5.4.5'));
}

export type IssuedCertificate = { der: Buffer; serialHex: string; notBefore: Date; notAfter: Date };

/** A positive 16-byte serial number. */
function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

export class CertificateAuthority {
  private constructor(
    private readonly token: CaToken,
    readonly certificateDer: Buffer,
    private readonly certificate: Certificate,
  ) {}

  /** Loads the CA certificate from `dataDir/ca/ca.cert.der`, or makes it (10 years) on first start. */
  static open(token: CaToken, dataDir: string, now = new Date()): CertificateAuthority {
    const file = path.join(dataDir, 'ca', 'ca.cert.der');
    const spkiDer = token.publicKeySpki();
    if (existsSync(file)) {
      const der = readFileSync(file);
      const certificate = AsnConvert.parse(der, Certificate);
      const certified = Buffer.from(AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo));
      if (!certified.equals(spkiDer)) throw new Error(`${file} does not certify the key on the CA token`);
      return new CertificateAuthority(token, der, certificate);
    }
    const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
    const tbs = new TBSCertificate({
      version: Version.v3,
      serialNumber: new Uint8Array(randomSerial()).buffer,
      signature: token.algorithm.signatureAlgorithm,
      issuer: caName,
      validity: new Validity({
        notBefore: new Date(now.getTime() - dayMs),
        notAfter: new Date(now.getTime() + 3650 * dayMs),
      }),
      subject: caName,
      subjectPublicKeyInfo: spki,
      extensions: new Extensions(caExtensions(spki)),
    });
    const certificate = signCertificate(token, tbs);
    const der = Buffer.from(AsnConvert.serialize(certificate));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, der);
    writeFileSync(path.join(dataDir, 'ca', 'ca.cert.pem'), toPem(der, 'CERTIFICATE'));
    return new CertificateAuthority(token, der, certificate);
  }

  get pem(): string {
    return toPem(this.certificateDer, 'CERTIFICATE');
  }

  get name(): Name {
    return this.certificate.tbsCertificate.subject;
  }

  get keyId(): Buffer {
    return keyIdentifier(this.certificate.tbsCertificate.subjectPublicKeyInfo);
  }

  /** A one-year holder certificate for `subjectPublicKeyInfo` (SPKI DER), signed on the token. */
  issue(
    subject: Name,
    subjectPublicKeyInfo: Buffer,
    crlUrl: string | null,
    now = new Date(),
  ): IssuedCertificate {
    const spki = AsnConvert.parse(subjectPublicKeyInfo, SubjectPublicKeyInfo);
    const serial = randomSerial();
    // Five minutes back, so a holder PC whose clock is a little behind still sees it as valid.
    const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 5 * 60_000);
    const notAfter = new Date(notBefore.getTime() + holderValidityDays * dayMs);
    const tbs = new TBSCertificate({
      version: Version.v3,
      serialNumber: new Uint8Array(serial).buffer,
      signature: this.token.algorithm.signatureAlgorithm,
      issuer: this.name,
      validity: new Validity({ notBefore, notAfter }),
      subject,
      subjectPublicKeyInfo: spki,
      extensions: new Extensions(holderExtensions(spki, this.keyId, crlUrl)),
    });
    const der = Buffer.from(AsnConvert.serialize(signCertificate(this.token, tbs)));
    return { der, serialHex: serial.toString('hex'), notBefore, notAfter };
  }

  /** A CRL listing `entries`, valid for a day; `number` must grow with each CRL published. */
  crl(
    entries: { serialHex: string; revokedAt: string; reason: number }[],
    number: number,
    now = new Date(),
  ): Buffer {
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const tbs = new TBSCertList({
      version: Version.v2,
      signature: this.token.algorithm.signatureAlgorithm,
      issuer: this.name,
      thisUpdate: new Time(thisUpdate),
      nextUpdate: new Time(new Date(thisUpdate.getTime() + dayMs)),
      revokedCertificates: entries.length
        ? entries.map(
            (entry) =>
              new RevokedCertificate({
                userCertificate: new Uint8Array(Buffer.from(entry.serialHex, 'hex')).buffer,
                revocationDate: new Time(new Date(entry.revokedAt)),
                crlEntryExtensions: [
                  new Extension({
                    extnID: id_ce_cRLReasons,
                    critical: false,
                    extnValue: new OctetString(AsnConvert.serialize(new CRLReason(entry.reason))),
                  }),
                ],
              }),
          )
        : undefined,
      crlExtensions: [
        new Extension({
          extnID: id_ce_authorityKeyIdentifier,
          critical: false,
          extnValue: new OctetString(
            AsnConvert.serialize(
              new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(new Uint8Array(this.keyId)) }),
            ),
          ),
        }),
        new Extension({
          extnID: id_ce_cRLNumber,
          critical: false,
          extnValue: new OctetString(AsnConvert.serialize(new CRLNumber(number))),
        }),
      ],
    });
    const signature = this.token.sign(Buffer.from(AsnConvert.serialize(tbs)));
    const list = new CertificateList({
      tbsCertList: tbs,
      signatureAlgorithm: this.token.algorithm.signatureAlgorithm,
      signature: new Uint8Array(signature).buffer,
    });
    return Buffer.from(AsnConvert.serialize(list));
  }
}

function signCertificate(token: CaToken, tbs: TBSCertificate): Certificate {
  const signature = token.sign(Buffer.from(AsnConvert.serialize(tbs)));
  return new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: token.algorithm.signatureAlgorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
