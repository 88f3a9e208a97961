// PIN unlock from the locked-PIN screen (English). Same keys as unlock-zh-cn.ts.
export const unlockEn = {
  start: 'Request unlock',
  title: 'Request a PIN unlock',
  intro:
    'Ask your unit’s certificate administrator for an “unlock authorisation code”: they issue it in the certificate console and tell you the reference number and the code in person or by phone. The code works once.',
  submit: 'Send the unlock request',
  submitting: 'Sending…',
  cancel: 'Back',
  waitingTitle: 'Unlock request sent',
  waiting:
    'Waiting for your certificate administrator to approve. Once approved you set a new PIN here. Please keep this window open.',
  waitingStage: 'Now: {{stage}}',
  approvedTitle: 'Approved: set a new PIN',
  approved: 'Once the new PIN is set the USBKEY is unlocked; log in with the new PIN from then on.',
  setPin: 'Set the new PIN and unlock',
  setting: 'Unlocking the USBKEY, do not remove it…',
  done: 'The USBKEY is unlocked; logging in with the new PIN…',
  doneLoginFailed: 'The USBKEY is unlocked. Log in with the new PIN.',
  rejectedTitle: 'The unlock request was not approved',
  failedTitle: 'The last unlock could not be completed.',
  rejected: 'Reason: {{reason}}',
  problem: 'This step did not go through yet; it is retried shortly:',
  next: {
    preparing: 'The unlock request has not reached the certificate service yet; YiKey tries again.',
    submitted: 'The unlock request arrived; waiting for your certificate administrator.',
    'unit-review':
      'Waiting for your certificate administrator. Stay on the “PIN locked” page; once approved you set a new PIN there.',
    'center-review': 'Waiting for approval.',
    issuing: 'Approved; the certificate service prepares the unlock.',
    'ready-to-install': 'Approved. On the “PIN locked” page, enter the code and set a new PIN.',
    installing: 'Unlocking the USBKEY; keep it inserted.',
    completed: 'The USBKEY is unlocked; log in with the new PIN.',
    rejected: 'The unlock request was not approved; contact your certificate administrator.',
    withdrawn: 'The unlock request was withdrawn.',
    failed: 'The unlock did not complete; contact your certificate administrator.',
  },
};
