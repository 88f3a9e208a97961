// 撤回 over CMP (docs/cmp-profile.md §Withdrawal) against the reference backend's endpoint, with
// a real database and CA token: the holder's signed `error` message in the request's
// transaction withdraws it while under review (pkiconf; history names the holder); once the
// CA has started, the answer is an error with the reason and nothing changes; a transaction of
// someone else is refused.
import { generateKeyPairSync } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { expect, it } from 'vitest';

import {
  buildCertReqMsg,
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  newTransactionId,
  signMessage,
  withdrawalBody,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { holderName } from '../../provincial-backend/ca/holder-profile';
import { createCmpEndpoint } from '../../provincial-backend/cmp/cmp-endpoint';
import { issueHolderCertificate } from '../../provincial-backend/issue-holder-certificate';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const backend = useBackendWithCa('backend-withdrawal-');

const rsaKey = () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  };
};

it('withdraws while under review, refuses once issuing, and refuses another holder’s transaction', async () => {
  const parts = backend();
  const { service, ca } = parts;
  const unit = service.people.ensureUnit('某某市第一人民医院');
  const holderOf = (commonName: string, idNumber: string) => {
    const holder = service.people.ensureHolder({ unitId: unit.id, commonName, idNumber, department: null });
    const key = rsaKey();
    const subject = holderName({ commonName, organization: unit.name, idNumber });
    const { issued } = issueHolderCertificate(parts, holder.id, subject, Buffer.from(key.spki));
    return { holder, key, subject, der: new Uint8Array(issued.der) };
  };
  const zhang = holderOf('张三', '110101199001011237');
  const li = holderOf('李四', '110101198602021236');
  const admin = service.people.upsertUser(
    { username: 'a', displayName: 'a', role: 'unit-admin', unitId: unit.id },
    'pw',
  );
  const centre = service.people.upsertUser(
    { username: 'c', displayName: 'c', role: 'info-centre', unitId: null },
    'pw',
  );
  const endpoint = createCmpEndpoint(service, { ca: ca!, token: parts.token!, checkAfterSeconds: 1 });
  const send = async (who: typeof zhang, transactionID: Uint8Array, body: PkiBody) =>
    decodePkiMessage(
      await endpoint(
        Buffer.from(
          encodePkiMessage(
            await signMessage(
              buildHeader({
                senderNameDer: new Uint8Array(AsnConvert.serialize(who.subject)),
                recipientNameDer: null,
                transactionID,
              }),
              body,
              rsaDigestSigner(who.key.privateKey),
              [who.der],
            ),
          ),
        ),
      ),
    );
  const renew = async (who: typeof zhang) => {
    const transactionID = newTransactionId();
    const next = rsaKey();
    const kur = await buildCertReqMsg({
      subjectDer: new Uint8Array(AsnConvert.serialize(who.subject)),
      publicKeyDer: next.spki,
      newKeySigner: rsaDigestSigner(next.privateKey),
    });
    await send(who, transactionID, enrollmentBody('kur', kur));
    return {
      transactionID,
      request: service.requests.byTransaction(Buffer.from(transactionID).toString('hex'))!,
    };
  };

  const first = await renew(zhang);
  expect(first.request.stage).toBe('unit-review');
  // Someone else's transaction: refused, the request untouched.
  const foreign = await send(li, first.transactionID, withdrawalBody());
  expect(foreign.kind).toBe('error');
  expect(service.requests.byId(first.request.id)!.stage).toBe('unit-review');

  const answer = await send(zhang, first.transactionID, withdrawalBody());
  expect(answer.kind).toBe('pkiconf');
  expect(service.requests.byId(first.request.id)!.stage).toBe('withdrawn');
  expect(service.requests.history(first.request.id).at(-1)).toMatchObject({
    toStage: 'withdrawn',
    actorRole: 'holder',
  });

  // Once both reviewers approved, the CA has started: too late to withdraw.
  const second = await renew(zhang);
  service.approve(second.request.id, consoleActor(admin));
  service.approve(second.request.id, consoleActor(centre));
  const late = await send(zhang, second.transactionID, withdrawalBody());
  expect(late.kind).toBe('error');
  expect([...(late.message.body.error!.pKIStatusInfo.statusString ?? [])].join(' ')).toContain(
    'withdrawn only before the CA starts',
  );
  expect(service.requests.byId(second.request.id)!.stage).not.toBe('withdrawn');
});
