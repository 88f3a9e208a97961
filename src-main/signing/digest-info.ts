// PKCS#11 CKM_RSA_PKCS only pads and encrypts: the caller must supply the DigestInfo that
// PKCS#1 v1.5 signing (RFC 8017 §9.2) would otherwise build around the hash.
// DigestInfo ::= SEQUENCE { AlgorithmIdentifier { id-sha256, NULL }, OCTET STRING (32 bytes) }:
// with a SHA-256 digest every byte before the digest is fixed (RFC 8017 §9.2 note 1 lists them).
const sha256DigestInfoPrefix = Uint8Array.of(
  0x30,
  0x31,
  0x30,
  0x0d,
  0x06,
  0x09,
  0x60,
  0x86,
  0x48,
  0x01,
  0x65,
  0x03,
  0x04,
  0x02,
  0x01,
  0x05,
  0x00,
  0x04,
  0x20,
);

/** DER DigestInfo { sha256 with NULL parameters (RFC 8017 note 1 of §9.2), digest }. */
export function sha256DigestInfo(digest: Uint8Array): Uint8Array {
  if (digest.byteLength !== 32) {
    throw new RangeError(`a SHA-256 digest is 32 bytes, got ${digest.byteLength}`);
  }
  const info = new Uint8Array(sha256DigestInfoPrefix.byteLength + 32);
  info.set(sha256DigestInfoPrefix);
  info.set(digest, sha256DigestInfoPrefix.byteLength);
  return info;
}
