// PKIStatus and PKIFailureInfo (RFC 4210 §5.2.3) in words, for logs and 详细信息.
import type { PkiStatusInfo } from './asn1/cmp';

export const PkiStatus = {
  accepted: 0,
  grantedWithMods: 1,
  rejection: 2,
  waiting: 3,
  revocationWarning: 4,
  revocationNotification: 5,
  keyUpdateWarning: 6,
} as const;

const statusNames = Object.fromEntries(Object.entries(PkiStatus).map(([name, value]) => [value, name]));

const failureInfoNames = [
  'badAlg',
  'badMessageCheck',
  'badRequest',
  'badTime',
  'badCertId',
  'badDataFormat',
  'wrongAuthority',
  'incorrectData',
  'missingTimeStamp',
  'badPOP',
  'certRevoked',
  'certConfirmed',
  'wrongIntegrity',
  'badRecipientNonce',
  'timeNotAvailable',
  'unacceptedPolicy',
  'unacceptedExtension',
  'addInfoNotAvailable',
  'badSenderNonce',
  'badCertTemplate',
  'signerNotTrusted',
  'transactionIdInUse',
  'unsupportedVersion',
  'notAuthorized',
  'systemUnavail',
  'systemFailure',
  'duplicateCertReq',
];

export function statusName(status: number): string {
  return statusNames[status] ?? `status ${status}`;
}

/** Names of the PKIFailureInfo bits set (bit 0 is the first, most significant, bit). */
export function failureInfoList(info: PkiStatusInfo): string[] {
  if (!info.failInfo) return [];
  const bytes = new Uint8Array(info.failInfo.value);
  const names: string[] = [];
  bytes.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit++)
      if (byte & (0x80 >> bit)) names.push(failureInfoNames[index * 8 + bit] ?? `bit ${index * 8 + bit}`);
  });
  return names;
}

/** PKIFailureInfo with the named bits, as DER wants it (no trailing zero bits). */
export function failureInfoBits(names: string[]): { bytes: Uint8Array; unusedBits: number } {
  const positions = names.map((name) => failureInfoNames.indexOf(name)).filter((position) => position >= 0);
  const highest = Math.max(0, ...positions);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const position of positions) bytes[position >> 3]! |= 0x80 >> (position & 7);
  return { bytes, unusedBits: 7 - (highest & 7) };
}
