// Renewal and My requests (English, second language); see requests-zh-cn.ts.
import type { requestsZhCN } from './requests-zh-cn';

type Same<T> = { [K in keyof T]: T[K] extends string ? string : Same<T[K]> };

export const requestsEn: Same<typeof requestsZhCN> = {
  title: 'My requests',
  refresh: 'Check status',
  refreshing: 'Asking the certificate service…',
  none: 'You have not made any certificate requests yet.',
  notConfigured:
    'No certificate service address is set, so renewal cannot be requested online yet. Ask your certificate administrator or the hospital IT department.',
  kind: {
    renew: 'Certificate renewal',
    change: 'Change of certificate details',
    revoke: 'Certificate revocation',
    reissue: 'Certificate re-issue',
    unlock: 'PIN unlock',
  },
  forKey: 'USB key: {{label}}',
  submittedAt: 'Submitted: {{date}}',
  updatedAt: 'Last update: {{date}}',
  steps: {
    label: 'Progress',
    submitted: 'Submitted',
    'unit-review': 'Unit review',
    'center-review': 'Information centre',
    issuing: 'Issuing',
    'ready-to-install': 'Ready to install',
    completed: 'Completed',
  },
  current: ' (current)',
  progress: {
    preparing: 'Preparing',
    submitted: 'Submitted',
    'unit-review': 'Unit review',
    'center-review': 'Information centre approval',
    issuing: 'Issuing',
    'ready-to-install': 'Ready to install',
    installing: 'Installing',
    completed: 'Completed',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
    failed: 'Not completed',
  },
  next: {
    preparing:
      'YiKey is creating the new key on your USB key and sending the request. Keep the key inserted.',
    submitted:
      'The request reached the certificate service and waits for your unit’s certificate administrator.',
    'unit-review':
      'Waiting for your unit’s certificate administrator. After that the information centre decides; YiKey checks the progress by itself.',
    'center-review': 'Your unit approved; waiting for the information centre.',
    issuing: 'Approved; the CA is making your new certificate.',
    'ready-to-install':
      'The new certificate is ready. Choose “Install renewed certificate” to put it on your USB key.',
    installing: 'Installing the new certificate and confirming receipt. Keep the USB key inserted.',
    completed: 'The new certificate is installed and ready to use. The old one is retired.',
    rejected:
      'The request was not approved. Your current certificate works until it expires. You can deal with the reason and submit again.',
    withdrawn: 'The request was withdrawn. Your current certificate works until it expires.',
    failed:
      'The request could not be completed; your current certificate works until it expires. Submit again or ask your certificate administrator.',
  },
  nextFor: {
    change: {
      issuing: 'Approved; the CA is making your certificate with the new details.',
      'ready-to-install':
        'The new certificate is ready. Choose “Install the new certificate” to put it on your USB key.',
      completed:
        'The certificate with your new details is installed and ready to use. The old one is retired.',
      rejected:
        'The change was not approved; your details stay as they are and your current certificate works until it expires. You can prepare what the reason asks for and request the change again.',
      withdrawn:
        'The change request was withdrawn; your details stay as they are and your current certificate works until it expires.',
      failed:
        'The change could not be completed; your current certificate works until it expires. Request the change again or ask your certificate administrator.',
    },
    revoke: {
      preparing:
        'YiKey is signing the revocation request with your USB key and sending it. Keep the key inserted.',
      issuing: 'Approved; the CA is revoking this certificate.',
      'ready-to-install': 'The certificate is revoked; YiKey will delete its key from your USB key.',
      installing:
        'The certificate is revoked; YiKey is deleting its key from your USB key. Keep the key inserted.',
      completed: 'The certificate is revoked; its key was deleted from your USB key and no longer signs.',
      rejected:
        'The revocation was not approved; the certificate stays valid. Ask your certificate administrator if in doubt.',
      withdrawn: 'The revocation request was withdrawn; the certificate stays valid.',
      failed:
        'The revocation could not be completed; the certificate is still valid. Request it again or ask your certificate administrator.',
    },
  },
  reason: 'Reason: {{reason}}',
  withdraw: 'Withdraw request',
  withdrawConfirm: {
    renew: 'Withdraw this renewal request? To renew later you will need to submit a new one.',
    change:
      'Withdraw this change request? Your details stay as they are; to change them later you will need to ask again.',
    revoke: 'Withdraw this revocation request? The certificate stays valid.',
    reissue:
      'Withdraw this re-issue request? To re-issue later you will need a new code from your certificate administrator.',
  },
  withdrawConfirmAny: 'Withdraw this request? To go ahead later you will need to submit it again.',
  withdrawYes: 'Withdraw',
  withdrawNo: 'Keep it',
  withdrawing: 'Withdrawing…',
  withdrawn: 'The request was withdrawn.',
  resubmit: 'Submit again',
  resubmitting: 'Submitting again; YiKey is creating a new key on your USB key…',
  install: 'Install renewed certificate',
  installing: 'Installing the new certificate. Keep the USB key inserted…',
  installed: 'The new certificate is installed and ready to use; see its validity in My certificates.',
  offerTitle: 'Your unit applied for your renewal',
  offerBody:
    'Your unit’s certificate administrator applied to renew the certificate of “{{name}}” (USB key: {{label}}). Choose the button below: YiKey creates a new key on the USB key and collects the new certificate.',
  offerInstall: 'Install renewed certificate',
  banner: {
    action: 'Request renewal',
    open: 'Renewal requested; progress: {{progress}}.',
    openLink: 'See My requests',
    confirmTitle: 'Request certificate renewal',
    confirmIntro: 'When you submit:',
    confirmKey:
      'YiKey creates a new key pair on your USB key; the new private key never leaves it. This can take from a few seconds to half a minute.',
    confirmKeep: 'Until the new certificate is installed, your current certificate works as before.',
    confirmReview:
      'Your unit’s certificate administrator reviews the request, then the information centre, then the CA issues. Follow it in My requests.',
    confirmCertificate: 'Certificate to renew: {{name}} (expires {{date}})',
    confirm: 'Request renewal',
    cancel: 'Cancel',
    working: 'Creating the new key on your USB key and submitting. Do not remove the USB key…',
  },
  close: 'Dismiss',
  settings: {
    title: 'Certificate service address',
    label: 'Certificate service (CA) address',
    hint: 'Used to request renewal online. It must start with https:// (http://127.0.0.1 only for a test on this computer).',
    inUse: 'In use: {{url}}',
    source: {
      environment: 'from an environment variable, for this run',
      policy: 'from the IT department’s policy file',
      setting: 'from this setting',
    },
    none: 'No certificate service address is set.',
    overridden: 'Note: the address in use is not the one entered here; this setting does not apply for now.',
    problem: {
      'not-url': 'Enter a full address, for example https://ca.example.gov.cn/',
      'not-https':
        'The address must start with https://; http is allowed only for this computer (127.0.0.1).',
    },
  },
};
