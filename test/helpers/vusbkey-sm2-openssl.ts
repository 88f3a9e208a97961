// What the virtual key's SM2 tests need on top of openssl-sm2.ts (SM3, Z and e by OpenSSL,
// `pkeyutl -verify`): Buffer-shaped wrappers, r ‖ s → DER, the SPKI of a CKA_EC_POINT, and
// `pkeyutl -verify` with a bare public key (keys made by C_GenerateKeyPair have no certificate).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  defaultSm2Id,
  opensslSm2E,
  opensslSm2PublicPoint,
  opensslSm2VerifyE,
  opensslSm3,
} from './openssl-sm2';

const spkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

export const sm3 = (data: Buffer): Buffer => Buffer.from(opensslSm3(data));

/** e = SM3(Z ‖ M) by OpenSSL, Z with `id` (default 1234567812345678). */
export const sm2E = (point: Buffer, message: Buffer, id: Buffer = Buffer.from(defaultSm2Id)): Buffer =>
  Buffer.from(opensslSm2E(point, message, id.toString('latin1')));

/** The SM2 public point (04 ‖ x ‖ y) of a PEM certificate or private key file, read by OpenSSL. */
export const publicPointOf = (pemPath: string): Buffer => Buffer.from(opensslSm2PublicPoint(pemPath));

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

/** `openssl pkeyutl -verify` of a DER signature on e, with a certificate file or a bare SPKI. */
export function opensslVerifySm2E(
  key: { spki: Buffer } | { certificateFile: string },
  e: Buffer,
  signatureDer: Buffer,
): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yikey-sm2-verify-'));
  try {
    if ('certificateFile' in key) return opensslSm2VerifyE(dir, key.certificateFile, e, signatureDer);
    writeFileSync(path.join(dir, 'key.der'), key.spki);
    writeFileSync(path.join(dir, 'e.bin'), e);
    writeFileSync(path.join(dir, 'sig.der'), signatureDer);
    const result = spawnSync(
      'openssl',
      [
        ...['pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', 'key.der'],
        ...['-in', 'e.bin', '-sigfile', 'sig.der'],
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
