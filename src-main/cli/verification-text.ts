// What `yikey verify` prints and how it exits, per outcome. Scripts branch on the exit code:
// 0 only when the signature is valid and the signer is vouched for by a trusted CA; 3 when the
// file is intact but nobody vouches for the signer (2 is taken by usage errors); 1 otherwise.
import type { SignatureVerification, VerificationOutcome } from '../holder/verify-signature';

export const verifyExitCodes: Record<VerificationOutcome, number> = {
  valid: 0,
  'not-verified': 3,
  invalid: 1,
};

function verdictLine(result: SignatureVerification): string {
  switch (result.outcome) {
    case 'valid':
      return '签名有效 Signature valid: 文件未被修改，签名人证书由受信任的CA颁发 (file unchanged, signer certified by a trusted CA)';
    case 'not-verified':
      return result.chain === 'not-checked'
        ? '签名完好，但签名人身份未经验证：未指定受信任的CA证书（请用 --ca 指定）\n' +
            'Signature intact, signer NOT verified: no trusted CA given (use --ca)'
        : '签名完好，但签名人身份未经验证：签名证书不是由受信任的CA颁发的\n' +
            "Signature intact, signer NOT verified: the signer's certificate does not chain to a trusted CA";
    case 'invalid':
      return '签名无效 Signature INVALID';
  }
}

export function verificationText(result: SignatureVerification): string {
  const signer = [result.signer.subject.commonName, result.signer.subject.organization].join(', ');
  const lines = [
    verdictLine(result),
    `  signer: ${signer}`,
    `  signing time: ${result.signingTime ?? '-'}`,
    // Until signatures carry a trusted timestamp, the time is whatever the signer's clock said.
    '    (签名人电脑自行记录的时间，不是可信时间戳 the signer’s own claim, not a trusted timestamp)',
    `  integrity: ${result.integrity}, chain: ${result.chain}` +
      `, certificate valid at signing time: ${result.certificateValidAtSigningTime}`,
  ];
  if (result.problems.length > 0) lines.push(`  problems: ${result.problems.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
