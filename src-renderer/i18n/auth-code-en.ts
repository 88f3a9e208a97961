// The reference number and authorisation code from the unit's certificate administrator
// (English), the same wherever they are typed (PIN unlock, re-issue, withdrawal).
export const authCodeEn = {
  reference: 'Reference number',
  referenceHint: 'The digits your unit’s certificate administrator gave you',
  referenceInvalid: 'A reference number is 1 to 20 digits; type it again as your administrator gave it',
  code: 'Authorisation code',
  codeHint: 'The 12 letters and digits your unit’s certificate administrator gave you',
};
