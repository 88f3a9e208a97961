// The token host's SM2 input and output handling, pure: what each kind of mechanism is given,
// and what becomes of a token's answer (r ‖ s kept, DER converted, anything else refused).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2RawToDer } from '../../../src-main/sm2/sm2-signature';
import { knownSm2Numberings, type Sm2Mechanism } from '../../../src-main/token/sm2-numberings';
import { sm2MechanismInput, sm2SignatureAsRaw } from '../../../src-main/token/host/sm2-signing';

const sansec = knownSm2Numberings().find((numbering) => numbering.id === 'sansec')!;
const mechanism = (name: string): Sm2Mechanism => sansec.mechanisms.find((entry) => entry.name === name)!;
const z = new Uint8Array(32).fill(0x5a);
const message = new TextEncoder().encode('signed attributes');
const zAndMessage = Buffer.concat([z, message]);

describe('what each SM2 mechanism is given', () => {
  it('raw: e = SM3(Z ‖ M) computed in the host, or e as sent', () => {
    const e = createHash('sm3').update(zAndMessage).digest();
    expect(sm2MechanismInput(mechanism('CKM_SM2_SIGN_NO_DER'), 'sm2-message', zAndMessage)).toEqual(e);
    expect(sm2MechanismInput(mechanism('CKM_SM2_SIGN_NO_DER'), 'sm2', e)).toEqual(e);
  });

  it('SM3 without Z: Z ‖ M, so the token hashes exactly what SM2 signs', () => {
    expect(sm2MechanismInput(mechanism('CKM_SM3_SM2'), 'sm2-message', zAndMessage)).toEqual(zAndMessage);
  });

  it('SM3 with Z: M only, the token adds its own Z', () => {
    expect(sm2MechanismInput(mechanism('CKM_SM3_SM2_APPID1'), 'sm2-message', zAndMessage)).toEqual(
      Buffer.from(message),
    );
  });
});

describe("a token's SM2 answer", () => {
  const raw = new Uint8Array(64).fill(0x11);

  it('keeps r ‖ s and converts DER to r ‖ s', () => {
    expect(sm2SignatureAsRaw(mechanism('CKM_SM2_SIGN_NO_DER'), raw)).toEqual(raw);
    expect(sm2SignatureAsRaw(mechanism('CKM_SM2_SIGN'), sm2RawToDer(raw))).toEqual(raw);
  });

  it('refuses an answer in neither format, naming the mechanism', () => {
    for (const [name, answer] of [
      ['CKM_SM2_SIGN_NO_DER', new Uint8Array(63)],
      ['CKM_SM2_SIGN_NO_DER', sm2RawToDer(raw)],
      ['CKM_SM2_SIGN', raw],
      ['CKM_SM2_SIGN', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)],
    ] as const) {
      expect(() => sm2SignatureAsRaw(mechanism(name), answer)).toThrow(
        expect.objectContaining({
          code: 'operation-failed',
          details: expect.objectContaining({ mechanism: name }),
        }),
      );
    }
  });
});
