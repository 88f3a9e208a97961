// The one signature check of CMP protection and POP, for SM2: signatures OpenSSL made on
// e = SM3(Z ‖ M) it computed itself (default ID) verify; an empty-ID one, a changed message, a
// value that is not DER, and mismatched key/algorithm pairs are refused with their own outcome.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID_ECDSA_WITH_SHA256, OID_SM2_WITH_SM3 } from '../../../src-main/cmp/oids';
import { checkCmpSignature, keyAlgorithmOfSpki } from '../../../src-main/cmp/signature-check';
import {
  opensslSm2E,
  opensslSm2Key,
  opensslSm2PublicPoint,
  opensslSm2SignE,
} from '../../helpers/openssl-sm2';

const message = new TextEncoder().encode('ProtectedPart: header ‖ body');
let dir: string;
let keyPath: string;
let spki: Uint8Array;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yikey-cmp-sm2-'));
  keyPath = opensslSm2Key(dir, 'sender');
  spki = new Uint8Array(execFileSync('openssl', ['pkey', '-in', keyPath, '-pubout', '-outform', 'DER']));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkCmpSignature with SM2-with-SM3', () => {
  it('names the SM2 key and verifies a signature on e with the default ID', () => {
    expect(keyAlgorithmOfSpki(spki)).toBe('SM2');
    const value = opensslSm2SignE(keyPath, opensslSm2E(opensslSm2PublicPoint(keyPath), message));
    expect(checkCmpSignature(OID_SM2_WITH_SM3, spki, message, value)).toBe('verified');
    expect(checkCmpSignature(OID_SM2_WITH_SM3, spki, new Uint8Array([...message, 0]), value)).toBe(
      'bad-signature',
    );
  });

  it('refuses an empty-ID signature (what Node and OpenSSL 3.0 default to) and a value that is not DER', () => {
    const emptyId = opensslSm2SignE(keyPath, opensslSm2E(opensslSm2PublicPoint(keyPath), message, ''));
    expect(checkCmpSignature(OID_SM2_WITH_SM3, spki, message, emptyId)).toBe('bad-signature');
    expect(checkCmpSignature(OID_SM2_WITH_SM3, spki, message, new Uint8Array(64).fill(7))).toBe(
      'bad-signature',
    );
  });

  it('keeps algorithm and key together', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p256Spki = new Uint8Array(p256.publicKey.export({ type: 'spki', format: 'der' }));
    const ecdsa = new Uint8Array(sign('sha256', message, p256.privateKey));
    expect(checkCmpSignature(OID_ECDSA_WITH_SHA256, p256Spki, message, ecdsa)).toBe('verified');
    expect(checkCmpSignature(OID_SM2_WITH_SM3, p256Spki, message, ecdsa)).toBe('key-mismatch');
    expect(checkCmpSignature(OID_ECDSA_WITH_SHA256, spki, message, ecdsa)).toBe('key-mismatch');
    expect(checkCmpSignature('1.2.3.4', spki, message, ecdsa)).toBe('algorithm-not-accepted');
    expect(keyAlgorithmOfSpki(new Uint8Array([0x30, 0x00]))).toBeNull();
  });
});
