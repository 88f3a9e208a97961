// Hostile or broken answers to a change (cr), a revocation (rr) and a PIN unlock (genm), on
// virtual USBKEYs, from a CMP peer of our own (helpers/scripted-cmp-peer.ts): another
// transaction or nonce, a broken signature or MAC, an untrusted signer, malformed, oversize or
// non-CMP bodies, a body of the wrong type; for a change a certificate for another key, naming
// someone else or not the requested subject; for a revocation an rp about another certificate;
// for an unlock malformed, oversize or unopenable unlock material and an endless checkAfter.
// Whatever arrives, nothing is installed, deleted or unlocked, the request says why, and the
// same request then goes on to the end with an honest answer.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, GeneralName, Name } from '@peculiar/asn1-x509';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/vusbkey';
import { x509 } from '../../native/vusbkey/control/x509-runtime';
import * as cmp from '../../src-main/cmp/index';
import { PinUnlockRequest, PinUnlockStatus, sealSoPins, SoPins } from '../../src-main/cmp/pin-unlock-info';
import { changedSubjectDer } from '../../src-main/lifecycle/changed-subject';
import { PinUnlockWorkflow } from '../../src-main/lifecycle/pin-unlock';
import { RequestJournal } from '../../src-main/lifecycle/request-journal';
import type { RequestRecord } from '../../src-main/lifecycle/request-record';
import { RevocationWorkflow } from '../../src-main/lifecycle/revocation';
import { unlockJournalKind, type UnlockRecord } from '../../src-main/lifecycle/unlock-record';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { pemFileToDer } from '../helpers/cmp-test-pki';
import { pkcs11ToolLogsIn } from '../helpers/pkcs11-tool';
import { createSafeTempDir } from '../helpers/safe-temp-dir';
import * as scripted from '../helpers/scripted-cmp-peer';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const pin = '123456';
const soPin = '12345678'; // the virtual keys' SO PIN
const unlockCode = 'K7Q2-M9XW-4HTR';

type Mode =
  | Exclude<scripted.Spoil, null>
  | 'honest'
  | 'waiting'
  | 'endless-check-after'
  | 'wrong-body'
  | 'wrong-key'
  | 'someone-else'
  | 'old-subject'
  | 'other-certificate'
  | 'no-unlock-item'
  | 'unreadable-status'
  | 'unknown-status'
  | 'garbage-material'
  | 'oversize-material'
  | 'material-of-another-transaction'
  | 'empty-pins'
  | 'wrong-so-pin';

describe('change, revocation and PIN unlock refuse hostile answers and lose nothing', () => {
  let keys: VirtualKeyHome;
  let temp: { directory: string; cleanup(): void };
  let host: TokenHostClient;
  let peer: scripted.ScriptedCmpPeer;
  let workflow: RevocationWorkflow;
  let unlocks: PinUnlockWorkflow;
  let mode: Mode = 'honest';
  const slots: Record<string, string> = {};
  const newSoPin = 'So-Next-4821';

  const spoilOf = (current: Mode): scripted.Spoil =>
    (scripted.spoils as readonly string[]).includes(current) ? (current as scripted.Spoil) : null;
  const spki = () =>
    new Uint8Array(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }),
    );

  /** cr → cp (pollReq → pollRep, certConf → pkiconf): what `mode` says. */
  async function changeAnswer(request: cmp.DecodedMessage): Promise<cmp.PkiBody> {
    if (request.kind === 'certConf') return cmp.pkiConfirmBody();
    if (mode === 'wrong-body') return cmp.revocationResponseBody(cmp.statusInfo(cmp.PkiStatus.accepted));
    if (mode === 'waiting')
      return cmp.certificateResponseBody('cp', { status: 'waiting', text: ['单位审核'] });
    if (mode === 'endless-check-after') return cmp.pollRepBody(10 ** 12, ['单位审核']);
    const template = pendingChange!.message.body.cr![0]!.certReq.certTemplate;
    const requested = AsnConvert.parse(AsnConvert.serialize(template.subject!), Name);
    const oldSubject = AsnConvert.parse(Buffer.from(changeTarget().certificateDer), Certificate)
      .tbsCertificate.subject;
    const certificateDer =
      mode === 'wrong-key'
        ? await scripted.issueFromTestCa(keys, spki(), nameText(requested))
        : await scripted.issueFromTestCa(
            keys,
            new Uint8Array(AsnConvert.serialize(template.publicKey!)),
            mode === 'someone-else'
              ? 'CN=李四, O=别的医院, C=CN'
              : nameText(mode === 'old-subject' ? oldSubject : requested),
          );
    return cmp.certificateResponseBody('cp', { status: 'issued', certificateDer });
  }
  let pendingChange: cmp.DecodedMessage | undefined;

  /** rr → rp: revoked, about our certificate unless `mode` says otherwise. */
  function revocationAnswer(request: cmp.DecodedMessage): cmp.PkiBody {
    if (mode === 'wrong-body') return cmp.certificateResponseBody('cp', { status: 'waiting' });
    const details = request.message.body.rr?.[0]?.certDetails;
    const revoked = cmp.revocationResponseBody(cmp.statusInfo(cmp.PkiStatus.accepted, ['证书已注销']));
    if (details)
      revoked.rp!.revCerts = [
        new cmp.CertId({
          issuer: new GeneralName({ directoryName: details.issuer }),
          serialNumber:
            mode === 'other-certificate' ? new Uint8Array([0x7f, 0x01]).buffer : details.serialNumber!,
        }),
      ];
    return revoked;
  }

  /** genm → genp with the unlock status `mode` says, sealed under the code and transaction. */
  function unlockAnswer(request: cmp.DecodedMessage): cmp.PkiBody {
    if (mode === 'wrong-body') return cmp.pkiConfirmBody();
    if (mode === 'no-unlock-item') return cmp.generalResponseBody([]);
    const action = Number(
      AsnConvert.parse(request.message.body.genm![0]!.infoValue!, PinUnlockRequest).action,
    );
    const transactionID = new Uint8Array(request.message.header.transactionID!);
    const status = new PinUnlockStatus({ status: cmp.PkiStatus.accepted });
    const seal = (pins: SoPins, ofTransaction = transactionID) =>
      new Uint8Array(
        sealSoPins(new Uint8Array(AsnConvert.serialize(pins)), Buffer.from(unlockCode), ofTransaction),
      ).buffer;
    let value: ArrayBuffer;
    if (mode === 'waiting') Object.assign(status, { status: cmp.PkiStatus.waiting, checkAfter: 1 });
    else if (mode === 'endless-check-after')
      Object.assign(status, { status: cmp.PkiStatus.waiting, checkAfter: 10 ** 12 });
    else if (mode === 'unknown-status') status.status = 99;
    else if (mode === 'garbage-material') status.sealedSoPins = randomBytes(80).buffer;
    else if (mode === 'oversize-material') status.sealedSoPins = randomBytes(200 * 1024).buffer;
    else if (mode === 'material-of-another-transaction')
      status.sealedSoPins = seal(new SoPins({ current: soPin, next: newSoPin }), randomBytes(16));
    else if (mode === 'empty-pins') status.sealedSoPins = seal(new SoPins({ current: '', next: '' }));
    else if (mode === 'wrong-so-pin')
      status.sealedSoPins = seal(new SoPins({ current: '00000000', next: '11111111' }));
    else if (action === 0) status.sealedSoPins = seal(new SoPins({ current: soPin, next: newSoPin }));
    if (mode === 'unreadable-status')
      value = new Uint8Array([0x04, 0x02, 0xab, 0xcd]).buffer; // an OCTET STRING
    else value = AsnConvert.serialize(status);
    return cmp.generalResponseBody([
      new cmp.InfoTypeAndValue({ infoType: cmp.OID_IT_YIKEY_PIN_UNLOCK, infoValue: value }),
    ]);
  }

  async function answer(request: cmp.DecodedMessage) {
    const spoil = spoilOf(mode);
    if (request.kind === 'genm')
      return spoil === 'untrusted-signer'
        ? peer.signed(request, unlockAnswer(request), spoil)
        : peer.macProtected(request, unlockAnswer(request), Buffer.from(unlockCode), spoil);
    if (request.kind === 'cr') pendingChange = request;
    const body =
      request.kind === 'rr' || (request.kind === 'pollReq' && pendingRevocation)
        ? revocationAnswer(request)
        : await changeAnswer(request);
    return peer.signed(request, body, spoil);
  }
  let pendingRevocation = false;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'mover', pin, unit: '药剂科' });
    await keys.initKey({ label: 'leaver', pin });
    await keys.initKey({ label: 'locked', pin, maxTries: 3 });
    for (let attempt = 0; attempt < 3; attempt++) pkcs11ToolLogsIn(keys, '000000', 'locked');
    temp = createSafeTempDir('yikey-lifecycle-hostile-');
    peer = await scripted.startScriptedCmpPeer(keys, temp.directory, answer);

    process.env.VUSBKEY_HOME = keys.home;
    host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' } });
    await host.start();
    for (const token of await host.call('listTokens', {})) slots[token.label] = token.slotId;
    await host.call('login', { slotId: slots.mover!, pin });
    await host.call('login', { slotId: slots.leaver!, pin });
    const caDer = pemFileToDer(keys.caPath);
    const common = {
      host,
      endpoint: () => ({ url: peer.url, timeoutMs: 10_000 }),
      trustedDer: () => [caDer],
      sleep: async () => undefined, // a due poll is taken at once: no test waits for a clock
    };
    workflow = new RevocationWorkflow({
      ...common,
      journal: new RequestJournal(join(temp.directory, 'data')),
    });
    unlocks = new PinUnlockWorkflow({
      ...common,
      journal: new RequestJournal<UnlockRecord>(join(temp.directory, 'data'), unlockJournalKind),
    });
  });

  afterAll(async () => {
    await host?.stop();
    await peer?.close();
    await keys?.cleanup();
    temp?.cleanup();
  });

  const targets: Record<string, { keyId: string; certificateDer: Uint8Array }> = {};
  async function targetOf(label: 'mover' | 'leaver') {
    if (!targets[label]) {
      const [certificate] = (await host.call('listObjects', { slotId: slots[label]! })).certificates;
      targets[label] = { keyId: certificate!.id, certificateDer: certificate!.value };
    }
    return { slotId: slots[label]!, keyAlgorithm: 'RSA' as const, ...targets[label] };
  }
  const changeTarget = () => ({ ...targets.mover! });
  async function tokenState(label: 'mover' | 'leaver') {
    const { certificates, privateKeys } = await host.call('listObjects', { slotId: slots[label]! });
    return {
      certificateIds: certificates.map((c) => c.id).sort(),
      keyIds: privateKeys.map((k) => k.id).sort(),
    };
  }

  it('a change: untrusted answers leave it waiting; wrong certificates are refused; then it completes', async () => {
    const target = await targetOf('mover');
    const subjectDer = changedSubjectDer(target.certificateDer, { department: '心内科' });
    mode = 'waiting';
    let record = await workflow.start(target, {}, { subjectDer });
    expect(record).toMatchObject({ kind: 'change', stage: 'waiting' });
    const newKeyId = record.newKeyId;
    mode = 'endless-check-after';
    record = await workflow.advance(record.id);
    expect(record.lastError, record.lastError?.message).toBeUndefined();
    expect(Date.parse(record.nextPollAt!) - Date.now()).toBeLessThanOrEqual(86_400_000);

    for (const spoiled of [...scripted.spoils, 'wrong-body'] as const) {
      mode = spoiled;
      record = await workflow.advance(record.id, { waitUpToSeconds: 86_400 });
      expect(record.stage, spoiled).toBe('waiting');
      expect(record.lastError?.code, `${spoiled}: ${record.lastError?.message}`).toBe(
        scripted.journaledCodeFor(spoiled),
      );
      expect(await tokenState('mover'), spoiled).toEqual({
        certificateIds: [target.keyId],
        keyIds: [target.keyId, newKeyId].sort(),
      });
    }

    // A certificate that is not the one asked for ends that request; the current key stays.
    let ended: RequestRecord = record;
    for (const wrong of ['wrong-key', 'someone-else', 'old-subject'] as const) {
      mode = wrong;
      ended =
        ended.stage === 'waiting'
          ? await workflow.advance(ended.id, { waitUpToSeconds: 86_400 })
          : await workflow.start(target, {}, { subjectDer });
      expect(ended.stage, wrong).toBe('failed');
      expect(ended.lastError?.code, wrong).toBe('issued-certificate-invalid');
      expect(await tokenState('mover'), wrong).toEqual({
        certificateIds: [target.keyId],
        keyIds: [target.keyId],
      });
    }

    mode = 'honest';
    const done = await workflow.start(target, {}, { subjectDer });
    expect(done).toMatchObject({ kind: 'change', stage: 'completed' });
    expect(await tokenState('mover')).toEqual({ certificateIds: [done.newKeyId], keyIds: [done.newKeyId] });
  });

  it('a revocation: untrusted answers or an rp about another certificate delete nothing; then it completes', async () => {
    const target = await targetOf('leaver');
    const untouched = { certificateIds: [target.keyId], keyIds: [target.keyId] };
    pendingRevocation = true;
    let record: RequestRecord | undefined;
    for (const spoiled of [...scripted.spoils, 'wrong-body', 'other-certificate'] as const) {
      mode = spoiled;
      record = record ? await workflow.advance(record.id) : await workflow.startRevocation(target, 'leaving');
      expect(record.stage, spoiled).toBe('request-ready');
      expect(record.lastError?.code, `${spoiled}: ${record.lastError?.message}`).toBe(
        scripted.journaledCodeFor(spoiled),
      );
      expect(await tokenState('leaver'), spoiled).toEqual(untouched);
    }
    mode = 'honest';
    const done = await workflow.advance(record!.id);
    expect(done).toMatchObject({ kind: 'revoke', stage: 'completed', id: record!.id });
    expect(await tokenState('leaver')).toEqual({ certificateIds: [], keyIds: [] });
  });

  it('a PIN unlock: untrusted answers or unusable unlock material unlock nothing; then it completes', async () => {
    const secrets = { code: unlockCode, newPin: '583920' };
    mode = 'waiting';
    let record = await unlocks.start({ slotId: slots.locked!, reference: '4711' }, { code: unlockCode });
    expect(record.stage).toBe('waiting');
    mode = 'endless-check-after';
    record = await unlocks.advance(record.id, secrets, { waitUpToSeconds: 5 });
    expect(record).toMatchObject({ stage: 'waiting' });
    expect(Date.parse(record.nextPollAt!) - Date.now()).toBeLessThanOrEqual(86_400_000);

    for (const spoiled of [
      ...scripted.spoils,
      'wrong-body',
      'no-unlock-item',
      'unreadable-status',
      'unknown-status',
      'garbage-material',
      'oversize-material',
      'material-of-another-transaction',
      'empty-pins',
    ] as const) {
      mode = spoiled;
      record = await unlocks.advance(record.id, secrets, { waitUpToSeconds: 86_400 });
      expect(record.stage, spoiled).toBe('waiting');
      expect(record.lastError?.code, `${spoiled}: ${record.lastError?.message}`).toBe(
        scripted.journaledCodeFor(spoiled),
      );
      expect(
        record.history.map((entry) => entry.stage),
        spoiled,
      ).not.toContain('unlocking');
      expect(pkcs11ToolLogsIn(keys, pin, 'locked'), spoiled).toBe(false);
    }

    // The honest answer: the SO PIN on record is still the key's (nothing tried it), so the
    // same request unlocks the key and rotates the SO PIN.
    mode = 'honest';
    const done = await unlocks.advance(record.id, secrets, { waitUpToSeconds: 86_400 });
    expect(done, done.lastError?.message).toMatchObject({ id: record.id, stage: 'completed' });
    expect(pkcs11ToolLogsIn(keys, secrets.newPin, 'locked')).toBe(true);

    // Material the key refuses ends the request after one SO login: no retry spends more of the
    // key's SO PIN tries.
    enableCallLog(keys.home);
    mode = 'wrong-so-pin';
    const refused = await unlocks.start({ slotId: slots.locked!, reference: '4712' }, secrets);
    expect(refused).toMatchObject({ stage: 'failed', lastError: { code: 'so-pin-incorrect' } });
    expect(await unlocks.advance(refused.id, secrets, { waitUpToSeconds: 86_400 })).toMatchObject({
      stage: 'failed',
    });
    const soLoginsRefused = readCallLog(keys.home).filter(
      (call) => call.fn === 'C_Login' && call.rv === 0xa0,
    );
    expect(soLoginsRefused).toHaveLength(1);
    expect(pkcs11ToolLogsIn(keys, secrets.newPin, 'locked')).toBe(true);
  });
});

/** A Name in the form the test CA's certificate generator takes. */
function nameText(name: Name): x509.Name {
  return new x509.Name(AsnConvert.serialize(name));
}
