// Change of details and revocation (English): the two forms in My requests, their
// confirmations and warnings.
import type { formsZhCN } from './forms-zh-cn';

export const formsEn: typeof formsZhCN = {
  sectionTitle: 'Change or revoke a certificate',
  certificate: 'Certificate: {{name}} (USB key: {{label}})',
  cancel: 'Cancel',
  underWay: 'A request for this certificate is under way ({{kind}}); see below.',
  underWayElsewhere: 'A request for this certificate is under way ({{kind}}).',
  back: 'Go back and edit',
  change: {
    action: 'Request a change of details',
    title: 'Request a change of certificate details',
    intro: 'Fill in only what changes; leave the rest empty.',
    commonName: 'New name',
    department: 'New department',
    idNumber: 'New ID card number',
    current: 'Now: {{value}}',
    none: '(none)',
    idHint: '18 characters: 17 digits, then a digit or X.',
    problem: {
      empty: 'Fill in at least one detail to change.',
      length: 'Use 1 to 64 characters, without control characters.',
      idNumber: 'An ID card number has 18 characters: 17 digits, then a digit or X.',
      same: 'The certificate already says this: nothing to change.',
    },
    next: 'Next',
    confirmTitle: 'Confirm the change request',
    confirmChanges: 'You ask for:',
    confirmIntro: 'When you submit:',
    confirmKey:
      'YiKey creates a new key pair on your USB key; the new private key never leaves it. This can take from a few seconds to a minute.',
    confirmDocuments:
      "Your unit's certificate administrator checks your documents (proof of the new post or identity), then the information centre approves.",
    confirmKeep: 'Your current certificate keeps working until the new one is installed.',
    confirm: 'Submit the change request',
    working: 'Creating the new key on your USB key and sending the request. Keep the USB key plugged in…',
    done: 'Change request submitted. Follow it below.',
    doneElsewhere: 'Change request submitted. Follow it in My requests.',
    install: 'Install the new certificate',
  },
  revoke: {
    action: 'Request revocation',
    title: 'Request revocation of the certificate',
    reasonLegend: 'Reason',
    reason: {
      'key-leaked': 'Private key leaked',
      'identity-changed': 'Identity details changed',
      'job-change': 'Moving to another unit',
      leaving: 'Leaving the unit',
      retirement: 'Retirement',
    },
    reasonHint: {
      'key-leaked':
        'Someone else may have had or used your USB key or PIN. The certificate is revoked at once, without review.',
      'identity-changed': 'Your name or ID number changed and you do not ask for a change of details.',
      'job-change': "You move to another unit; this unit's certificate is no longer used.",
      leaving: 'You have left this unit.',
      retirement: 'You have retired.',
    },
    chooseReason: 'Choose a reason.',
    warningTitle: 'This cannot be undone',
    warningUndo: 'A revoked certificate cannot be restored or used again.',
    warningSign:
      'Once revoked, the key on this USB key no longer signs; the key is deleted from the USB key.',
    warningReview:
      "A revocation takes effect after your unit's administrator and the information centre approve; a leaked key is revoked at once.",
    lostKey:
      "A lost key cannot be revoked here: ask your unit's certificate administrator to revoke it in the console.",
    next: 'Next',
    confirmTitle: 'Confirm revocation',
    confirmReason: 'Reason: {{reason}}',
    confirmAgain: 'Revoke this certificate? This cannot be undone.',
    confirm: 'Revoke the certificate',
    working: 'Sending the revocation request. Keep the USB key plugged in…',
    done: 'Revocation request submitted. Follow it below.',
    doneElsewhere: 'Revocation request submitted. Follow it in My requests.',
  },
};
