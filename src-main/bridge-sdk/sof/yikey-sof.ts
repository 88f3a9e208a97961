// yikey-sof.js: a GM/T 0020-style SOF interface on top of the YiKey bridge, so a HIS that
// already has one adapter per CA client adds YiKey with one more thin adapter
// (`var core = YiKeySOF; core.SOF_GetUserList(...)`). Mapping of each function: docs/bridge.md.
// Every function returns a Promise and, like the WebSocket editions of the CA clients, also
// calls a callback passed as its last argument. Failures give the SOF failure value ('' or
// false) and SOF_GetLastError() tells the stable bridge error code.
import { YiKeyBridgeError } from '../bridge-error';
import { connect, type ConnectOptions } from '../connect';
import type { YiKeyBridgeClient } from '../yikey-bridge-client';
import type { SignSummary } from '../wire-types';
import { checkDetachedSignature } from './cms-signature-check';
import { bytesToBase64 } from './der-reader';
import { certInfo, formatUserList, sgdCertItems } from './sof-strings';

export { sgdCertItems };
export const {
  SGD_CERT_VERSION,
  SGD_CERT_SERIAL,
  SGD_CERT_ISSUER,
  SGD_CERT_VALID_TIME,
  SGD_CERT_SUBJECT,
  SGD_CERT_ISSUER_CN,
  SGD_CERT_ISSUER_O,
  SGD_CERT_ISSUER_OU,
  SGD_CERT_SUBJECT_CN,
  SGD_CERT_SUBJECT_O,
  SGD_CERT_SUBJECT_OU,
  SGD_CERT_SUBJECT_EMAIL,
  SGD_CERT_NOTBEFORE_TIME,
  SGD_CERT_NOTAFTER_TIME,
} = sgdCertItems;

type Callback<T> = (result: T) => void;

let connectOptions: ConnectOptions = {};
let client: Promise<YiKeyBridgeClient> | null = null;
let lastError = '';
let nextSummary: SignSummary | null = null;
const keyChangeCallbacks = new Set<(event: string) => void>();

/** Port and socket options for the connection the shim opens on first use. */
export function configure(options: ConnectOptions): void {
  connectOptions = options;
  client = null;
}

function bridge(): Promise<YiKeyBridgeClient> {
  client ??= connect(connectOptions).then((connected) => {
    for (const event of ['key.inserted', 'key.removed', 'session.locked'] as const) {
      connected.on(event, () => keyChangeCallbacks.forEach((callback) => callback(event)));
    }
    connected.on('disconnected', () => {
      client = null;
    });
    return connected;
  });
  client.catch(() => {
    client = null; // try again on the next call (YiKey may have been started meanwhile)
  });
  return client;
}

async function run<T>(failure: T, action: () => Promise<T>, callback: unknown): Promise<T> {
  let result: T;
  try {
    result = await action();
    lastError = '';
  } catch (error) {
    lastError = error instanceof YiKeyBridgeError ? error.code : 'internal';
    result = failure;
  }
  if (typeof callback === 'function') (callback as Callback<T>)(result);
  return result;
}

export function SOF_GetLastError(): string {
  return lastError;
}

export function SOF_GetVersion(callback?: Callback<string>): Promise<string> {
  return run('', async () => `YiKey ${(await bridge()).hello.protocol}`, callback);
}

/** `张三||certId&&&…`, one entry per signing certificate on the inserted keys; '' when none. */
export function SOF_GetUserList(callback?: Callback<string>): Promise<string> {
  return run(
    '',
    async () => {
      const certificates = await (await bridge()).listCertificates();
      return formatUserList(certificates.map((entry) => ({ name: entry.subject, certId: entry.id })));
    },
    callback,
  );
}

/** Base64 DER of the certificate with this id; '' when there is none. */
export function SOF_ExportUserCert(certId: string, callback?: Callback<string>): Promise<string> {
  return run(
    '',
    async () => {
      const certificates = await (await bridge()).listCertificates();
      const found = certificates.find((entry) => entry.id === certId);
      if (!found) throw new YiKeyBridgeError('key-absent');
      return found.certificate;
    },
    callback,
  );
}

/** Pure: reads the certificate in the page (no call to YiKey). '' for an unknown item. */
export function SOF_GetCertInfo(
  certificate: string,
  item: number,
  callback?: Callback<string>,
): Promise<string> {
  return run('', async () => certInfo(certificate, item), callback);
}

/**
 * Opens YiKey's own login (consent and PIN prompt in YiKey's window). A PIN the page passes is
 * ignored and never sent: YiKey refuses any PIN from a page.
 */
export function SOF_Login(certId: string, _pin?: unknown, callback?: Callback<boolean>): Promise<boolean> {
  if (typeof _pin === 'function' && callback === undefined) callback = _pin as Callback<boolean>;
  return run(
    false,
    async () => {
      const nonce = bytesToBase64(randomBytes(32)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      await (await bridge()).login(nonce, { certificateId: certId });
      return true;
    },
    callback,
  );
}

/**
 * YiKey extension: the clinical context YiKey shows for the next SOF_SignData. Without it the
 * holder sees 未提供病历信息 (no record information given) next to the text to be signed.
 */
export function SOF_SetSignSummary(summary: SignSummary | null): void {
  nextSummary = summary;
}

const unknownSummary = (): SignSummary => ({
  patient: '未提供',
  recordType: '未提供',
  title: '未提供病历信息',
  documentId: `sof-${Date.now()}`,
});

/** Base64 DER of a detached CAdES-BES signature (CMS) over the UTF-8 bytes of inData. */
export function SOF_SignData(certId: string, inData: string, callback?: Callback<string>): Promise<string> {
  const summary = nextSummary ?? unknownSummary();
  nextSummary = null;
  return run(
    '',
    async () => (await (await bridge()).sign({ content: inData, summary, certificateId: certId })).signature,
    callback,
  );
}

/** Checks a SOF_SignData signature in the page (integrity and signer key, not trust). */
export function SOF_VerifySignedData(
  certificate: string,
  inData: string,
  signature: string,
  callback?: Callback<boolean>,
): Promise<boolean> {
  return run(
    false,
    () => checkDetachedSignature(certificate, new TextEncoder().encode(inData), signature),
    callback,
  );
}

function randomBytes(length: number): Uint8Array {
  const crypto = (globalThis as { crypto?: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;
  if (!crypto) throw new YiKeyBridgeError('internal');
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Base64 of `length` random bytes from the browser (1..4096). */
export function SOF_GenRandom(length: number, callback?: Callback<string>): Promise<string> {
  return run(
    '',
    async () => {
      if (!Number.isInteger(length) || length < 1 || length > 4096)
        throw new YiKeyBridgeError('invalid-params');
      return bytesToBase64(randomBytes(length));
    },
    callback,
  );
}

/**
 * Called with 'key.inserted', 'key.removed' or 'session.locked'; re-read SOF_GetUserList then.
 * On key.removed / session.locked the EMR should log the doctor out.
 */
export function SOF_SetKeyChangeCallback(callback: ((event: string) => void) | null): void {
  keyChangeCallbacks.clear();
  if (callback) keyChangeCallbacks.add(callback);
  if (callback) void bridge().catch(() => undefined);
}
