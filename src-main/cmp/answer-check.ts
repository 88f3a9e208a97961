// Every answer is checked the same way before any field is used (RFC 9483 §3.5): it decodes,
// has pvno 2 or 3, belongs to our transaction, echoes our nonce, and is protected by someone we
// trust — a certificate that chains to the configured CA, or the shared secret we used. Only
// then is an error body turned into a rejection, and only the body kinds we expect pass.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { buildCertificateChain } from '../certs/certificate-chain';
import type { PkiStatusInfo } from './asn1/cmp';
import { CmpError } from './cmp-error';
import { decodePkiMessage, type BodyKind, type DecodedMessage } from './message-codec';
import { failureInfoList, statusName } from './pki-status';
import { protectionKind, verifyMacProtection, verifySignatureProtection } from './protection';

export type AnswerProtection =
  /** The sender's certificate (extraCerts[0]) must chain to one of these at `at`. */
  | { kind: 'signature'; trustedDer: Uint8Array[]; at: Date }
  /**
   * The shared secret we used; with `orSignedBy`, an answer signed by the CA is taken too: a
   * backend that could not check our MAC (wrong authorisation code) cannot answer with it.
   */
  | { kind: 'mac'; secret: Uint8Array; orSignedBy?: { trustedDer: Uint8Array[]; at: Date } };

export interface ExpectedAnswer {
  transactionID: Uint8Array;
  /** The senderNonce of our request: the answer's recipNonce. */
  senderNonce: Uint8Array;
  kinds: BodyKind[];
  protection: AnswerProtection;
  maxBytes?: number;
}

export async function checkAnswer(der: Uint8Array, expected: ExpectedAnswer): Promise<DecodedMessage> {
  const decoded = decodePkiMessage(der, expected.maxBytes);
  const { header } = decoded.message;
  if (header.pvno !== 2 && header.pvno !== 3)
    throw new CmpError('cmp-bad-pvno', `pvno ${header.pvno} is not cmp2000 (2) or cmp2021 (3)`);
  if (!sameBytes(header.transactionID, expected.transactionID))
    throw new CmpError('cmp-transaction-mismatch', 'The answer belongs to another transaction');
  if (!sameBytes(header.recipNonce, expected.senderNonce))
    throw new CmpError('cmp-nonce-mismatch', 'The answer does not carry our nonce (recipNonce)');
  await checkProtection(decoded, expected.protection);
  if (decoded.kind === 'error') {
    const content = decoded.message.body.error!;
    throw rejection(content.pKIStatusInfo, [...(content.errorDetails ?? [])]);
  }
  if (!expected.kinds.includes(decoded.kind))
    throw new CmpError(
      'cmp-unexpected-body',
      `Expected ${expected.kinds.join(' or ')}, received ${decoded.kind}`,
    );
  return decoded;
}

async function checkProtection(decoded: DecodedMessage, protection: AnswerProtection): Promise<void> {
  const kind = protectionKind(decoded);
  if (kind === 'none') throw new CmpError('cmp-protection-missing', 'The answer is not protected');
  if (protection.kind === 'mac' && kind === 'signature' && protection.orSignedBy)
    return checkProtection(decoded, { kind: 'signature', ...protection.orSignedBy });
  if (protection.kind === 'mac') {
    if (kind !== 'mac')
      throw new CmpError('cmp-protection-invalid', 'Expected MAC protection, received a signature');
    verifyMacProtection(decoded, protection.secret);
    return;
  }
  if (kind !== 'signature')
    throw new CmpError('cmp-protection-invalid', 'Expected a signature, received MAC protection');
  const [senderCertificate, ...others] = (decoded.message.extraCerts ?? []).map(
    (cert) => new Uint8Array(cert),
  );
  if (!senderCertificate)
    throw new CmpError(
      'cmp-protection-invalid',
      'The answer does not carry the certificate that protects it',
    );
  verifySignatureProtection(decoded, senderCertificate);
  checkSenderName(decoded, senderCertificate);
  const chain = await buildCertificateChain({
    certificateDer: senderCertificate,
    trustedDer: protection.trustedDer,
    candidateDer: others,
    at: protection.at,
  });
  if (chain.status !== 'trusted')
    throw new CmpError('cmp-protection-invalid', `The answer's signer is not trusted (${chain.status})`, [], {
      problems: chain.problems.map((problem) => problem.code).join(','),
    });
}

/** The header's sender must be the subject of the certificate whose key signed (RFC 4210 §5.1.1). */
function checkSenderName(decoded: DecodedMessage, certificateDer: Uint8Array): void {
  const subject = AsnConvert.parse(certificateDer, Certificate).tbsCertificate.subject;
  const sender = decoded.message.header.sender.directoryName;
  if (
    !sender ||
    !sameBytes(AsnSerializer.serialize(sender), new Uint8Array(AsnSerializer.serialize(subject)))
  )
    throw new CmpError(
      'cmp-protection-invalid',
      'The header names a sender other than the signing certificate',
    );
}

/** A PKIStatusInfo that says no, as an error carrying the peer's own words. */
export function rejection(info: PkiStatusInfo, extraText: string[] = []): CmpError {
  const text = [...(info.statusString ?? []), ...extraText];
  const failures = failureInfoList(info);
  return new CmpError(
    'cmp-rejected',
    `The server answered ${statusName(info.status)}${failures.length ? ` (${failures.join(', ')})` : ''}`,
    text,
    {
      status: info.status,
      failInfo: failures.join(','),
    },
  );
}

function sameBytes(a: ArrayBuffer | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((byte, index) => byte === b[index]);
}
