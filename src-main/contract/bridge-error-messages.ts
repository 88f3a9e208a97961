// What each bridge error code tells the page (and, through it, the doctor): Chinese first, then
// English in parentheses, in plain words. The code itself travels in error.data.code.
// Pure module.
import { jsonRpcErrorCodes, type BridgeError, type BridgeErrorCode } from './bridge-wire';

const bridgeMessages: Record<BridgeErrorCode, string> = {
  'origin-not-approved': '该网站尚未获得医钥授权 (This website is not approved in YiKey)',
  'user-cancelled': '证书持有人拒绝了该请求 (The holder refused the request)',
  'consent-timeout':
    '证书持有人未在2分钟内确认，未签名 (The holder did not answer within 2 minutes; nothing was signed)',
  'key-absent': '请插入USBKEY (Insert the USBKEY)',
  'key-removed': 'USBKEY已被拔出，未签名 (The USBKEY was removed; nothing was signed)',
  'pin-locked': 'PIN码已锁定，请联系证书服务机构 (The PIN is locked; contact the CA)',
  'certificate-expired': '证书已过期，无法签名 (The certificate has expired and cannot sign)',
  'certificate-not-yet-valid': '证书尚未生效，无法签名 (The certificate is not valid yet and cannot sign)',
  busy: '医钥正在等待证书持有人确认上一个请求 (YiKey is waiting for the holder to answer an earlier request)',
  'rate-limited': '请求过于频繁，请稍后再试 (Too many requests; try again later)',
  'too-large': '请求内容过大 (The request is too large)',
  'invalid-params': '请求参数不正确 (The request parameters are invalid)',
  'pin-not-accepted':
    '网页不能发送PIN码，请在医钥中输入 (A web page may not send a PIN; the holder types it in YiKey)',
  internal: '医钥内部错误，未签名 (Internal error in YiKey; nothing was signed)',
};

/** sign.digest with a digest the certificate's algorithm cannot sign (SM2 signs SM3 only). */
export function digestAlgorithmMismatchMessage(keyAlgorithm: string): string {
  return keyAlgorithm === 'SM2'
    ? '该证书为SM2证书，需要SM3摘要 (digestAlgorithm: "sm3") (This SM2 certificate needs an SM3 digest)'
    : '该证书需要SHA-256摘要 (digestAlgorithm: "sha256") (This certificate needs a SHA-256 digest)';
}

export function bridgeErrorMessage(code: BridgeErrorCode): string {
  return bridgeMessages[code];
}

/** The JSON-RPC error object for an application error (code -32000, data.code the stable code). */
export function bridgeApplicationError(code: BridgeErrorCode): BridgeError {
  const jsonRpcCode =
    code === 'invalid-params' ? jsonRpcErrorCodes.invalidParams : jsonRpcErrorCodes.application;
  return { code: jsonRpcCode, message: bridgeMessages[code], data: { code } };
}
