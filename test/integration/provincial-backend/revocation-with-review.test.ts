// A revocation for a reason other than a leaked key (here: the holder retires) goes through the
// reviews: rp says "waiting" with the stage, pollReq gets pollRep until the information centre
// approved, then rp accepted; the CRL carries cessationOfOperation. Endpoint in-process on a real
// database and CA token, messages built by src-main/cmp as YiKey sends them.
import { generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { expect, it } from 'vitest';

import {
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  newTransactionId,
  pollRequestBody,
  revocationBody,
  signMessage,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { holderName } from '../../provincial-backend/ca/holder-profile';
import { createCmpEndpoint } from '../../provincial-backend/cmp/cmp-endpoint';
import { issueHolderCertificate } from '../../provincial-backend/issue-holder-certificate';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const backend = useBackendWithCa('backend-revocation-');

it('revokes for retirement only after the unit and the centre approved, polling in between', async () => {
  const parts = backend();
  const { service, ca } = parts;
  const unit = service.people.ensureUnit('某某县人民医院');
  const holder = service.people.ensureHolder({
    unitId: unit.id,
    commonName: '钱七',
    idNumber: '110101196001011234',
    department: null,
  });
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const subject = holderName({ commonName: '钱七', organization: unit.name, idNumber: holder.idNumber });
  const { issued } = issueHolderCertificate(
    parts,
    holder.id,
    subject,
    pair.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const endpoint = createCmpEndpoint(service, { ca: ca!, token: parts.token!, checkAfterSeconds: 1 });
  const transactionID = newTransactionId();
  // Each follow-up echoes the senderNonce of the backend's latest answer.
  let recipNonce: Uint8Array | undefined;
  const send = async (body: PkiBody) => {
    const message = await signMessage(
      buildHeader({
        recipNonce,
        senderNameDer: new Uint8Array(AsnConvert.serialize(subject)),
        recipientNameDer: null,
        transactionID,
      }),
      body,
      rsaDigestSigner(pair.privateKey),
      [new Uint8Array(issued.der)],
    );
    const answer = decodePkiMessage(await endpoint(Buffer.from(encodePkiMessage(message))));
    recipNonce = new Uint8Array(answer.message.header.senderNonce!);
    return answer;
  };

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
  const [request] = service.requests.list();
  const admin = service.people.upsertUser(
    { username: 'a', displayName: 'a', role: 'unit-admin', unitId: unit.id },
    'pw',
  );
  service.approve(request!.id, consoleActor(admin));
  const polled = await send(pollRequestBody());
  expect(polled.kind).toBe('pollRep');
  expect([...(polled.message.body.pollRep![0]!.reason ?? [])]).toEqual([
    '信息中心审批 Information centre approval',
  ]);
  expect(service.certificates.bySerial(issued.serialHex)?.status).toBe('valid');

  const centre = service.people.upsertUser(
    { username: 'c', displayName: 'c', role: 'info-centre', unitId: null },
    'pw',
  );
  service.approve(request!.id, consoleActor(centre));
  const done = await send(pollRequestBody());
  expect(done.message.body.rp!.status[0]!.status).toBe(0);
  expect(service.certificates.crlEntries()).toEqual([
    expect.objectContaining({ serialHex: issued.serialHex, reason: 5 }),
  ]);
  expect(service.requests.byId(request!.id)?.stage).toBe('done');
});
