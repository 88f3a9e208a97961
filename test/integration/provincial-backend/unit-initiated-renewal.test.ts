// The seed's renewal flow: the unit collects and applies for its holders, the information centre
// approves, and each holder's YiKey then sends its kur with a key made on the USBKEY — the
// backend attaches that kur to the waiting request and answers at once with the certificate
// (no second round of approvals); certConf supersedes the old certificate. Runs the endpoint
// in-process on a real database and CA token, with messages built by src-main/cmp.
import { generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { expect, it } from 'vitest';

import {
  buildCertReqMsg,
  buildHeader,
  certConfirmBody,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  generalMessageBody,
  InfoTypeAndValue,
  newTransactionId,
  signMessage,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { holderName } from '../../provincial-backend/ca/holder-profile';
import { createCmpEndpoint } from '../../provincial-backend/cmp/cmp-endpoint';
import { OID_IT_YIKEY_RENEWAL_OFFER, RenewalOffer } from '../../provincial-backend/cmp/renewal-offer-info';
import { issueHolderCertificate } from '../../provincial-backend/issue-holder-certificate';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const backend = useBackendWithCa('backend-unit-renewal-');

const rsaKey = () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  };
};

it('issues at once when the holder’s kur arrives for a renewal the unit applied for and the centre approved', async () => {
  const parts = backend();
  const { service, ca } = parts;
  const unit = service.people.ensureUnit('某某市第一人民医院');
  const holder = service.people.ensureHolder({
    unitId: unit.id,
    commonName: '赵六',
    idNumber: '110101199001011237',
    department: null,
  });
  const current = rsaKey();
  const subject = holderName({ commonName: '赵六', organization: unit.name, idNumber: holder.idNumber });
  const { issued, record } = issueHolderCertificate(parts, holder.id, subject, Buffer.from(current.spki));
  const admin = service.people.upsertUser(
    { username: 'a', displayName: 'a', role: 'unit-admin', unitId: unit.id },
    'pw',
  );
  const centre = service.people.upsertUser(
    { username: 'c', displayName: 'c', role: 'info-centre', unitId: null },
    'pw',
  );
  const [request] = service.startUnitRenewals(admin, [holder.id]);
  expect(request).toMatchObject({ stage: 'centre-review', initiatedBy: 'unit', transactionId: null });
  expect(service.approve(request!.id, consoleActor(centre)).stage).toBe('issuing'); // waits for the holder's key

  const endpoint = createCmpEndpoint(service, { ca: ca!, token: parts.token!, checkAfterSeconds: 1 });
  const transactionID = newTransactionId();
  const signed = async (body: PkiBody, recipNonce?: Uint8Array) =>
    encodePkiMessage(
      await signMessage(
        buildHeader({
          senderNameDer: new Uint8Array(AsnConvert.serialize(subject)),
          recipientNameDer: null,
          transactionID,
          recipNonce,
        }),
        body,
        rsaDigestSigner(current.privateKey),
        [new Uint8Array(issued.der)],
      ),
    );
  const askForOffer = async () => {
    const genm = generalMessageBody([new InfoTypeAndValue({ infoType: OID_IT_YIKEY_RENEWAL_OFFER })]);
    const genp = decodePkiMessage(await endpoint(Buffer.from(await signed(genm))));
    return AsnConvert.parse(genp.message.body.genp![0]!.infoValue!, RenewalOffer);
  };
  expect(await askForOffer()).toMatchObject({ offered: true, statusString: ['制证 Issuing'] }); // YiKey offers 安装续期证书

  const next = rsaKey();
  const kur = await buildCertReqMsg({
    subjectDer: new Uint8Array(AsnConvert.serialize(subject)),
    publicKeyDer: next.spki,
    newKeySigner: rsaDigestSigner(next.privateKey),
  });
  const answer = decodePkiMessage(await endpoint(Buffer.from(await signed(enrollmentBody('kur', kur)))));
  const response = answer.message.body.kup!.response[0]!;
  expect(response.status.status).toBe(0);
  const renewed = AsnConvert.parse(response.certifiedKeyPair!.certOrEncCert.certificate!, Certificate);
  expect(
    Buffer.from(AsnConvert.serialize(renewed.tbsCertificate.subjectPublicKeyInfo)).equals(
      Buffer.from(next.spki),
    ),
  ).toBe(true);
  expect(service.requests.byId(request!.id)).toMatchObject({
    stage: 'awaiting-install',
    transactionId: Buffer.from(transactionID).toString('hex'),
  });
  expect(service.requests.list()).toHaveLength(1); // attached, not a second request
  expect((await askForOffer()).offered).toBe(false);

  const certificateDer = new Uint8Array(response.certifiedKeyPair!.certOrEncCert.certificate!);
  const confirmed = decodePkiMessage(
    await endpoint(
      Buffer.from(
        await signed(certConfirmBody({ certificateDer }), new Uint8Array(answer.message.header.senderNonce!)),
      ),
    ),
  );
  expect(confirmed.kind).toBe('pkiconf');
  expect(service.requests.byId(request!.id)?.stage).toBe('done');
  expect(service.certificates.byId(record.id)?.status).toBe('revoked');
  expect(service.certificates.crlEntries()).toEqual([
    expect.objectContaining({ serialHex: record.serialHex, reason: 4 }),
  ]);
});
