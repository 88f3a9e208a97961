// 补办证书 on a USBKEY that has no certificate (Simplified Chinese): where the reference number
// and authorisation code come from, what happens on the key, and what comes next.
export const reissueZhCN = {
  noCertificate: '这把USBKEY中还没有数字证书。',
  offer:
    'USBKEY丢失或损坏后，可以在这把新的USBKEY上补办证书。需要先向本单位证书管理员索取补办的参考号和授权码。',
  start: '补办证书',
  title: '补办证书',
  introWhere:
    '参考号和授权码由本单位证书管理员在证书管理系统中为您开具，会当面或电话告诉您。授权码只能使用一次，7天内有效。',
  introKey: '提交后，医钥会在这把USBKEY中生成一对新密钥，新私钥不会离开USBKEY。这可能需要几秒到几十秒。',
  introReview:
    '申请会依次经本单位证书管理员审核、信息中心审批，然后制证。进度可在“我的申请”中查看，批准后点击“安装证书”。',
  introOld: '丢失的USBKEY上的旧证书，会在新证书安装后由证书服务停用（若管理员尚未注销）。',
  submit: '提交补办申请',
  cancel: '取消',
  working: '正在USBKEY中生成新密钥并提交补办申请，请不要拔出USBKEY…',
  submitted: '补办申请已提交，等待本单位证书管理员审核。',
  codeKept: '授权码已安全保存在系统钥匙串中，医钥会在后台自动查询进度；申请结束后会自动删除。',
  codeNotKept: '本机没有可用的系统钥匙串，医钥没有保存授权码：之后查询进度或安装证书时，需要再次输入授权码。',
  openRequests: '查看我的申请',
  install: '安装证书',
  // What happens next on the 我的申请 card, where a renewal's words would be wrong (no old certificate here).
  next: {
    'ready-to-install': '新证书已制作完成。请点击“安装证书”，将它写入这把USBKEY。',
    completed: '补办的证书已安装，可以正常使用。',
    rejected: '补办申请未获批准。请按驳回理由联系本单位证书管理员。',
    withdrawn: '补办申请已撤回。如仍需补办，请联系本单位证书管理员。',
    failed: '补办未能完成，请联系本单位证书管理员。',
  },
  codeAgain: '请再次输入授权码（参考号 {{reference}}）以继续：',
  continue: '继续',
  continuing: '正在继续…',
  withdrawCode: '撤回补办申请需要它的授权码（参考号 {{reference}}）：本机没有系统钥匙串保存它，请再次输入。',
  withdrawSubmit: '撤回申请',
};
