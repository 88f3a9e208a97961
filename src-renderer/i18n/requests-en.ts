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
  reason: 'Reason: {{reason}}',
  withdraw: 'Withdraw request',
  withdrawConfirm: 'Withdraw this renewal request? To renew later you will need to submit a new one.',
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
