// A certificate taken apart by `openssl asn1parse` (independent of our ASN.1 code): the DER of
// tbsCertificate and the signature value, so an SM2 certificate signature can be checked with
// `openssl pkeyutl -verify` on e = SM3(Z ‖ tbs) (OpenSSL 3.0's `verify` would use an empty ID).
import { spawnSync } from 'node:child_process';
import { opensslSm2E, opensslSm2PublicPoint, opensslSm2VerifyE } from './openssl-sm2';

export function opensslCertificateParts(certificateDer: Uint8Array): {
  tbs: Uint8Array;
  signature: Uint8Array;
} {
  const result = spawnSync('openssl', ['asn1parse', '-inform', 'DER'], { input: certificateDer });
  if (result.status !== 0) throw new Error(`openssl asn1parse: ${result.stderr.toString()}`);
  const topLevel = result.stdout
    .toString()
    .split('\n')
    .map((line) => /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)\s+(?:prim|cons):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ offset: +match[1]!, header: +match[2]!, length: +match[3]!, text: match[4]! }));
  const [tbs, , signature] = topLevel;
  if (!tbs || !signature?.text.startsWith('BIT STRING')) throw new Error('not a certificate');
  return {
    tbs: certificateDer.slice(tbs.offset, tbs.offset + tbs.header + tbs.length),
    // The BIT STRING's first content byte counts unused bits (0 for a signature).
    signature: certificateDer.slice(
      signature.offset + signature.header + 1,
      signature.offset + signature.header + signature.length,
    ),
  };
}

/** Whether the SM2 certificate `certificateDer` was signed by the key of `issuerPemPath` (default ID). */
export function opensslSm2CertificateSignatureOk(
  workDir: string,
  certificateDer: Uint8Array,
  issuerPemPath: string,
): boolean {
  const { tbs, signature } = opensslCertificateParts(certificateDer);
  const e = opensslSm2E(opensslSm2PublicPoint(issuerPemPath), tbs);
  return opensslSm2VerifyE(workDir, issuerPemPath, e, signature).ok;
}
