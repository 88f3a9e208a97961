// Independent SM2 verification for the virtual-key tests (sm2sign has a fuller test/helpers/openssl-sm2.ts;
// fold this into it once both are on main): e = SM3(Z ‖ M) is computed here with OpenSSL's SM3
// (`openssl dgst -sm3`) and the GM/T 0003 curve constants written out below, and the signature is
// checked with `openssl pkeyutl -verify` on that e. Never Node's crypto, never `openssl cms`
// (OpenSSL 3.0 defaults to an EMPTY user ID there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const defaultSm2Id = Buffer.from('1234567812345678');

// GM/T 0003.5 recommended curve (sm2p256v1): a, b, xG, yG.
const curve = Buffer.from(
  'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC' +
    '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' +
    '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7' +
    'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
  'hex',
);
const spkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

function openssl(args: string[], input?: Buffer): { status: number | null; stdout: Buffer; stderr: string } {
  const result = spawnSync('openssl', args, { input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** SM3 by the OpenSSL CLI. */
export function sm3(data: Buffer): Buffer {
  const result = openssl(['dgst', '-sm3', '-binary'], data);
  if (result.status !== 0) throw new Error(`openssl dgst -sm3: ${result.stderr}`);
  return result.stdout;
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the public point 04 ‖ xA ‖ yA. */
export function sm2Z(point: Buffer, id: Buffer = defaultSm2Id): Buffer {
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  return sm3(Buffer.concat([entl, id, curve, point.subarray(1)]));
}

/** e = SM3(Z ‖ M), the value an SM2 signature over M signs. */
export const sm2E = (point: Buffer, message: Buffer, id: Buffer = defaultSm2Id): Buffer =>
  sm3(Buffer.concat([sm2Z(point, id), message]));

/** r ‖ s (64 bytes) as DER SEQUENCE { INTEGER r, INTEGER s }. */
export function rsToDer(rs: Buffer): Buffer {
  const integer = (bytes: Buffer) => {
    let value = bytes;
    while (value.length > 1 && value[0] === 0 && !(value[1]! & 0x80)) value = value.subarray(1);
    if (value[0]! & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const body = Buffer.concat([integer(rs.subarray(0, 32)), integer(rs.subarray(32, 64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** The SM2 SubjectPublicKeyInfo of a point, as OpenSSL writes it. */
export const sm2SpkiDer = (point: Buffer): Buffer => Buffer.concat([spkiPrefix, point]);

/** The 65-byte point of a CKA_EC_POINT value (DER OCTET STRING 04 41 ‖ point). */
export const pointOfEcPoint = (ecPoint: Buffer): Buffer => ecPoint.subarray(-65);

/** `openssl pkeyutl -verify` of a DER signature over e with the public key (SPKI DER or PEM certificate). */
export function opensslVerifySm2E(
  key: { spki: Buffer } | { certificatePem: string },
  e: Buffer,
  signatureDer: Buffer,
): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yikey-sm2-verify-'));
  try {
    const keyFile = path.join(dir, 'key');
    const keyArgs =
      'spki' in key ? ['-pubin', '-keyform', 'DER', '-inkey', keyFile] : ['-certin', '-inkey', keyFile];
    writeFileSync(keyFile, 'spki' in key ? key.spki : key.certificatePem);
    writeFileSync(path.join(dir, 'e.bin'), e);
    writeFileSync(path.join(dir, 'sig.der'), signatureDer);
    const result = openssl([
      'pkeyutl',
      '-verify',
      ...keyArgs,
      '-in',
      path.join(dir, 'e.bin'),
      '-sigfile',
      path.join(dir, 'sig.der'),
    ]);
    const output = `${result.stdout.toString()}${result.stderr}`;
    return { ok: result.status === 0 && /Signature Verified Successfully/.test(output), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** OpenSSL's own SM2 signature of a message (dgst -sm3 -sign with the given ID), DER. */
export function opensslSignSm2(keyPemFile: string, message: Buffer, id: Buffer = defaultSm2Id): Buffer {
  const result = openssl(
    ['dgst', '-sm3', '-sign', keyPemFile, '-sigopt', `distid:${id.toString()}`],
    message,
  );
  if (result.status !== 0) throw new Error(`openssl dgst -sign: ${result.stderr}`);
  return result.stdout;
}

/** The SM2 public point (04 ‖ x ‖ y) in a PEM certificate or PEM private key file, read by OpenSSL. */
export function publicPointOf(file: { certificate: string } | { privateKey: string }): Buffer {
  const publicPem =
    'certificate' in file
      ? openssl(['x509', '-in', file.certificate, '-noout', '-pubkey'])
      : openssl(['pkey', '-in', file.privateKey, '-pubout']);
  if (publicPem.status !== 0) throw new Error(`openssl: ${publicPem.stderr}`);
  const der = openssl(['pkey', '-pubin', '-outform', 'DER'], publicPem.stdout);
  if (der.status !== 0 || !der.stdout.subarray(0, spkiPrefix.length).equals(spkiPrefix))
    throw new Error(`not an SM2 public key: ${der.stderr}`);
  return der.stdout.subarray(-65);
}
