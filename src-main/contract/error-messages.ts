// What each error code means to a holder, in Simplified Chinese (default) and English.
// The CLI prints these; the renderer's i18n uses the same table. Details (tries left) are
// filled in by describeError.
import type { ErrorCode, ErrorDetails } from './error-codes';

export type Language = 'zh-CN' | 'en';

const messages: Record<ErrorCode, { 'zh-CN': string; en: string }> = {
  'pin-incorrect': { 'zh-CN': 'PIN码错误', en: 'Wrong PIN' },
  'pin-locked': {
    'zh-CN': 'PIN码已锁定，请联系证书服务机构办理PIN码解锁',
    en: 'The PIN is locked; ask your CA for a PIN unlock',
  },
  'pin-len-range': { 'zh-CN': 'PIN码长度不符合要求', en: 'The PIN length is not accepted' },
  'pin-invalid': {
    'zh-CN': 'PIN码只能包含英文字母、数字和英文符号，请检查输入法是否处于中文或全角状态',
    en: 'A PIN holds only English letters, digits and ASCII symbols; check that Chinese or full-width input is off',
  },
  'pin-expired': {
    'zh-CN': '请先修改初始PIN码以激活USBKEY',
    en: 'Change the initial PIN to activate the key first',
  },
  'pin-policy': { 'zh-CN': '新PIN码不符合安全要求', en: 'The new PIN does not meet the rules' },
  'not-logged-in': { 'zh-CN': '请先输入PIN码登录', en: 'Log in with your PIN first' },
  'token-removed': {
    'zh-CN': 'USBKEY已被拔出，操作未完成',
    en: 'The USBKEY was removed; nothing was completed',
  },
  'token-not-present': { 'zh-CN': '请插入USBKEY', en: 'Insert your USBKEY' },
  'token-not-found': { 'zh-CN': '未找到指定的USBKEY', en: 'That USBKEY was not found' },
  'token-unrecognized': { 'zh-CN': '无法识别该USBKEY', en: 'The USBKEY was not recognised' },
  'token-write-protected': { 'zh-CN': 'USBKEY处于写保护状态', en: 'The USBKEY is write-protected' },
  'key-not-found': {
    'zh-CN': 'USBKEY中没有与证书对应的私钥',
    en: 'No private key for this certificate on the key',
  },
  'certificate-not-found': { 'zh-CN': '未找到数字证书', en: 'No certificate found' },
  'certificate-not-for-signing': {
    'zh-CN': '这是加密证书，不能用于签名，请选择签名证书',
    en: 'This is an encryption certificate; it cannot sign. Choose the signing certificate',
  },
  'certificate-ambiguous': {
    'zh-CN': '有多个数字证书，请指定要使用的证书',
    en: 'Several certificates: choose one',
  },
  // The same words as the renewal banner: the holder meets one explanation, not two.
  'certificate-expired': {
    'zh-CN': '该数字证书已过期，无法再用于签名。请联系本单位证书管理员申请证书续期。',
    en: 'This certificate has expired and can no longer sign. Contact your certificate administrator.',
  },
  'certificate-not-yet-valid': {
    'zh-CN': '该数字证书尚未生效，暂时不能用于签名。请在生效时间之后再签名，或联系本单位证书管理员。',
    en: 'This certificate is not valid yet and cannot sign before its start date. Contact your certificate administrator if in doubt.',
  },
  'mechanism-unsupported': { 'zh-CN': '该密钥不支持此算法', en: 'The key does not support this algorithm' },
  'module-not-found': {
    'zh-CN': '未找到USBKEY驱动（PKCS#11模块）',
    en: 'USBKEY driver (PKCS#11 module) not found',
  },
  'module-not-pkcs11': { 'zh-CN': '该文件不是PKCS#11模块', en: 'That file is not a PKCS#11 module' },
  'module-path-relative': {
    'zh-CN': 'USBKEY驱动文件的路径必须是完整路径',
    en: 'The USBKEY driver (PKCS#11 module) path must be a full path',
  },
  'module-file-unsafe': {
    'zh-CN':
      '为安全起见未加载该驱动文件：它或它所在的文件夹可被其他用户或程序修改。请使用由管理员安装在系统目录中的驱动',
    en: 'For your safety this driver file was not loaded: it, or a folder it is in, can be changed by other users or programs. Use a driver installed by an administrator in a system folder',
  },
  'module-load-failed': { 'zh-CN': 'USBKEY驱动加载失败', en: 'The USBKEY driver failed to load' },
  'module-crashed': {
    'zh-CN': 'USBKEY驱动意外退出，已自动重启',
    en: 'The USBKEY driver stopped and was restarted',
  },
  'module-timeout': {
    'zh-CN': 'USBKEY长时间无响应，已重新连接',
    en: 'The USBKEY stopped answering and was reconnected',
  },
  'device-error': { 'zh-CN': 'USBKEY设备错误', en: 'The USBKEY reported a device error' },
  'device-memory': { 'zh-CN': 'USBKEY存储空间不足', en: 'The USBKEY is out of memory' },
  'operation-failed': { 'zh-CN': '操作失败', en: 'The operation failed' },
  'invalid-input': { 'zh-CN': '输入无效', en: 'Invalid input' },
  'file-unreadable': { 'zh-CN': '无法读取文件', en: 'The file cannot be read' },
  'file-too-large': { 'zh-CN': '文件太大，无法签名或验证', en: 'The file is too large to sign or verify' },
  'file-write-failed': { 'zh-CN': '无法写入文件', en: 'The file cannot be written' },
  'trusted-ca-unreadable': {
    'zh-CN': '无法读取该CA证书文件',
    en: 'That CA certificate file cannot be read',
  },
  'trusted-ca-no-certificate': {
    'zh-CN': '该文件中没有PEM格式的证书',
    en: 'That file holds no PEM certificate',
  },
  'trusted-ca-not-ca': {
    'zh-CN': '该文件中的证书不是CA证书，不能作为受信任的根证书',
    en: 'A certificate in that file is not a CA certificate and cannot be trusted as one',
  },
  'trusted-ca-not-file': {
    'zh-CN': '该路径不是普通文件，不能作为CA证书文件',
    en: 'That path is not a regular file, so it cannot be a CA certificate file',
  },
  'trusted-ca-too-large': {
    'zh-CN': '该文件太大（超过1 MB），不是CA证书文件',
    en: 'That file is too large (over 1 MB) to be a CA certificate file',
  },
  'certificate-malformed': {
    'zh-CN': 'USBKEY中的证书格式不规范，无法用于签名，请联系证书服务机构（CA）',
    en: 'The certificate on the USBKEY is not well-formed and cannot be used to sign; contact your CA',
  },
  'key-certificate-mismatch': {
    'zh-CN': 'USBKEY中的密钥与证书不匹配，签名未生成，请联系证书服务机构（CA）',
    en: 'The key on the USBKEY does not match its certificate; no signature was made. Contact your CA',
  },
  'pem-malformed': {
    'zh-CN': '文件中没有PEM格式的证书（应以“-----BEGIN CERTIFICATE-----”开头）',
    en: 'The file holds no PEM certificate (it should start with “-----BEGIN CERTIFICATE-----”)',
  },
  'signature-malformed': { 'zh-CN': '签名文件格式错误', en: 'The signature file is malformed' },
  'backend-not-configured': {
    'zh-CN': '未设置证书服务地址，请联系本单位证书管理员',
    en: 'No certificate service address is set; ask your certificate administrator',
  },
  'backend-unreachable': {
    'zh-CN': '暂时连不上证书服务，申请已保存，稍后会自动重试',
    en: 'The certificate service cannot be reached now; the request is saved and will be retried',
  },
  'backend-answer-invalid': {
    'zh-CN': '证书服务的答复无法确认真实性，已忽略，未做任何更改',
    en: 'The answer from the certificate service could not be verified; it was ignored and nothing changed',
  },
  'request-rejected': { 'zh-CN': '申请被驳回', en: 'The request was rejected' },
  'issued-certificate-invalid': {
    'zh-CN': '收到的新证书与本USBKEY不符，未安装，原证书继续有效',
    en: 'The new certificate does not match this USBKEY; it was not installed and the current one stays valid',
  },
  'request-busy': {
    'zh-CN': '该申请正在另一个窗口或程序中处理',
    en: 'This request is being handled by another window or program',
  },
  'request-not-found': { 'zh-CN': '未找到该申请', en: 'That request was not found' },
  'request-not-withdrawable': {
    'zh-CN': '该申请已在制证或已办结，不能再撤回',
    en: 'This request is already being issued or has ended; it can no longer be withdrawn',
  },
  'authorisation-code-unusable': {
    'zh-CN': '该授权码已使用或已过期，请向本单位证书管理员重新申请',
    en: 'This authorisation code has been used or has expired; ask your certificate administrator for a new one',
  },
  'request-code-needed': {
    'zh-CN': '系统钥匙串不可用，请再次输入该申请的授权码以继续',
    en: 'No system keychain is available; enter the authorisation code of this request again to continue',
  },
  'unlock-code-incorrect': {
    'zh-CN': '参考号或授权码不对，请核对本单位证书管理员给您的授权码后重试',
    en: 'The reference number or authorisation code is wrong; check the code your certificate administrator gave you and try again',
  },
  'so-pin-incorrect': {
    'zh-CN': 'USBKEY未接受解锁信息，PIN码未更改，请联系本单位证书管理员',
    en: 'The USBKEY did not accept the unlock information; the PIN was not changed. Contact your certificate administrator',
  },
  cancelled: { 'zh-CN': '操作已取消', en: 'Cancelled' },
  'internal-error': { 'zh-CN': '内部错误', en: 'Internal error' },
};

function triesSentence(details: ErrorDetails, language: Language): string {
  if (details.triesLeft === 1) return language === 'zh-CN' ? '，仅剩最后一次机会' : '; one try left';
  if (details.triesLeft === 0) return language === 'zh-CN' ? '，PIN码已锁定' : '; the PIN is now locked';
  if (typeof details.triesLeft === 'number') {
    return language === 'zh-CN' ? `，还剩 ${details.triesLeft} 次机会` : `; ${details.triesLeft} tries left`;
  }
  // CKF_USER_PIN_COUNT_LOW means "at least one wrong try since the last right one", not "few left":
  // say only that, in the same words as the login screen's note.
  if (details.countLow) {
    return language === 'zh-CN'
      ? '。此前已有输错记录，多次输错将锁定USBKEY'
      : '. Wrong PINs have been entered before; more will lock the USBKEY';
  }
  return '';
}

function namesItsFile(code: ErrorCode): boolean {
  return code.startsWith('trusted-ca-') || code === 'module-path-relative' || code === 'module-file-unsafe';
}

/** A one-line explanation for the holder, including tries left for PIN errors. */
export function describeError(code: ErrorCode, details: ErrorDetails, language: Language): string {
  const base = messages[code][language];
  if (code === 'pin-incorrect') return base + triesSentence(details, language);
  // The limit is the useful part: the holder can tell at once which files will go through.
  if (code === 'file-too-large' && typeof details.maxBytes === 'number') {
    const megabytes = Math.floor(details.maxBytes / (1024 * 1024));
    return language === 'zh-CN'
      ? `${base}：每个文件不能超过 ${megabytes} MB`
      : `${base}: at most ${megabytes} MB per file`;
  }
  if (
    code === 'pin-len-range' &&
    typeof details.minLength === 'number' &&
    typeof details.maxLength === 'number'
  ) {
    return language === 'zh-CN'
      ? `${base}：应为${details.minLength}–${details.maxLength}位`
      : `${base}: use ${details.minLength}–${details.maxLength} characters`;
  }
  // Several CA files may be configured, and a module path may come from a flag, the
  // environment or the settings: the holder must see which file was refused.
  if (namesItsFile(code) && typeof details.path === 'string') {
    return language === 'zh-CN' ? `${base}：${details.path}` : `${base}: ${details.path}`;
  }
  // The reviewer's own words are the point of a rejection (单位/信息中心 give a reason).
  if (code === 'request-rejected' && typeof details.reason === 'string' && details.reason) {
    return language === 'zh-CN' ? `${base}：${details.reason}` : `${base}: ${details.reason}`;
  }
  return base;
}
