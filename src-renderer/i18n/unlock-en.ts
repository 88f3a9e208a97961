// PIN unlock from the locked-PIN screen (English). Same keys as unlock-zh-cn.ts.
export const unlockEn = {
  start: 'Request unlock',
  title: 'Request a PIN unlock',
  intro:
    'Ask your unit’s certificate administrator for an “unlock authorisation code”: they issue it in the certificate console and tell you the reference number and the code in person or by phone. The code works once.',
  reference: 'Reference number',
  referenceHint: 'The digits your administrator gave you',
  referenceInvalid: 'A reference number is 1 to 20 digits; type it as your administrator gave it',
  code: 'Authorisation code',
  codeHint: '12 letters and digits',
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
  rejected: 'Reason: {{reason}}',
  problem: 'This step did not go through yet; it is retried shortly:',
};
