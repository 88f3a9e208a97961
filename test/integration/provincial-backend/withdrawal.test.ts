// 撤回 over CMP (docs/cmp-profile.md §Withdrawal) against the reference backend's endpoint, with
// a real database and CA token: the holder's signed `error` message in the request's
// transaction withdraws it while under review (pkiconf; history names the holder); once the
// CA has started, the answer is an error with the reason and nothing changes; a transaction of
// someone else is refused.
import { AsnConvert } from '@peculiar/asn1-schema';
import { expect, it } from 'vitest';

import {
  buildCertReqMsg,
  enrollmentBody,
  newTransactionId,
  withdrawalBody,
} from '../../../src-main/cmp/index';
import { consoleActor } from '../../provincial-backend/workflow/backend-service';
import { useBackendWithCa } from '../../helpers/backend-with-ca';
import { cmpAsHolder, rsaKey, unitWithReviewers, type CertifiedHolder } from '../../helpers/backend-holders';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const backend = useBackendWithCa('backend-withdrawal-');

it('withdraws while under review, refuses once issuing, and refuses another holder’s transaction', async () => {
  const parts = backend();
  const { service } = parts;
  const { admin, centre, holderWithCertificate } = unitWithReviewers(parts, '某某市第一人民医院');
  const zhang = holderWithCertificate('张三', '110101199001011237');
  const li = holderWithCertificate('李四', '110101198602021236');
  const { send } = cmpAsHolder(parts);
  const renew = async (who: CertifiedHolder) => {
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
