// Errors the SDK hands to an EMR page: one class, one stable kebab-case code per cause, so the
// page branches on `error.code` and shows `error.message` (Chinese first, English after).
import { bridgeErrorCodes } from '../contract/bridge-constants';

/** Codes YiKey's service sends (JSON-RPC -32000, data.code) — docs/bridge.md "Error codes". */
export const serviceErrorCodes = bridgeErrorCodes;

/** Codes only the SDK produces (nothing answered, or not the way YiKey answers). */
export const clientErrorCodes = [
  'not-running',
  'local-network-denied',
  'protocol-mismatch',
  'connection-lost',
  'method-not-found',
  'invalid-request',
] as const;

export type BridgeErrorCode = (typeof serviceErrorCodes)[number] | (typeof clientErrorCodes)[number];

const knownCodes: ReadonlySet<string> = new Set([...serviceErrorCodes, ...clientErrorCodes]);

export function isBridgeErrorCode(code: unknown): code is BridgeErrorCode {
  return typeof code === 'string' && knownCodes.has(code);
}

/** Plain words for the doctor; the code goes behind 详细信息 in the EMR's own UI. */
export const bridgeErrorMessages: Record<BridgeErrorCode, { zh: string; en: string }> = {
  'origin-not-approved': {
    zh: '医钥尚未允许本网站使用证书，请在医钥窗口中同意。',
    en: 'YiKey has not allowed this website to use the certificate; approve it in the YiKey window.',
  },
  'user-cancelled': { zh: '您已在医钥中取消。', en: 'You cancelled in YiKey.' },
  'consent-timeout': {
    zh: '医钥中的确认已超时，未签名。',
    en: 'The confirmation in YiKey timed out; nothing was signed.',
  },
  'key-absent': { zh: '请插入USBKEY。', en: 'Insert your USBKEY.' },
  'key-removed': { zh: 'USBKEY已拔出，未签名。', en: 'The USBKEY was removed; nothing was signed.' },
  'pin-locked': {
    zh: 'PIN码已锁定，请联系本单位的证书管理员解锁。',
    en: 'The PIN is locked; ask your certificate administrator to unlock it.',
  },
  'certificate-expired': {
    zh: '证书已过期，不能签名，请续期。',
    en: 'The certificate has expired and cannot sign; renew it.',
  },
  'certificate-not-yet-valid': {
    zh: '证书尚未生效，不能签名。',
    en: 'The certificate is not valid yet and cannot sign.',
  },
  busy: {
    zh: '医钥正在等待您确认另一个请求。',
    en: 'YiKey is waiting for you to confirm another request.',
  },
  'rate-limited': { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  'too-large': { zh: '内容太大，无法签名。', en: 'The content is too large to sign.' },
  'invalid-params': { zh: '请求内容不正确。', en: 'The request is not valid.' },
  'pin-not-accepted': {
    zh: '网页不能传送PIN码，PIN码只在医钥中输入。',
    en: 'A web page cannot send a PIN; the PIN is typed in YiKey only.',
  },
  internal: { zh: '医钥内部出错，请重试。', en: 'YiKey had an internal error; try again.' },
  'not-running': {
    zh: '未连接到医钥，请确认医钥已启动。',
    en: 'Cannot reach YiKey; make sure it is running.',
  },
  'local-network-denied': {
    zh: '浏览器禁止本网站连接本机的医钥，请在网站设置中允许“本地网络访问”，或请信息科配置浏览器策略。',
    en: 'The browser blocks this site from reaching YiKey on this computer; allow local network access in the site settings, or ask IT to set the browser policy.',
  },
  'protocol-mismatch': {
    zh: '本机的服务不是医钥，或版本不兼容。',
    en: 'The local service is not YiKey, or its version is not compatible.',
  },
  'connection-lost': {
    zh: '与医钥的连接已断开。',
    en: 'The connection to YiKey was lost.',
  },
  'method-not-found': {
    zh: '此版本的医钥不支持该功能。',
    en: 'This version of YiKey does not offer that function.',
  },
  'invalid-request': { zh: '请求格式不正确。', en: 'The request is malformed.' },
};

export class YiKeyBridgeError extends Error {
  override readonly name = 'YiKeyBridgeError';
  readonly code: BridgeErrorCode;
  /** YiKey's own words, when it sent any (Chinese, then English). */
  readonly serviceMessage: string | undefined;

  constructor(code: BridgeErrorCode, serviceMessage?: string) {
    const words = bridgeErrorMessages[code];
    super(`${words.zh} ${words.en}`);
    this.code = code;
    this.serviceMessage = serviceMessage;
  }
}

// JSON-RPC 2.0 standard error codes.
const standardCodes: Record<number, BridgeErrorCode> = {
  [-32700]: 'invalid-request',
  [-32600]: 'invalid-request',
  [-32601]: 'method-not-found',
  [-32602]: 'invalid-params',
};

/** A JSON-RPC error object from the service → the error the page sees. */
export function errorFromResponse(error: unknown): YiKeyBridgeError {
  if (typeof error !== 'object' || error === null) return new YiKeyBridgeError('protocol-mismatch');
  const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown };
  const text = typeof message === 'string' ? message : undefined;
  const dataCode = typeof data === 'object' && data !== null ? (data as { code?: unknown }).code : undefined;
  if (isBridgeErrorCode(dataCode)) return new YiKeyBridgeError(dataCode, text);
  if (typeof code === 'number' && standardCodes[code]) return new YiKeyBridgeError(standardCodes[code], text);
  // An unknown application code from a newer YiKey: still an error the page can show.
  return new YiKeyBridgeError('internal', text);
}
