// The demo EMR page: certificate login through YiKey, a patient's 病程记录, signing one record
// (content or digest only) or a batch, and logging the doctor out when the key leaves.
import {
  connect,
  YiKeyBridgeError,
  type BatchItem,
  type SignResult,
  type YiKeyBridgeClient,
} from '../../../src-main/bridge-sdk';
import {
  emrServer,
  type Doctor,
  type Patient,
  type PatientRecord,
  type SignatureToStore,
} from './emr-server-api';
import { describeFailure } from './page-text';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let bridgePort = 27183;
let bridge: YiKeyBridgeClient | null = null;
let doctor: Doctor | null = null;
let certificateId: string | undefined;
let patients: Patient[] = [];
let selectedPatientId: string | null = null;
/** Signing in progress: a removal waits for it so what was signed is still stored. */
let work: Promise<unknown> = Promise.resolve();
/** How the last batch ended, kept for the logout message when the key left during it. */
let lastBatchOutcome = '';
let working = false;

function say(text: string, options: { error?: boolean; code?: string } = {}): void {
  const box = element('message');
  box.replaceChildren(text);
  box.classList.toggle('error', options.error ?? false);
  if (options.code) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = '详细信息';
    details.append(summary, `错误代码：${options.code}`);
    box.append(details);
  }
}

function sayFailure(prefix: string, error: unknown): void {
  const code =
    error instanceof YiKeyBridgeError ? error.code : error instanceof Error ? error.message : 'internal';
  const sentence = describeFailure(code);
  // "未签名：USBKEY已拔出，未签名。" says it twice: the prefix goes when the sentence has it.
  say(sentence.includes(prefix.replace(/：$/, '')) ? sentence : `${prefix}${sentence}`, {
    error: true,
    code,
  });
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function showLoggedIn(loggedIn: boolean): void {
  element('login-view').hidden = loggedIn;
  element('work-view').hidden = !loggedIn;
  element('doctor-bar').hidden = !loggedIn;
  element('doctor-name').textContent = doctor
    ? `${doctor.name} 医生${doctor.unit ? `（${doctor.unit}）` : ''}`
    : '';
}

async function logOut(reason: string): Promise<void> {
  const interrupted = working;
  await work.catch(() => undefined);
  if (!doctor) return;
  doctor = null;
  patients = [];
  selectedPatientId = null;
  bridge?.close();
  bridge = null;
  await emrServer.logout().catch(() => undefined);
  showLoggedIn(false);
  say(interrupted && lastBatchOutcome ? `${reason}${lastBatchOutcome}` : reason);
  element<HTMLButtonElement>('login').focus();
}

async function logIn(): Promise<void> {
  const button = element<HTMLButtonElement>('login');
  button.disabled = true;
  try {
    say('正在连接医钥……');
    const client = await connect({ port: bridgePort });
    say('请在医钥窗口中确认登录，并在医钥中输入PIN码。');
    const { nonce } = await emrServer.nonce();
    const answer = await client.login(nonce);
    const result = await emrServer.login(nonce, answer);
    bridge = client;
    doctor = result.doctor;
    certificateId = await sha256Hex(base64ToBytes(doctor.certificate));
    client.on('key.removed', () => void logOut('USBKEY已拔出，您已退出登录。'));
    client.on('session.locked', () => void logOut('医钥已锁定，您已退出登录。'));
    client.on('disconnected', () => void logOut('与医钥的连接已断开，您已退出登录。'));
    await loadPatients();
    showLoggedIn(true);
    say(`登录成功：${doctor.name} 医生。`);
    element('work-title').focus();
  } catch (error) {
    sayFailure('登录失败：', error);
  } finally {
    button.disabled = false;
  }
}

async function loadPatients(): Promise<void> {
  patients = (await emrServer.patients()).patients;
  renderPatients();
  renderRecords();
}

function renderPatients(): void {
  const list = element('patients');
  list.replaceChildren(
    ...patients.map((patient) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${patient.name}（${patient.bed}，${patient.diagnosis}）`;
      button.setAttribute('aria-current', String(patient.patientId === selectedPatientId));
      button.addEventListener('click', () => {
        selectedPatientId = patient.patientId;
        renderPatients();
        renderRecords();
        element('records-title').focus();
      });
      item.append(button);
      return item;
    }),
  );
}

function recordItem(record: PatientRecord): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'record';
  item.dataset.documentId = record.documentId;
  const heading = document.createElement('h3');
  heading.id = `title-${record.documentId}`;
  heading.textContent = `${record.title}（${record.date}）`;
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = `${record.recordType} · 文档号 ${record.documentId}`;
  const text = document.createElement('p');
  text.textContent = record.text;
  const actions = document.createElement('div');
  actions.className = 'actions';
  const status = document.createElement('span');
  status.className = record.signed ? 'status-signed' : 'status-unsigned';
  status.textContent = record.signed ? '已签名 · 服务器已验证' : '未签名';
  const select = document.createElement('input');
  select.type = 'checkbox';
  select.id = `select-${record.documentId}`;
  select.value = record.documentId;
  select.className = 'select-record';
  const selectLabel = document.createElement('label');
  selectLabel.htmlFor = select.id;
  selectLabel.textContent = `选择“${record.title}”`;
  const sign = document.createElement('button');
  sign.type = 'button';
  sign.textContent = '签名';
  sign.setAttribute('aria-label', `签名：${record.title}（${record.date}）`);
  sign.addEventListener('click', () => void signOne(record, 'content'));
  const digestOnly = document.createElement('button');
  digestOnly.type = 'button';
  digestOnly.textContent = '仅签摘要';
  digestOnly.setAttribute('aria-label', `仅签摘要：${record.title}（${record.date}）`);
  digestOnly.addEventListener('click', () => void signOne(record, 'digest'));
  actions.append(select, selectLabel, sign, digestOnly, status);
  item.append(heading, meta, text, actions);
  return item;
}

function renderRecords(): void {
  const patient = patients.find((entry) => entry.patientId === selectedPatientId);
  element('records-view').hidden = !patient;
  if (!patient) return;
  const title = element('records-title');
  title.textContent = `${patient.name} — 病程记录（住院号 ${patient.admissionNumber}）`;
  title.tabIndex = -1;
  element('records').replaceChildren(...patient.records.map(recordItem));
  element<HTMLInputElement>('select-all').checked = false;
}

function summaryOf(record: PatientRecord) {
  return {
    patient: record.patient,
    recordType: record.recordType,
    title: record.title,
    documentId: record.documentId,
  };
}

async function store(signatures: SignatureToStore[]): Promise<{ stored: number; refused: string[] }> {
  const { results } = await emrServer.storeSignatures(signatures);
  const refused = results.flatMap((result) =>
    result.ok ? [] : [`${result.documentId}：${describeFailure(result.reason)}`],
  );
  await loadPatients();
  return { stored: results.length - refused.length, refused };
}

function track<T>(promise: Promise<T>): Promise<T> {
  working = true;
  lastBatchOutcome = '';
  work = promise.catch(() => undefined).finally(() => (working = false));
  return promise;
}

async function signOne(record: PatientRecord, mode: 'content' | 'digest'): Promise<void> {
  if (!bridge) return;
  const client = bridge;
  await track(
    (async () => {
      try {
        say(`请在医钥窗口中确认签名“${record.title}”。`);
        let result: SignResult;
        if (mode === 'content') {
          result = await client.sign({ content: record.text, summary: summaryOf(record), certificateId });
        } else {
          const digest = await sha256Hex(new TextEncoder().encode(record.text));
          result = await client.signDigest({ digest, summary: summaryOf(record), certificateId });
        }
        const outcome = await store([
          { documentId: record.documentId, signature: result.signature, mode, signedAt: result.signedAt },
        ]);
        if (outcome.refused.length > 0)
          say(`服务器未接受签名：${outcome.refused.join('；')}`, { error: true });
        else say(`“${record.title}”已签名，服务器已验证（本系统验证器与 OpenSSL）并保存。`);
      } catch (error) {
        sayFailure('未签名：', error);
      }
    })(),
  );
}

async function signSelected(): Promise<void> {
  if (!bridge) return;
  const client = bridge;
  const chosen = new Set(
    Array.from(document.querySelectorAll<HTMLInputElement>('.select-record:checked'), (box) => box.value),
  );
  const records = patients
    .flatMap((patient) => patient.records)
    .filter((record) => chosen.has(record.documentId));
  if (records.length === 0) {
    say('请先选择要签名的记录。', { error: true });
    return;
  }
  const progress = element<HTMLProgressElement>('batch-progress');
  const button = element<HTMLButtonElement>('sign-selected');
  await track(
    (async () => {
      button.disabled = true;
      progress.hidden = false;
      progress.max = records.length;
      progress.value = 0;
      try {
        say(`请在医钥窗口中确认这 ${records.length} 份记录的签名。`);
        const items: BatchItem[] = records.map((record) => ({
          content: record.text,
          summary: summaryOf(record),
        }));
        const { results } = await client.signBatch(items, {
          certificateId,
          onProgress: ({ done, total }) => {
            progress.value = done;
            say(`正在签名 ${done}/${total}……`);
          },
        });
        const signed = results.flatMap((result) =>
          result.ok
            ? [
                {
                  documentId: result.documentId,
                  signature: result.signature,
                  mode: 'content' as const,
                  signedAt: '',
                },
              ]
            : [],
        );
        const failed = results.flatMap((result) =>
          result.ok ? [] : [`${result.documentId}：${describeFailure(result.error.code)}`],
        );
        const outcome = signed.length > 0 ? await store(signed) : { stored: 0, refused: [] };
        const problems = [...failed, ...outcome.refused];
        lastBatchOutcome = `此前的批量签名：${outcome.stored} 份已签名并保存，${problems.length} 份未签名。`;
        say(
          `批量签名完成：${outcome.stored} 份已签名并经服务器验证${problems.length > 0 ? `；${problems.length} 份未签名（${problems.join('；')}）` : '。'}`,
          { error: problems.length > 0 },
        );
      } catch (error) {
        sayFailure('批量签名未完成：', error);
      } finally {
        button.disabled = false;
        progress.hidden = true;
      }
    })(),
  );
}

async function start(): Promise<void> {
  bridgePort = (await emrServer.config()).bridgePort;
  // Every visit starts with a certificate login: a session without the key would outlive it.
  await emrServer.logout().catch(() => undefined);
  element('login').addEventListener('click', () => void logIn());
  element('logout').addEventListener('click', () => void logOut('您已退出登录。'));
  element('sign-selected').addEventListener('click', () => void signSelected());
  element<HTMLInputElement>('select-all').addEventListener('change', (event) => {
    const checked = (event.target as HTMLInputElement).checked;
    document.querySelectorAll<HTMLInputElement>('.select-record').forEach((box) => (box.checked = checked));
  });
  element('work-title').tabIndex = -1;
  showLoggedIn(false);
}

void start();
