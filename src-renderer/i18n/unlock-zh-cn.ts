// PIN码解锁 from the locked-PIN screen (Simplified Chinese): where the reference number and
// authorisation code come from, what happens while the unit reviews, and the new PIN.
export const unlockZhCN = {
  start: '申请解锁',
  title: '申请PIN码解锁',
  intro:
    '请向本单位证书管理员索取“解锁授权码”：管理员在证书管理系统中为您开具后，会当面或电话告诉您参考号和授权码。授权码只能使用一次。',
  reference: '参考号',
  referenceHint: '管理员告诉您的一串数字',
  referenceInvalid: '参考号是1到20位数字，请按管理员告诉您的重新输入',
  code: '授权码',
  codeHint: '12位字母和数字',
  submit: '提交解锁申请',
  submitting: '正在提交…',
  cancel: '返回',
  waitingTitle: '解锁申请已提交',
  waiting: '正在等待本单位证书管理员审核。审核通过后，您就可以在这里设置新的PIN码。请不要关闭本窗口。',
  waitingStage: '当前进度：{{stage}}',
  approvedTitle: '已批准，请设置新的PIN码',
  approved: '新的PIN码设置后，USBKEY即解锁，以后请用新的PIN码登录。',
  setPin: '设置新PIN码并解锁',
  setting: '正在解锁USBKEY，请勿拔出…',
  done: 'USBKEY已解锁，正在用新的PIN码登录…',
  doneLoginFailed: 'USBKEY已解锁。请用新的PIN码登录。',
  rejectedTitle: '解锁申请未获批准',
  rejected: '原因：{{reason}}',
  problem: '暂时没有完成这一步，稍后会自动重试：',
};
