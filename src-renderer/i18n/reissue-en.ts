// Re-issue (补办证书) on a USB key that has no certificate (English).
export const reissueEn = {
  noCertificate: 'This USB key has no certificate yet.',
  offer:
    'If your USB key was lost or damaged, you can get your certificate again on this new key. First ask your unit’s certificate administrator for a re-issue reference number and authorisation code.',
  start: 'Re-issue certificate',
  title: 'Re-issue certificate',
  introWhere:
    'Your unit’s certificate administrator issues the reference number and authorisation code in the certificate management system and tells you them in person or by phone. The code works once and for 7 days.',
  introKey:
    'YiKey will create a new key pair on this USB key; the new private key never leaves it. This can take from a few seconds to a minute.',
  introReview:
    'Your unit’s certificate administrator reviews the request, then the information centre approves it and the certificate is issued. Follow it in My requests and press “Install certificate” once it is ready.',
  introOld:
    'The old certificate on the lost key is withdrawn by the certificate service once the new one is installed (if the administrator has not revoked it already).',
  submit: 'Submit re-issue request',
  cancel: 'Cancel',
  working: 'Creating the new key on the USB key and sending the request; do not remove the USB key…',
  submitted: 'Your re-issue request was sent and waits for your unit’s certificate administrator.',
  codeKept:
    'The authorisation code is kept safely in the system keychain, so YiKey checks the progress by itself; it is deleted when the request ends.',
  codeNotKept:
    'There is no system keychain on this computer, so YiKey did not keep the code: you will type it again to check the progress or install the certificate.',
  openRequests: 'Open My requests',
  install: 'Install certificate',
  next: {
    'ready-to-install':
      'The new certificate is ready. Press “Install certificate” to write it to this USB key.',
    completed: 'The re-issued certificate is installed and ready to use.',
    rejected: 'The re-issue was not approved. Ask your certificate administrator about the reason.',
    withdrawn:
      'The re-issue request was withdrawn. To re-issue after all, ask your certificate administrator.',
    failed: 'The re-issue could not be completed; ask your certificate administrator.',
  },
  codeAgain: 'Type the authorisation code (reference {{reference}}) again to continue:',
  continue: 'Continue',
  continuing: 'Continuing…',
  withdrawCode:
    'Withdrawing the re-issue needs its authorisation code (reference {{reference}}): no system keychain kept it here, so type it again.',
  withdrawSubmit: 'Withdraw request',
};
