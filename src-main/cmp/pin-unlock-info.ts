// The value of YiKey's PIN-unlock InfoTypeAndValue (OID_IT_YIKEY_PIN_UNLOCK) in genm and genp
// (docs/cmp-profile.md §PIN unlock): one schema for YiKey's client (lifecycle/pin-unlock.ts)
// and the reference backend. The SO PINs travel encrypted under a key derived from the unlock
// authorisation code, which only the holder and the backend know; the MAC from the same code
// protects the whole message.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

export const pinUnlockAction = { request: 0, rotated: 1 } as const;

/** genm: `request` asks for (or polls) the unlock; `rotated` reports the SO PIN was changed. */
export class PinUnlockRequest {
  @AsnProp({ type: AsnPropTypes.Integer })
  public action = 0;

  public constructor(params: Partial<PinUnlockRequest> = {}) {
    Object.assign(this, params);
  }
}

/** genp: PKIStatus (waiting / accepted / rejection), its words, and once approved the sealed PINs. */
export class PinUnlockStatus {
  @AsnProp({ type: AsnPropTypes.Integer })
  public status = 3;

  @AsnProp({ type: AsnPropTypes.Utf8String, repeated: 'sequence', optional: true })
  public statusString?: string[];

  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true })
  public checkAfter?: number;

  /** AES-256-GCM: 12-byte IV ‖ ciphertext of the DER of SoPins ‖ 16-byte tag. */
  @AsnProp({ type: AsnPropTypes.OctetString, context: 1, implicit: true, optional: true })
  public sealedSoPins?: ArrayBuffer;

  public constructor(params: Partial<PinUnlockStatus> = {}) {
    Object.assign(this, params);
  }
}

/** The key's current SO PIN (to log in as SO once) and the new one YiKey sets right after. */
export class SoPins {
  @AsnProp({ type: AsnPropTypes.Utf8String })
  public current = '';

  @AsnProp({ type: AsnPropTypes.Utf8String })
  public next = '';

  public constructor(params: Partial<SoPins> = {}) {
    Object.assign(this, params);
  }
}

const sealingKey = (code: Uint8Array, transactionId: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha256', code, transactionId, 'YiKey PIN unlock v1', 32));

export function sealSoPins(plain: Uint8Array, code: Uint8Array, transactionId: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(code, transactionId), iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

export function openSoPins(sealed: Uint8Array, code: Uint8Array, transactionId: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(code, transactionId), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
}
