// The DER written by hand on every signature (der-writer.ts, signed-data-der.ts, the DigestInfo
// prefix) must equal what @peculiar/asn1-schema encodes for the same values, byte for byte.
import { SigningTime } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnProp } from '@peculiar/asn1-schema';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OID_SHA256 } from '../../../src-main/signing/algorithm-ids';
import { derElement, derTag, derTime } from '../../../src-main/signing/der-writer';
import { sha256DigestInfo } from '../../../src-main/signing/digest-info';
import {
  EncodableContentInfo,
  EncodableSignedData,
  EncodableSignerInfo,
} from '../../../src-main/signing/encodable-signed-data';
import { PreEncodedDer, PreEncodedDerSet } from '../../../src-main/signing/pre-encoded-der';
import { encodeContentInfo } from '../../../src-main/signing/signed-data-der';

const hex = (bytes: Uint8Array | ArrayBuffer): string => Buffer.from(new Uint8Array(bytes)).toString('hex');

class ReferenceDigestInfo {
  @AsnProp({ type: AlgorithmIdentifier })
  public digestAlgorithm = new AlgorithmIdentifier({ algorithm: OID_SHA256, parameters: null });

  @AsnProp({ type: OctetString })
  public digest = new OctetString();
}

/** A pre-encoded OCTET STRING of `size` random bytes, encoded by asn1-schema. */
const octets = (size: number): PreEncodedDer => PreEncodedDer.of(new OctetString(randomBytes(size)));

describe('hand-written DER', () => {
  it('writes short and long lengths as asn1-schema does', () => {
    for (const size of [0, 1, 127, 128, 255, 256, 1000, 65_535, 65_536, 70_000]) {
      const content = randomBytes(size);
      expect(hex(derElement(derTag.octetString, content)), `length ${size}`).toBe(
        hex(AsnConvert.serialize(new OctetString(content))),
      );
    }
  });

  it('writes the DigestInfo of a SHA-256 digest as asn1-schema does', () => {
    const digest = randomBytes(32);
    const reference = new ReferenceDigestInfo();
    reference.digest = new OctetString(digest);
    expect(hex(sha256DigestInfo(digest))).toBe(hex(AsnConvert.serialize(reference)));
    expect(() => sha256DigestInfo(randomBytes(31))).toThrow(RangeError);
  });

  it('writes signing times as UTCTime up to 2049 and GeneralizedTime after, whole seconds', () => {
    for (const iso of [
      '1950-01-01T00:00:00Z',
      '1999-12-31T23:59:59Z',
      '2026-11-30T08:05:09Z',
      '2049-12-31T23:59:59Z',
      '2050-01-01T00:00:00Z',
      '2120-06-15T12:30:45Z',
    ]) {
      const date = new Date(iso);
      expect(hex(derTime(date)), iso).toBe(hex(AsnConvert.serialize(new SigningTime(date))));
    }
    // Milliseconds are dropped, as RFC 5652 §11.3 wants for signing-time.
    expect(hex(derTime(new Date('2026-11-30T08:05:09.789Z')))).toBe(
      hex(derTime(new Date('2026-11-30T08:05:09Z'))),
    );
  });

  it('writes ContentInfo { SignedData } as AsnConvert.serialize does, with and without optional parts', () => {
    const certificate = octets(1200);
    const build = (options: { attributes: boolean; certificates: boolean; signers: number }) =>
      new EncodableContentInfo({
        content: new EncodableSignedData({
          digestAlgorithms: new PreEncodedDerSet([octets(11)]),
          encapContentInfo: octets(13),
          ...(options.certificates ? { certificates: new PreEncodedDerSet([certificate]) } : {}),
          signerInfos: Array.from({ length: options.signers }, () => {
            const signerInfo = new EncodableSignerInfo({
              sid: octets(90),
              digestAlgorithm: octets(11),
              signatureAlgorithm: octets(13),
              signature: new OctetString(randomBytes(256)),
            });
            if (options.attributes) signerInfo.signedAttrs = new PreEncodedDerSet([octets(20), octets(40)]);
            return signerInfo;
          }),
        }),
      });
    for (const options of [
      { attributes: true, certificates: true, signers: 1 },
      { attributes: true, certificates: false, signers: 1 },
      { attributes: true, certificates: true, signers: 3 },
    ]) {
      const contentInfo = build(options);
      const ours = encodeContentInfo(contentInfo);
      // asn1-schema keeps a SET OF in the given order; DER sorts it, as ours does.
      contentInfo.content.signerInfos.sort((left, right) =>
        Buffer.compare(Buffer.from(AsnConvert.serialize(left)), Buffer.from(AsnConvert.serialize(right))),
      );
      expect(hex(ours), JSON.stringify(options)).toBe(hex(AsnConvert.serialize(contentInfo)));
    }
  });
});
