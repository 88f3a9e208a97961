// What the demo EMR says to the doctor, in plain Chinese; codes go behind 详细信息.
import { bridgeErrorMessages, isBridgeErrorCode } from '../../../src-main/bridge-sdk';

const serverReasons: Record<string, string> = {
  'origin-mismatch': '登录签名不是为本网站生成的。',
  'nonce-mismatch': '登录已过期，请重新登录。',
  'nonce-unknown': '登录已过期，请重新登录。',
  stale: '登录签名时间与服务器相差过大，请检查电脑时间。',
  'untrusted-certificate': '证书不是本院信任的CA签发的。',
  'certificate-expired': '证书已过期。',
  'certificate-mismatch': '签名证书不是当前登录医生的证书。',
  'content-changed': '签名内容与病历不一致。',
  'openssl-refused': '服务器复核签名未通过。',
  'not-logged-in': '登录已失效，请重新登录。',
};

/** A sentence for the doctor and the code for 详细信息. */
export function describeFailure(code: string): string {
  if (isBridgeErrorCode(code)) return bridgeErrorMessages[code].zh;
  return serverReasons[code] ?? '操作未完成，请重试。';
}
