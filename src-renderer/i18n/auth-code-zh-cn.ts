// The reference number and authorisation code from the unit's certificate administrator
// (Simplified Chinese), the same wherever they are typed (PIN码解锁, 补办证书, 撤回).
export const authCodeZhCN = {
  reference: '参考号',
  referenceHint: '本单位证书管理员告诉您的一串数字',
  referenceInvalid: '参考号是1到20位数字，请按管理员告诉您的重新输入',
  code: '授权码',
  codeHint: '本单位证书管理员告诉您的12位字母和数字',
};
