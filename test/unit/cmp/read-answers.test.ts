// What YiKey reads from an rp and a pollRep, before any step is taken on the key: an rp whose
// revCerts names another certificate (issuer or serial) is refused; a serial written with a
// leading zero is the same serial; rp without revCerts is taken (it is optional); checkAfter is
// kept between 1 s and a day whatever the backend says.
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, Name } from '@peculiar/asn1-x509';
import { x509 } from '../../../native/vusbkey/control/x509-runtime';
import { describe, expect, it } from 'vitest';
import {
  buildHeader,
  CertId,
  decodePkiMessage,
  encodePkiMessage,
  macMessage,
  newTransactionId,
  PkiStatus,
  pollRepBody,
  readEnrollmentAnswer,
  readRevocationAnswer,
  revocationResponseBody,
  statusInfo,
  type PkiBody,
} from '../../../src-main/cmp/index';

const nameOf = (text: string) => AsnConvert.parse(new x509.Name(text).toArrayBuffer(), Name);
const issuer = nameOf('CN=YiKey Test CA');
const issuerDer = new Uint8Array(AsnConvert.serialize(issuer));
const ours = { issuerDer, serialNumber: new Uint8Array([0x0a, 0x0b]) };

/** The body as YiKey decodes it from the wire. */
const decoded = (body: PkiBody) =>
  decodePkiMessage(
    encodePkiMessage(
      macMessage(
        buildHeader({ senderNameDer: null, recipientNameDer: null, transactionID: newTransactionId() }),
        body,
        Buffer.from('secret'),
      ),
    ),
  );
const revoked = (revCerts?: { issuer: Name; serial: number[] }[]) => {
  const body = revocationResponseBody(statusInfo(PkiStatus.accepted, ['证书已注销']));
  if (revCerts)
    body.rp!.revCerts = revCerts.map(
      (item) =>
        new CertId({
          issuer: new GeneralName({ directoryName: item.issuer }),
          serialNumber: new Uint8Array(item.serial).buffer,
        }),
    );
  return decoded(body);
};

describe('readRevocationAnswer', () => {
  it('takes an rp that names our certificate, also with a leading zero, or none', () => {
    expect(readRevocationAnswer(revoked([{ issuer, serial: [0x0a, 0x0b] }]), ours).statusText).toEqual([
      '证书已注销',
    ]);
    expect(readRevocationAnswer(revoked([{ issuer, serial: [0x00, 0x0a, 0x0b] }]), ours)).toBeDefined();
    expect(readRevocationAnswer(revoked(), ours)).toBeDefined();
  });

  it('refuses an rp about another certificate, another issuer, or more than ours', () => {
    const otherIssuer = nameOf('CN=Other CA');
    for (const revCerts of [
      [{ issuer, serial: [0x0a, 0x0c] }],
      [{ issuer: otherIssuer, serial: [0x0a, 0x0b] }],
      [
        { issuer, serial: [0x0a, 0x0b] },
        { issuer, serial: [0x01] },
      ],
    ])
      expect(() => readRevocationAnswer(revoked(revCerts), ours)).toThrow(/other than ours/);
  });
});

describe('readEnrollmentAnswer: checkAfter of a pollRep', () => {
  it('is kept between 1 s and a day', () => {
    const checkAfter = (seconds: number) => {
      const outcome = readEnrollmentAnswer(decoded(pollRepBody(seconds)));
      return outcome.kind === 'waiting' ? outcome.checkAfterSeconds : NaN;
    };
    expect(checkAfter(0)).toBe(1);
    expect(checkAfter(30)).toBe(30);
    expect(checkAfter(10 ** 12)).toBe(86_400);
  });
});
