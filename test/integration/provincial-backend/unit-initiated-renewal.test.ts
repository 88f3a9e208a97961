// The seed's renewal flow: the unit collects and applies for its holders, the information centre
// approves, and each holder's YiKey then sends its kur with a key made on the USBKEY — the
// backend attaches that kur to the waiting request and answers at once with the certificate
// (no second round of approvals); certConf supersedes the old certificate. Runs the endpoint
// in-process on a real database and CA token, with messages built by src-main/cmp.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { expect, it } from 'vitest';

import {
  buildCertReqMsg,
  certConfirmBody,
  enrollmentBody,
  generalMessageBody,
  InfoTypeAndValue,
  newTransactionId,
} from '../../../src-main/cmp/index';
import { OID_IT_YIKEY_RENEWAL_OFFER, RenewalOffer } from '../../provincial-backend/cmp/renewal-offer-info';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { cmpAsHolder, rsaKey, unitWithReviewers } from '../../helpers/backend-holders';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const backend = useBackendWithCa('backend-unit-renewal-');

it('issues at once when the holder’s kur arrives for a renewal the unit applied for and the centre approved', async () => {
  const parts = backend();
  const { service } = parts;
  const { admin, centre, holderWithCertificate } = unitWithReviewers(parts, '某某市第一人民医院');
  const zhao = holderWithCertificate('赵六', '110101199001011237');
  const { holder, subject, record } = zhao;
  const [request] = service.startUnitRenewals(admin, [holder.id]);
  expect(request).toMatchObject({ stage: 'centre-review', initiatedBy: 'unit', transactionId: null });
  expect(service.approve(request!.id, consoleActor(centre)).stage).toBe('issuing'); // waits for the holder's key

  const { send } = cmpAsHolder(parts);
  const transactionID = newTransactionId();
  const askForOffer = async () => {
    const genm = generalMessageBody([new InfoTypeAndValue({ infoType: OID_IT_YIKEY_RENEWAL_OFFER })]);
    const genp = await send(zhao, transactionID, genm);
    return AsnConvert.parse(genp.message.body.genp![0]!.infoValue!, RenewalOffer);
  };
  expect(await askForOffer()).toMatchObject({ offered: true, statusString: ['制证 Issuing'] }); // YiKey offers 安装续期证书

  const next = rsaKey();
  const kur = await buildCertReqMsg({
    subjectDer: new Uint8Array(AsnConvert.serialize(subject)),
    publicKeyDer: next.spki,
    newKeySigner: rsaDigestSigner(next.privateKey),
  });
  const answer = await send(zhao, transactionID, enrollmentBody('kur', kur));
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
  const confirmed = await send(zhao, transactionID, certConfirmBody({ certificateDer }));
  expect(confirmed.kind).toBe('pkiconf');
  expect(service.requests.byId(request!.id)?.stage).toBe('done');
  expect(service.certificates.byId(record.id)?.status).toBe('revoked');
  expect(service.certificates.crlEntries()).toEqual([
    expect.objectContaining({ serialHex: record.serialHex, reason: 4 }),
  ]);
});
