// PIN unlock (PIN码解锁) with YiKey's own client against the reference provincial backend, all
// real processes: a virtual USBKEY locked by wrong PINs, `yikey request unlock` with the
// reference number and authorisation code the unit administrator issued (backend CLI
// `authcode`), the unit's approval, `yikey requests sync` setting the new PIN the holder typed
// and rotating the SO PIN. pkcs11-tool, an independent client, confirms the new PIN logs in and
// the old SO PIN no longer does. Hostile input first: a malformed reference, a wrong code, and
// afterwards the used code again — each a clear error that leaves no request behind. Then a
// second unlock cut off after the SO PIN was rotated on the key but before YiKey confirmed it:
// `yikey requests sync` resumes it and ends with the holder's PIN set and the backend told.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHeader,
  decodePkiMessage,
  encodePkiMessage,
  generalMessageBody,
  InfoTypeAndValue,
  macMessage,
  OID_IT_YIKEY_PIN_UNLOCK,
} from '../../../src-main/cmp/index';
import { openSoPins, PinUnlockRequest, PinUnlockStatus, SoPins } from '../../../src-main/cmp/pin-unlock-info';
import { backendCliJson, runBackendCli, type BackendProcess } from '../../helpers/provincial-backend-process';
import { startBackendAndHolders, type BackendAndHolders } from '../../helpers/backend-and-holders';
import { runCli } from '../../helpers/run-cli';
import type { VirtualKeyHome } from '../../helpers/vusbkey-fixture';

const oldSoPin = '12345678'; // the virtual key's SO PIN, sealed by the backend at seed time
const newPin = '583920';

interface YikeyRequest {
  id: string;
  kind: string;
  stage: string;
  stageText: string;
  statusText: string[];
  reference?: string;
  lastError: { code: string } | null;
}

describe('yikey request unlock against the reference provincial backend', () => {
  let work: string;
  let data: string;
  let keys: VirtualKeyHome;
  let backend: BackendProcess;
  let holderSerial: string;
  let trustBundle: string;

  let world: BackendAndHolders | undefined;

  beforeAll(async () => {
    world = await startBackendAndHolders('yikey-pin-unlock-', async (home) => {
      await home.initKey({ maxTries: 3 });
    });
    ({ work, data, keys, backend, trustBundle } = world);
    [holderSerial] = world.importedCertificates as [string];
  });
  afterAll(async () => await world?.stop());

  const dataDir = () => path.join(work, 'yikey');
  const env = (): NodeJS.ProcessEnv => ({
    ...keys.env,
    YIKEY_PKCS11_MODULE: keys.modulePath,
    YIKEY_TRUSTED_CA: trustBundle,
    YIKEY_DATA_DIR: dataDir(),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: backend.origin,
    YIKEY_LANG: 'zh-CN',
  });
  const yikey = (args: string[], stdin = '') => runCli(args, { env: env(), stdin });
  const yikeyRequests = async (): Promise<YikeyRequest[]> => {
    const listed = await yikey(['requests', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { requests: YikeyRequest[] }).requests;
  };
  const backendUnlocks = () =>
    backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]).filter(
      (request) => request.kind === 'unlock',
    );
  const pkcs11Tool = (...args: string[]) =>
    spawnSync('pkcs11-tool', ['--module', keys.modulePath, ...args], { encoding: 'utf8', env: keys.env });

  it(
    'refuses bad input without a trace, then unlocks after the unit approves: new PIN, new SO PIN',
    { timeout: 180_000 },
    async () => {
      for (let attempt = 0; attempt < 3; attempt++)
        pkcs11Tool('--login', '--pin', '000000', '--list-objects');
      expect(pkcs11Tool('--login', '--pin', '123456', '--list-objects').stderr).toContain('CKR_PIN_LOCKED');

      const code = backendCliJson<{ reference: string; code: string }>([
        'authcode',
        '--holder',
        holderSerial,
        '--purpose',
        'unlock',
        '--data',
        data,
      ]);

      const malformed = await yikey(['request', 'unlock', '--ref', 'abc', '--pin-stdin'], `${code.code}\n`);
      expect(malformed.code).not.toBe(0);
      expect(malformed.stderr).toMatch(/参考号|reference number/);

      const wrong = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin'],
        'WRONG-CODE\n',
      );
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toContain('参考号或授权码不对');
      expect(await yikeyRequests()).toEqual([]);
      expect(backendUnlocks()).toEqual([]);

      const submitted = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
        `${code.code}\n`,
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      const [waiting] = await yikeyRequests();
      expect(waiting).toMatchObject({ kind: 'unlock', stage: 'waiting', reference: code.reference });
      // YiKey's words for the stage the answer named; the backend's own words stay in statusText.
      expect(waiting!.stageText).toBe('单位审核');
      expect(waiting!.statusText).toEqual(['单位审核 Unit review']);
      // The journal holds neither the code nor any PIN.
      const journalText = readdirSync(path.join(dataDir(), 'unlock-requests'))
        .map((name) => readFileSync(path.join(dataDir(), 'unlock-requests', name), 'utf8'))
        .join('\n');
      expect(journalText).not.toContain(code.code);
      expect(journalText).not.toContain(oldSoPin);

      const [pending] = backendUnlocks();
      expect(runBackendCli(['approve', String(pending!.id), '--as', 'unit', '--data', data]).status).toBe(0);

      const mismatched = await yikey(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n${newPin}\n${newPin}9\n`,
      );
      expect(mismatched.code).not.toBe(0);
      expect((await yikeyRequests())[0]).toMatchObject({ stage: 'approved' });

      const synced = await yikey(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n${newPin}\n${newPin}\n`,
      );
      expect(synced.code, synced.stderr).toBe(0);
      expect(await yikeyRequests()).toMatchObject([{ id: waiting!.id, stage: 'completed', lastError: null }]);
      expect(backendUnlocks()[0]!.stage).toBe('done');

      expect(pkcs11Tool('--login', '--pin', newPin, '--list-objects').status).toBe(0);
      // C_InitPIN needs a read-write session, in which the SO login is tried for real.
      const oldSo = pkcs11Tool(
        '--login',
        '--login-type',
        'so',
        '--so-pin',
        oldSoPin,
        '--init-pin',
        '--new-pin',
        '111111',
      );
      expect(oldSo.status).not.toBe(0);
      expect(oldSo.stderr).toContain('CKR_PIN_INCORRECT');

      const reused = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
        `${code.code}\n`,
      );
      expect(reused.code).not.toBe(0);
      expect(reused.stderr).toContain('already been used');
      expect(await yikeyRequests()).toHaveLength(1);
      expect(existsSync(path.join(dataDir(), 'unlock-requests'))).toBe(true);
    },
  );

  const authCode = () =>
    backendCliJson<{ reference: string; code: string }>([
      'authcode',
      '--holder',
      holderSerial,
      '--purpose',
      'unlock',
      '--data',
      data,
    ]);

  /** The SO PINs the backend releases for this transaction, read as YiKey reads them. */
  async function releasedPins(code: string, reference: string, transactionId: string): Promise<SoPins> {
    const transactionID = new Uint8Array(Buffer.from(transactionId, 'hex'));
    const message = macMessage(
      buildHeader({
        senderNameDer: null,
        recipientNameDer: null,
        transactionID,
        senderKID: Buffer.from(reference),
      }),
      generalMessageBody([
        new InfoTypeAndValue({
          infoType: OID_IT_YIKEY_PIN_UNLOCK,
          infoValue: AsnConvert.serialize(new PinUnlockRequest({ action: 0 })),
        }),
      ]),
      Buffer.from(code),
    );
    const response = await fetch(`${backend.origin}/.well-known/cmp`, {
      method: 'POST',
      headers: { 'content-type': 'application/pkixcmp' },
      body: encodePkiMessage(message),
    });
    const answer = decodePkiMessage(new Uint8Array(await response.arrayBuffer()));
    const status = AsnConvert.parse(answer.message.body.genp![0]!.infoValue!, PinUnlockStatus);
    return AsnConvert.parse(
      openSoPins(new Uint8Array(status.sealedSoPins!), Buffer.from(code), transactionID),
      SoPins,
    );
  }

  it(
    'resumes an unlock cut off after the SO PIN rotation, before the backend was told',
    { timeout: 180_000 },
    async () => {
      for (let attempt = 0; attempt < 3; attempt++)
        pkcs11Tool('--login', '--pin', '000000', '--list-objects');
      const code = authCode();
      const submitted = await yikey(
        ['request', 'unlock', '--ref', code.reference, '--pin-stdin', '--wait', '0'],
        `${code.code}\n`,
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      const pending = backendUnlocks().find((request) => request.stage !== 'done')!;
      expect(runBackendCli(['approve', String(pending.id), '--as', 'unit', '--data', data]).status).toBe(0);

      // What a YiKey killed between the host call and the journal's "rotated" leaves behind: the
      // key already has a fresh PIN and the new SO PIN; the journal says "unlocking".
      const folder = path.join(dataDir(), 'unlock-requests');
      const file = readdirSync(folder)
        .map((name) => path.join(folder, name))
        .find((candidate) => JSON.parse(readFileSync(candidate, 'utf8')).stage === 'waiting')!;
      const record = JSON.parse(readFileSync(file, 'utf8'));
      const pins = await releasedPins(code.code, code.reference, record.transactionId);
      const so = (pin: string, ...args: string[]) =>
        pkcs11Tool('--login', '--login-type', 'so', '--so-pin', pin, ...args);
      expect(so(pins.current, '--init-pin', '--new-pin', 'Interim-1234').status).toBe(0);
      expect(so(pins.current, '--change-pin', '--new-pin', pins.next).status).toBe(0);
      writeFileSync(
        file,
        JSON.stringify({
          ...record,
          stage: 'unlocking',
          history: [...record.history, { stage: 'unlocking', at: new Date().toISOString() }],
        }),
      );

      const resumed = await yikey(
        ['requests', 'sync', '--pin-stdin', '--wait', '10'],
        `${code.code}\n472916\n472916\n`,
      );
      expect(resumed.code, resumed.stderr).toBe(0);
      expect((await yikeyRequests()).find((request) => request.id === record.id)).toMatchObject({
        stage: 'completed',
        lastError: null,
      });
      expect(backendUnlocks().find((request) => request.id === pending.id)?.stage).toBe('done');
      expect(pkcs11Tool('--login', '--pin', '472916', '--list-objects').status).toBe(0);
      expect(so(pins.current, '--init-pin', '--new-pin', '111111').stderr).toContain('CKR_PIN_INCORRECT');
    },
  );
});
