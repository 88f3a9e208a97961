// SOF_VerifySignedData in the page: checks a detached CAdES signature (as YiKey makes them)
// over the data — the data's digest equals the signed messageDigest, and the signed attributes
// verify under the given certificate's key: RSA/P-256 with SHA-256 through WebCrypto, SM2 with
// SM3 through sm2-signature-check.ts (default user ID). Integrity only: whether the
// certificate is trusted is the EMR server's question (bridge-verifier), never the page's.
import { readCertificateFields } from './certificate-fields';
import { base64ToBytes, child, children, decodeOid, parseDer, tags, type DerElement } from './der-reader';
import { isSm2PublicKey, sm3, verifySm2Signature } from './sm2-signature-check';

const oids = {
  signedData: '1.2.840.113549.1.7.2',
  /** GB/T 35275 (GM/T 0010) signedData, which YiKey's gmt0010 option writes. */
  gmSignedData: '1.2.156.10197.6.1.4.2.2',
  sm3: '1.2.156.10197.1.401',
  /** SM2-with-SM3, SM2-1 and the bare curve OID: what Chinese CAs put in signatureAlgorithm. */
  sm2Signature: ['1.2.156.10197.1.501', '1.2.156.10197.1.301.1', '1.2.156.10197.1.301'],
  sha256: '2.16.840.1.101.3.4.2.1',
  messageDigest: '1.2.840.113549.1.9.4',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
};

interface SubtleLike {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
  importKey(
    format: 'spki',
    key: Uint8Array,
    algorithm: object,
    extractable: boolean,
    usages: string[],
  ): Promise<unknown>;
  verify(algorithm: object, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtle(): SubtleLike {
  const crypto = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto;
  if (!crypto?.subtle) throw new Error('WebCrypto is not available (the page must be https or loopback)');
  return crypto.subtle;
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

/** ECDSA-Sig-Value (DER) → r‖s, each 32 bytes, as WebCrypto wants for P-256. */
function ecdsaDerToRaw(der: Uint8Array): Uint8Array {
  const sequence = parseDer(der);
  const raw = new Uint8Array(64);
  [0, 1].forEach((index) => {
    let integer = child(sequence, index, tags.integer).value;
    while (integer.length > 32 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > 32) throw new Error('ECDSA integer too long');
    raw.set(integer, index * 32 + (32 - integer.length));
  });
  return raw;
}

function keyAlgorithm(spki: Uint8Array): { name: string; namedCurve?: string; hash?: string } {
  const algorithm = child(parseDer(spki), 0, tags.sequence);
  const keyOid = decodeOid(child(algorithm, 0, tags.oid).value);
  if (keyOid === oids.rsaEncryption) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (keyOid === oids.ecPublicKey && decodeOid(child(algorithm, 1, tags.oid).value) === oids.p256) {
    return { name: 'ECDSA', namedCurve: 'P-256' };
  }
  throw new Error(`unsupported key ${keyOid}`);
}

interface SignerParts {
  certificates: Uint8Array[];
  digestOid: string;
  signedAttributes: DerElement;
  signatureOid: string;
  signature: Uint8Array;
}

function readSigner(signatureDer: Uint8Array): SignerParts {
  const contentInfo = parseDer(signatureDer);
  const contentType = decodeOid(child(contentInfo, 0, tags.oid).value);
  if (contentType !== oids.signedData && contentType !== oids.gmSignedData) throw new Error('not SignedData');
  const signedData = child(child(contentInfo, 1, tags.context0), 0, tags.sequence);
  const parts = children(signedData);
  const certificateSet = parts.find((part) => part.tag === tags.context0);
  const signerInfos = parts[parts.length - 1]!;
  if (signerInfos.tag !== tags.set) throw new Error('no SignerInfos');
  const signerFields = children(child(signerInfos, 0, tags.sequence));
  // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, …
  const [, , digestAlgorithm, signedAttributes, signatureAlgorithm, signature] = signerFields;
  if (
    !digestAlgorithm ||
    !signedAttributes ||
    signedAttributes.tag !== tags.implicit0 ||
    !signatureAlgorithm ||
    !signature
  ) {
    throw new Error('SignerInfo without signed attributes');
  }
  return {
    certificates: certificateSet ? children(certificateSet).map((certificate) => certificate.bytes) : [],
    digestOid: decodeOid(child(digestAlgorithm, 0, tags.oid).value),
    signedAttributes,
    signatureOid: decodeOid(child(signatureAlgorithm, 0, tags.oid).value),
    signature: signature.value,
  };
}

function messageDigest(signedAttributes: DerElement): Uint8Array {
  const attribute = children(signedAttributes).find(
    (entry) => decodeOid(child(entry, 0, tags.oid).value) === oids.messageDigest,
  );
  if (!attribute) throw new Error('no messageDigest');
  return child(child(attribute, 1, tags.set), 0, tags.octetString).value;
}

/** True when `signatureBase64` is a valid signature of `data` by `certificateBase64`'s key. */
export async function checkDetachedSignature(
  certificateBase64: string,
  data: Uint8Array,
  signatureBase64: string,
): Promise<boolean> {
  try {
    const certificate = readCertificateFields(certificateBase64);
    const signer = readSigner(base64ToBytes(signatureBase64));
    if (!signer.certificates.some((embedded) => sameBytes(embedded, certificate.der))) return false;
    // The signature covers the attributes with the universal SET tag, not the [0] IMPLICIT one.
    const signedBytes = new Uint8Array(signer.signedAttributes.bytes);
    signedBytes[0] = tags.set;
    if (isSm2PublicKey(certificate.subjectPublicKeyInfo)) {
      if (signer.digestOid !== oids.sm3 || !oids.sm2Signature.includes(signer.signatureOid)) return false;
      if (!sameBytes(sm3(data), messageDigest(signer.signedAttributes))) return false;
      return verifySm2Signature(certificate.subjectPublicKeyInfo, signedBytes, signer.signature);
    }
    if (signer.digestOid !== oids.sha256) return false;
    const crypto = subtle();
    const dataDigest = new Uint8Array(await crypto.digest('SHA-256', data));
    if (!sameBytes(dataDigest, messageDigest(signer.signedAttributes))) return false;
    const algorithm = keyAlgorithm(certificate.subjectPublicKeyInfo);
    const expectedSignatureOid =
      algorithm.name === 'ECDSA' ? oids.ecdsaSha256 : [oids.rsaSha256, oids.rsaEncryption];
    if (![expectedSignatureOid].flat().includes(signer.signatureOid)) return false;
    const key = await crypto.importKey('spki', certificate.subjectPublicKeyInfo, algorithm, false, [
      'verify',
    ]);
    const value = algorithm.name === 'ECDSA' ? ecdsaDerToRaw(signer.signature) : signer.signature;
    return await crypto.verify({ name: algorithm.name, hash: 'SHA-256' }, key, value, signedBytes);
  } catch {
    return false;
  }
}
