// PKIMessage protection (RFC 4210 §5.1.3): a signature with the sender's key, or a password-based
// MAC (PBM) from a shared secret. Both cover the DER of ProtectedPart { header, body }; on
// receipt it is rebuilt from the bytes the peer sent, never from our re-encoding.
import { AsnConvert, AsnSerializer } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PbmParameter, ProtectedPart, type PkiBody, type PkiHeader, PkiMessage } from './asn1/cmp';
import { CmpError } from './cmp-error';
import type { DecodedMessage } from './message-codec';
import {
  hashByOid,
  hmacByOid,
  OID_ECDSA_WITH_SHA256,
  OID_HMAC_WITH_SHA256,
  OID_PASSWORD_BASED_MAC,
  OID_SHA256,
  OID_SHA256_WITH_RSA,
  OID_SM2_WITH_SM3,
} from './oids';
import { checkCmpSignature, type CmpKeyAlgorithm } from './signature-check';

/**
 * Signs what is protected with a key that may live on a token. RSA and EC sign its SHA-256:
 * PKCS#1 v1.5, or a DER ECDSA-Sig-Value. SM2 signs the message itself, because e = SM3(Z ‖ M)
 * needs the signer's Z: the answer is the DER SEQUENCE { r, s } over e with the default user ID.
 */
export type ProtectionSigner =
  | { keyAlgorithm: 'RSA' | 'EC'; sign(sha256Digest: Uint8Array): Promise<Uint8Array> }
  | { keyAlgorithm: 'SM2'; signSm2(message: Uint8Array): Promise<Uint8Array> };

/** The signature value over `message` (the DER that protection or POP covers). */
export function signWith(signer: ProtectionSigner, message: Uint8Array): Promise<Uint8Array> {
  if (signer.keyAlgorithm === 'SM2') return signer.signSm2(message);
  return signer.sign(createHash('sha256').update(message).digest());
}

/** Limits from OpenSSL (crmf_pbm.c): fewer is weak, more is a denial of service. */
export const PBM_MIN_ITERATIONS = 100;
export const PBM_MAX_ITERATIONS = 100_000;
const PBM_DEFAULT_ITERATIONS = 10_000;
const PBM_MAX_SALT_BYTES = 64;

export function signatureAlgorithmFor(keyAlgorithm: CmpKeyAlgorithm): AlgorithmIdentifier {
  // RSA carries an explicit NULL parameter; ECDSA and SM2-with-SM3 none (RFC 5754 §3.2,
  // RFC 5758 §3.2, GM/T 0010 §6.1).
  if (keyAlgorithm === 'RSA')
    return new AlgorithmIdentifier({ algorithm: OID_SHA256_WITH_RSA, parameters: null });
  return new AlgorithmIdentifier({
    algorithm: keyAlgorithm === 'SM2' ? OID_SM2_WITH_SM3 : OID_ECDSA_WITH_SHA256,
  });
}

export function protectedPartDer(headerDer: Uint8Array, bodyDer: Uint8Array): Uint8Array {
  const part = new ProtectedPart({ header: toArrayBuffer(headerDer), body: toArrayBuffer(bodyDer) });
  return new Uint8Array(AsnSerializer.serialize(part));
}

/** Sets protectionAlg, signs, and returns the message with the signer's certificates in extraCerts. */
export async function signMessage(
  header: PkiHeader,
  body: PkiBody,
  signer: ProtectionSigner,
  extraCerts: Uint8Array[],
): Promise<PkiMessage> {
  header.protectionAlg = signatureAlgorithmFor(signer.keyAlgorithm);
  const signature = await signWith(signer, protectedPartOf(header, body));
  return new PkiMessage({
    header,
    body,
    protection: toArrayBuffer(signature),
    extraCerts: extraCerts.length > 0 ? extraCerts.map(toArrayBuffer) : undefined,
  });
}

export function macMessage(
  header: PkiHeader,
  body: PkiBody,
  secret: Uint8Array,
  options: { iterations?: number; salt?: Uint8Array } = {},
): PkiMessage {
  const parameter = new PbmParameter({
    salt: toArrayBuffer(options.salt ?? randomBytes(16)),
    owf: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
    iterationCount: options.iterations ?? PBM_DEFAULT_ITERATIONS,
    mac: new AlgorithmIdentifier({ algorithm: OID_HMAC_WITH_SHA256 }),
  });
  header.protectionAlg = new AlgorithmIdentifier({
    algorithm: OID_PASSWORD_BASED_MAC,
    parameters: AsnSerializer.serialize(parameter),
  });
  const mac = pbmMac(parameter, secret, protectedPartOf(header, body));
  return new PkiMessage({ header, body, protection: toArrayBuffer(mac) });
}

export type ProtectionKind = 'signature' | 'mac' | 'none';

export function protectionKind(decoded: DecodedMessage): ProtectionKind {
  const algorithm = decoded.message.header.protectionAlg?.algorithm;
  if (!algorithm || !decoded.message.protection) return 'none';
  return algorithm === OID_PASSWORD_BASED_MAC ? 'mac' : 'signature';
}

/** Checks a signature-protected message against the given certificate (DER). */
export function verifySignatureProtection(decoded: DecodedMessage, certificateDer: Uint8Array): void {
  const { header, protection } = decoded.message;
  const oid = header.protectionAlg?.algorithm ?? '';
  if (!protection) throw new CmpError('cmp-protection-missing', 'The message carries no protection');
  let spki: Uint8Array;
  try {
    const certificate = AsnConvert.parse(certificateDer, Certificate);
    spki = new Uint8Array(AsnSerializer.serialize(certificate.tbsCertificate.subjectPublicKeyInfo));
  } catch {
    throw new CmpError(
      'cmp-protection-invalid',
      'The protection certificate is not a readable X.509 certificate',
    );
  }
  const part = protectedPartDer(decoded.headerDer, decoded.bodyDer);
  const outcome = checkCmpSignature(oid, spki, part, new Uint8Array(protection));
  if (outcome === 'algorithm-not-accepted')
    throw new CmpError('cmp-protection-missing', `Protection algorithm ${oid || '(none)'} is not accepted`);
  if (outcome === 'key-mismatch')
    throw new CmpError('cmp-protection-invalid', `Protection algorithm ${oid} does not fit the sender's key`);
  if (outcome !== 'verified')
    throw new CmpError('cmp-protection-invalid', 'The signature protecting the message does not verify');
}

/** Checks a PBM-protected message against the shared secret. */
export function verifyMacProtection(decoded: DecodedMessage, secret: Uint8Array): void {
  const { header, protection } = decoded.message;
  if (header.protectionAlg?.algorithm !== OID_PASSWORD_BASED_MAC || !protection)
    throw new CmpError('cmp-protection-missing', 'The message is not protected with a password-based MAC');
  const parametersDer = header.protectionAlg.parameters;
  if (!parametersDer) throw new CmpError('cmp-malformed', 'PBMParameter is missing');
  let parameter: PbmParameter;
  try {
    parameter = AsnConvert.parse(parametersDer, PbmParameter);
  } catch {
    throw new CmpError('cmp-malformed', 'PBMParameter is not readable');
  }
  const expected = pbmMac(parameter, secret, protectedPartDer(decoded.headerDer, decoded.bodyDer));
  const received = new Uint8Array(protection);
  if (received.byteLength !== expected.byteLength || !timingSafeEqual(received, expected))
    throw new CmpError('cmp-protection-invalid', 'The MAC protecting the message does not verify');
}

function pbmMac(parameter: PbmParameter, secret: Uint8Array, data: Uint8Array): Uint8Array {
  const owf = hashByOid[parameter.owf.algorithm];
  const mac = hmacByOid[parameter.mac.algorithm];
  if (!owf || !mac)
    throw new CmpError(
      'cmp-protection-missing',
      `PBM with ${parameter.owf.algorithm}/${parameter.mac.algorithm} is not accepted`,
    );
  const iterations = Number(parameter.iterationCount);
  if (!Number.isInteger(iterations) || iterations < PBM_MIN_ITERATIONS || iterations > PBM_MAX_ITERATIONS)
    throw new CmpError(
      'cmp-protection-invalid',
      `PBM iteration count ${parameter.iterationCount} is outside ${PBM_MIN_ITERATIONS}..${PBM_MAX_ITERATIONS}`,
    );
  if (parameter.salt.byteLength > PBM_MAX_SALT_BYTES)
    throw new CmpError('cmp-malformed', `PBM salt of ${parameter.salt.byteLength} bytes is too long`);
  // RFC 4210 §5.1.3.1: BASEKEY = OWF(secret || salt), then OWF applied iterationCount - 1 more times.
  let key = createHash(owf).update(secret).update(new Uint8Array(parameter.salt)).digest();
  for (let round = 1; round < iterations; round++) key = createHash(owf).update(key).digest();
  return new Uint8Array(createHmac(mac, key).update(data).digest());
}

function protectedPartOf(header: PkiHeader, body: PkiBody): Uint8Array {
  return protectedPartDer(
    new Uint8Array(AsnSerializer.serialize(header)),
    new Uint8Array(AsnSerializer.serialize(body)),
  );
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
