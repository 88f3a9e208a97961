// A revocation for a reason other than a leaked key (here: the holder retires) goes through the
// reviews: rp says "waiting" with the stage, pollReq gets pollRep until the information centre
// approved, then rp accepted; the CRL carries cessationOfOperation. Endpoint in-process on a real
// database and CA token, messages built by src-main/cmp as YiKey sends them.
import { AsnConvert } from '@peculiar/asn1-schema';
import { expect, it } from 'vitest';

import {
  newTransactionId,
  pollRequestBody,
  readReviewStage,
  revocationBody,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { cmpAsHolder, unitWithReviewers } from '../../helpers/backend-holders';

const backend = useBackendWithCa('backend-revocation-');

it('revokes for retirement only after the unit and the centre approved, polling in between', async () => {
  const parts = backend();
  const { service, ca } = parts;
  const { admin, centre, holderWithCertificate } = unitWithReviewers(parts, '某某县人民医院');
  const qian = holderWithCertificate('钱七', '110101196001011234');
  const issued = qian.record;
  const { send: sendAs } = cmpAsHolder(parts);
  const transactionID = newTransactionId();
  // Each follow-up echoes the senderNonce of the backend's latest answer.
  const send = (body: PkiBody) => sendAs(qian, transactionID, body);

  const first = await send(
    revocationBody({
      issuerDer: new Uint8Array(AsnConvert.serialize(ca!.name)),
      serialNumber: new Uint8Array(Buffer.from(issued.serialHex, 'hex')),
      reason: 'cessationOfOperation',
    }),
  );
  expect(first.kind, JSON.stringify(first.message.body.error?.pKIStatusInfo.statusString)).toBe('rp');
  expect(first.message.body.rp!.status[0]).toMatchObject({
    status: 3,
    statusString: ['单位审核 Unit review'],
  });
  // The stage in YiKey's InfoTypeAndValue too (signed answers), so YiKey shows it as such.
  expect(readReviewStage(first.message.header)).toBe('unit-review');
  const [request] = service.requests.list();
  service.approve(request!.id, consoleActor(admin));
  const polled = await send(pollRequestBody());
  expect(polled.kind).toBe('pollRep');
  expect([...(polled.message.body.pollRep![0]!.reason ?? [])]).toEqual([
    '信息中心审批 Information centre approval',
  ]);
  expect(service.certificates.bySerial(issued.serialHex)?.status).toBe('valid');

  service.approve(request!.id, consoleActor(centre));
  const done = await send(pollRequestBody());
  expect(done.message.body.rp!.status[0]!.status).toBe(0);
  expect(service.certificates.crlEntries()).toEqual([
    expect.objectContaining({ serialHex: issued.serialHex, reason: 5 }),
  ]);
  expect(service.requests.byId(request!.id)?.stage).toBe('done');
});
