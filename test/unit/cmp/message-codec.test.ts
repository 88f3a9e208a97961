// The codec and protection of the CMP layer on messages we build, and its refusals of malformed
// input: each hostile input gets its own specific code, never a crash or a half-read message.
import { AsnSerializer } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildCertReqMsg,
  buildHeader,
  certificateResponseBody,
  checkAnswer,
  CmpError,
  decodePkiMessage,
  encodePkiMessage,
  enrollmentBody,
  errorBody,
  macMessage,
  MAX_PKI_MESSAGE_BYTES,
  newTransactionId,
  pollRepBody,
  readEnrollmentAnswer,
  revocationBody,
  verifyMacProtection,
} from '../../../src-main/cmp/index';
import { rsaDigestSigner } from '../../helpers/cmp-test-pki';

const nameDer = new Uint8Array(AsnSerializer.serialize(new Name()));
const secret = new TextEncoder().encode('授权码-123456');

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof CmpError) return error.code;
    throw error;
  }
  return 'no error';
}

async function codeOfAsync(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof CmpError) return error.code;
    throw error;
  }
  return 'no error';
}

function answerTo(
  request: { transactionID: Uint8Array; senderNonce: Uint8Array },
  body = pollRepBody(5, ['单位审核中']),
) {
  const header = buildHeader({
    senderNameDer: nameDer,
    recipientNameDer: nameDer,
    transactionID: request.transactionID,
    recipNonce: request.senderNonce,
  });
  return encodePkiMessage(macMessage(header, body, secret, { iterations: 500 }));
}

describe('CMP message codec', () => {
  it('round-trips a kur with POP and an rr with its CRLReason', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const request = await buildCertReqMsg({
      subjectDer: nameDer,
      publicKeyDer: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
      oldCertificate: { issuerDer: nameDer, serialNumber: new Uint8Array([0x12, 0x34]) },
      newKeySigner: rsaDigestSigner(privateKey),
    });
    const header = buildHeader({
      senderNameDer: nameDer,
      recipientNameDer: nameDer,
      transactionID: newTransactionId(),
    });
    const der = encodePkiMessage(
      macMessage(header, enrollmentBody('kur', request), secret, { iterations: 100 }),
    );
    const decoded = decodePkiMessage(der);
    expect(decoded.kind).toBe('kur');
    expect(decoded.message.body.kur?.[0]?.certReq.controls?.[0]?.type).toBe('1.3.6.1.5.5.7.5.1.5');
    expect(encodePkiMessage(decoded.message)).toEqual(der);
    verifyMacProtection(decoded, secret);

    const rr = revocationBody({
      issuerDer: nameDer,
      serialNumber: new Uint8Array([1]),
      reason: 'keyCompromise',
    });
    const rrDer = encodePkiMessage(
      macMessage(
        buildHeader({ senderNameDer: nameDer, recipientNameDer: nameDer, transactionID: newTransactionId() }),
        rr,
        secret,
        { iterations: 100 },
      ),
    );
    expect(decodePkiMessage(rrDer).message.body.rr?.[0]?.crlEntryDetails?.[0]?.extnID).toBe('2.5.29.21');
  });

  it('refuses malformed DER with specific codes', () => {
    const header = buildHeader({
      senderNameDer: nameDer,
      recipientNameDer: nameDer,
      transactionID: newTransactionId(),
    });
    const der = encodePkiMessage(macMessage(header, pollRepBody(1), secret, { iterations: 100 }));
    expect(codeOf(() => decodePkiMessage(new Uint8Array(0)))).toBe('cmp-malformed');
    expect(codeOf(() => decodePkiMessage(der.subarray(0, der.length - 3)))).toBe('cmp-malformed');
    expect(codeOf(() => decodePkiMessage(new Uint8Array([...der, 0])))).toBe('cmp-malformed');
    expect(codeOf(() => decodePkiMessage(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x02])))).toBe(
      'cmp-malformed',
    );
    expect(codeOf(() => decodePkiMessage(new Uint8Array(MAX_PKI_MESSAGE_BYTES + 1)))).toBe('cmp-too-large');
    // The body's tag follows the header (found by its DER length, not by searching: the random
    // transactionID and nonces may hold the same byte).
    const outerLength = derLengthAt(der, 1);
    const headerAt = 1 + outerLength.size;
    const headerLength = derLengthAt(der, headerAt + 1);
    const bodyTagAt = headerAt + 1 + headerLength.size + headerLength.length;
    expect(der[bodyTagAt]).toBe(0xba); // [26] constructed: pollRep
    const unsupported = der.slice();
    unsupported[bodyTagAt] = 0xb4; // [20] nested
    expect(codeOf(() => decodePkiMessage(unsupported))).toBe('cmp-unsupported-body');
  });

  it('checks transactionID, recipNonce, protection and turns an error body into the server\u2019s words', async () => {
    const request = { transactionID: newTransactionId(), senderNonce: new Uint8Array(16).fill(7) };
    const expected = {
      ...request,
      kinds: ['pollRep' as const, 'kup' as const],
      protection: { kind: 'mac' as const, secret },
    };
    const outcome = readEnrollmentAnswer(await checkAnswer(answerTo(request), expected));
    expect(outcome).toEqual({ kind: 'waiting', checkAfterSeconds: 5, statusText: ['单位审核中'] });

    expect(
      await codeOfAsync(() =>
        checkAnswer(answerTo({ ...request, transactionID: newTransactionId() }), expected),
      ),
    ).toBe('cmp-transaction-mismatch');
    expect(
      await codeOfAsync(() =>
        checkAnswer(answerTo({ ...request, senderNonce: new Uint8Array(16) }), expected),
      ),
    ).toBe('cmp-nonce-mismatch');
    expect(
      await codeOfAsync(() =>
        checkAnswer(answerTo(request), {
          ...expected,
          protection: { kind: 'mac', secret: new Uint8Array([1]) },
        }),
      ),
    ).toBe('cmp-protection-invalid');
    const tampered = answerTo(request);
    tampered[tampered.length - 1]! ^= 1;
    expect(await codeOfAsync(() => checkAnswer(tampered, expected))).toBe('cmp-protection-invalid');

    const refused = answerTo(request, errorBody(['信息中心驳回：证件照片不清晰']));
    const error = await checkAnswer(refused, expected).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CmpError);
    expect((error as CmpError).code).toBe('cmp-rejected');
    expect((error as CmpError).peerText).toEqual(['信息中心驳回：证件照片不清晰']);

    const rejected = answerTo(
      request,
      certificateResponseBody('kup', { status: 'rejected', text: ['单位驳回：已离职'] }),
    );
    const decoded = await checkAnswer(rejected, expected);
    expect(() => readEnrollmentAnswer(decoded)).toThrow(
      expect.objectContaining({ code: 'cmp-rejected', peerText: ['单位驳回：已离职'] }),
    );
    expect(
      await codeOfAsync(() => checkAnswer(answerTo(request, errorBody(['x'])).slice(0, 20), expected)),
    ).toBe('cmp-malformed');
  });
});

/** A DER length field at `at`: the length it states and how many bytes the field takes. */
function derLengthAt(der: Uint8Array, at: number): { length: number; size: number } {
  const first = der[at]!;
  if (first < 0x80) return { length: first, size: 1 };
  const count = first & 0x7f;
  let length = 0;
  for (let index = 1; index <= count; index++) length = length * 256 + der[at + index]!;
  return { length, size: 1 + count };
}
