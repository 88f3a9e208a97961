// The two exchanges OpenSSL's client cannot drive, with messages built by src-main/cmp as YiKey
// sends them: a PIN unlock (genm/genp with YiKey's InfoTypeAndValue, MAC from the unlock code)
// carried out on a locked virtual USBKEY with pkcs11-tool — SO login with the sealed SO PIN,
// C_InitPIN, the SO PIN rotated to the backend's new one — and a change of identity data (cr)
// whose certificate carries the new subject the reviewers approved.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildCertReqMsg,
  buildHeader,
  certConfirmBody,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  generalMessageBody,
  InfoTypeAndValue,
  macMessage,
  newTransactionId,
  OID_IT_YIKEY_PIN_UNLOCK,
  pollRequestBody,
  signMessage,
  type PkiBody,
} from '../../../src-main/cmp/index';
import { holderName } from '../../provincial-backend/ca/holder-profile';
import { openSoPins, PinUnlockRequest, PinUnlockStatus, SoPins } from '../../../src-main/cmp/pin-unlock-info';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';
import {
  backendCliJson,
  seedDemoBackend,
  runBackendCli,
  startBackend,
  type BackendProcess,
} from '../../helpers/provincial-backend-process';
import { createVirtualKeyHome, type VirtualKeyHome } from '../../helpers/vusbkey-fixture';

let work: string;
let data: string;
let keys: VirtualKeyHome;
let backend: BackendProcess;
let holderSerial: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'backend-unlock-'));
  data = path.join(work, 'data');
  keys = await createVirtualKeyHome();
  await keys.initKey({ maxTries: 3 });
  [holderSerial] = seedDemoBackend(data, keys.home).importedCertificates as [string];
  backend = await startBackend(data);
});
afterAll(async () => {
  await backend?.stop();
  await keys?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const approve = (id: number, as: 'unit' | 'center') =>
  expect(runBackendCli(['approve', String(id), '--as', as, '--data', data]).status).toBe(0);
const requests = () =>
  backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]);

async function post(der: Uint8Array) {
  const response = await fetch(`${backend.origin}/.well-known/cmp`, {
    method: 'POST',
    headers: { 'content-type': 'application/pkixcmp' },
    body: der,
  });
  const answer = decodePkiMessage(new Uint8Array(await response.arrayBuffer()));
  const transaction = Buffer.from(answer.message.header.transactionID!).toString('hex');
  latestNonce.set(transaction, new Uint8Array(answer.message.header.senderNonce!));
  return answer;
}

/** The senderNonce of the backend's latest answer per transaction: follow-ups echo it. */
const latestNonce = new Map<string, Uint8Array>();
const recipNonceFor = (transactionID: Uint8Array) =>
  latestNonce.get(Buffer.from(transactionID).toString('hex'));

type MacHolder = { reference: string; code: string; transactionID: Uint8Array };
const macProtected = (holder: MacHolder, body: PkiBody) =>
  encodePkiMessage(
    macMessage(
      buildHeader({
        senderNameDer: null,
        recipientNameDer: null,
        transactionID: holder.transactionID,
        senderKID: Buffer.from(holder.reference),
        recipNonce: recipNonceFor(holder.transactionID),
      }),
      body,
      Buffer.from(holder.code),
    ),
  );

function pkcs11Tool(args: string[]) {
  return spawnSync('pkcs11-tool', ['--module', keys.modulePath, ...args], {
    encoding: 'utf8',
    env: keys.env,
  });
}

/** pkcs11-tool logged in as the security officer with `soPin`. */
function asSecurityOfficer(soPin: string, ...args: string[]) {
  return pkcs11Tool(['--login', '--login-type', 'so', '--so-pin', soPin, ...args]);
}

describe('PIN unlock over genm/genp', () => {
  it(
    'unlocks a locked key with the sealed SO PIN, once, after the unit approves, and rotates the SO PIN',
    { timeout: 120_000 },
    async () => {
      for (let attempt = 0; attempt < 3; attempt++)
        pkcs11Tool(['--login', '--pin', '000000', '--list-objects']);
      expect(pkcs11Tool(['--login', '--pin', '123456', '--list-objects']).stderr).toContain('CKR_PIN_LOCKED');

      const code = backendCliJson<{ reference: string; code: string }>([
        'authcode',
        '--holder',
        holderSerial,
        '--purpose',
        'unlock',
        '--data',
        data,
      ]);
      const holder: MacHolder = { ...code, transactionID: newTransactionId() };
      const ask = (action: number) =>
        post(
          macProtected(
            holder,
            generalMessageBody([
              new InfoTypeAndValue({
                infoType: OID_IT_YIKEY_PIN_UNLOCK,
                infoValue: AsnConvert.serialize(new PinUnlockRequest({ action })),
              }),
            ]),
          ),
        );
      const statusOf = (answer: Awaited<ReturnType<typeof post>>) => {
        expect(answer.kind).toBe('genp');
        return AsnConvert.parse(answer.message.body.genp![0]!.infoValue!, PinUnlockStatus);
      };

      const waiting = statusOf(await ask(0));
      expect(waiting).toMatchObject({ status: 3, checkAfter: 1, statusString: ['单位审核 Unit review'] });
      const [request] = requests().filter((row) => row.kind === 'unlock');
      approve(request!.id, 'unit'); // unit → CA: no information-centre step for an unlock

      const released = statusOf(await ask(0));
      expect(released.status).toBe(0);
      const pins = AsnConvert.parse(
        openSoPins(new Uint8Array(released.sealedSoPins!), Buffer.from(code.code), holder.transactionID),
        SoPins,
      );
      expect(pins.current).toBe('12345678'); // the virtual key's SO PIN, sealed at seed time
      expect(pins.next).not.toBe(pins.current);

      expect(asSecurityOfficer(pins.current, '--init-pin', '--new-pin', '654321').status).toBe(0);
      expect(asSecurityOfficer(pins.current, '--change-pin', '--new-pin', pins.next).status).toBe(0);
      const done = statusOf(await ask(1));
      expect(done).toMatchObject({ status: 0, statusString: ['已完成 Done'] });
      expect(done.sealedSoPins).toBeUndefined();
      expect(requests().find((row) => row.id === request!.id)?.stage).toBe('done');

      expect(pkcs11Tool(['--login', '--pin', '654321', '--list-objects']).status).toBe(0);
      expect(asSecurityOfficer('12345678', '--list-objects').status).not.toBe(0);
      // The code was single use: a new transaction with it is refused.
      const reused = await post(
        macProtected(
          { ...holder, transactionID: newTransactionId() },
          generalMessageBody([
            new InfoTypeAndValue({
              infoType: OID_IT_YIKEY_PIN_UNLOCK,
              infoValue: AsnConvert.serialize(new PinUnlockRequest({ action: 0 })),
            }),
          ]),
        ),
      );
      expect(reused.kind).toBe('error');
      expect([...(reused.message.body.error!.pKIStatusInfo.statusString ?? [])].join()).toContain(
        'already been used',
      );
    },
  );
});

describe('change of identity data (cr)', () => {
  // Eleven CLI runs and two backend round trips per approval: slow by construction, not by waiting.
  it('issues a certificate with the new subject after both approvals', { timeout: 120_000 }, async () => {
    // A current certificate whose key this test holds: re-issued first with an authorisation code.
    const key = (): { privateKey: KeyObject; spki: Uint8Array } => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return {
        privateKey: pair.privateKey,
        spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
      };
    };
    const first = key();
    const code = backendCliJson<{ reference: string; code: string }>([
      'authcode',
      '--holder',
      holderSerial,
      '--purpose',
      'reissue',
      '--data',
      data,
    ]);
    const reissue: MacHolder = { ...code, transactionID: newTransactionId() };
    const emptySubject = new Uint8Array(AsnConvert.serialize(new Certificate().tbsCertificate.subject));
    await post(
      macProtected(
        reissue,
        enrollmentBody(
          'ir',
          await buildCertReqMsg({
            subjectDer: emptySubject,
            publicKeyDer: first.spki,
            newKeySigner: rsaDigestSigner(first.privateKey),
          }),
        ),
      ),
    );
    const reissueRequest = requests().find((row) => row.kind === 'reissue')!;
    approve(reissueRequest.id, 'unit');
    approve(reissueRequest.id, 'center');
    const issued = await post(macProtected(reissue, pollRequestBody()));
    const currentDer = new Uint8Array(
      issued.message.body.ip!.response[0]!.certifiedKeyPair!.certOrEncCert.certificate!,
    );
    expect((await post(macProtected(reissue, certConfirmBody({ certificateDer: currentDer })))).kind).toBe(
      'pkiconf',
    );

    const next = key();
    const changed = holderName({
      commonName: '张三',
      organization: '某某市第一人民医院',
      unit: '急诊科',
      idNumber: '110101198503151234',
    });
    const transactionID = newTransactionId();
    const signed = async (body: PkiBody) =>
      encodePkiMessage(
        await signMessage(
          buildHeader({
            senderNameDer: new Uint8Array(
              AsnConvert.serialize(AsnConvert.parse(currentDer, Certificate).tbsCertificate.subject),
            ),
            recipientNameDer: null,
            transactionID,
            recipNonce: recipNonceFor(transactionID),
          }),
          body,
          rsaDigestSigner(first.privateKey),
          [currentDer],
        ),
      );
    const request = await buildCertReqMsg({
      subjectDer: new Uint8Array(AsnConvert.serialize(changed)),
      publicKeyDer: next.spki,
      newKeySigner: rsaDigestSigner(next.privateKey),
    });
    const waiting = await post(await signed(enrollmentBody('cr', request)));
    expect(waiting.message.body.cp?.response[0]?.status.status).toBe(3);
    const change = requests().find((row) => row.kind === 'change')!;
    approve(change.id, 'unit');
    approve(change.id, 'center');
    const answer = await post(await signed(pollRequestBody()));
    const der = Buffer.from(
      answer.message.body.cp!.response[0]!.certifiedKeyPair!.certOrEncCert.certificate!,
    );
    const subject = spawnSync(
      'openssl',
      ['x509', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8'],
      { input: der, encoding: 'utf8' },
    ).stdout;
    expect(subject).toContain('OU=急诊科, CN=张三, serialNumber=110101198503151234');
  });
});
