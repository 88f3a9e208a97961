// Where the time of one signature goes, one at a time on an RSA-2048 key: each step of
// HolderService.sign measured alone (median µs over many runs), with the same functions the
// product calls. The rest of holder.sign (certificate lookup from the cached listing, promise
// plumbing) is what the full path costs beyond the sum of the steps.
import { createHash, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { OctetString } from '@peculiar/asn1-schema';
import { HolderService } from '../../src-main/holder/holder-service';
import { contentDigest } from '../../src-main/signing/content-digest';
import { sha256DigestInfo } from '../../src-main/signing/digest-info';
import {
  EncodableContentInfo,
  EncodableSignedData,
  EncodableSignerInfo,
} from '../../src-main/signing/encodable-signed-data';
import { PreEncodedDer, PreEncodedDerSet } from '../../src-main/signing/pre-encoded-der';
import { prepareSigner } from '../../src-main/signing/prepared-signer';
import { encodeSignedAttributes } from '../../src-main/signing/signed-attributes';
import { encodeContentInfo } from '../../src-main/signing/signed-data-der';
import { forkHostProcessFrom } from '../../src-main/token/host-process';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { measureRawSigning } from './signing-throughput';

/** Median of single runs: the machine is shared, and a median ignores the runs another process interrupted. */
async function medianMicroseconds(count: number, step: () => unknown): Promise<number> {
  for (let warm = 0; warm < 20; warm++) await step();
  const samples: number[] = [];
  for (let run = 0; run < count; run++) {
    const started = performance.now();
    await step();
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export interface SignatureBreakdown {
  count: number;
  microseconds: Record<string, number>;
}

export async function measureSignatureBreakdown(
  modulePath: string,
  pin: string,
  count: number,
  tokenHostEntry: string,
): Promise<SignatureBreakdown> {
  const raw = await measureRawSigning(modulePath, 'bench', pin, count);
  const host = new TokenHostClient({
    module: { path: modulePath, source: 'setting' },
    launcher: forkHostProcessFrom(tokenHostEntry),
  });
  const holder = new HolderService({ host });
  await holder.start();
  try {
    const [token] = await holder.listTokens();
    if (!token) throw new Error('no key');
    await holder.login(token.slotId, pin);
    const content = new Uint8Array(1024).fill(0x41);
    const first = await holder.sign({ content });
    const der = await holder.certificateDer(first.signer.certificate.sha256Fingerprint);
    const signer = prepareSigner(der);
    const signingTime = new Date();
    const attributes = encodeSignedAttributes({
      contentDigest: contentDigest(content),
      signingTime,
      signingCertificateAttribute: signer.signingCertificateAttribute,
    });
    const digestInfo = sha256DigestInfo(createHash('sha256').update(attributes.der).digest());
    const target = { slotId: token.slotId, keyId: first.signer.objectId, mechanism: 'rsa-pkcs' as const };
    const { signature } = await host.call('signDigest', { ...target, data: digestInfo });

    const microseconds: Record<string, number> = {};
    microseconds.rawCSign = raw.medianMicroseconds;
    microseconds.tokenHostRoundTrip = await medianMicroseconds(count, () =>
      host.call('signDigest', { ...target, data: digestInfo }),
    );
    microseconds.hostOverheadOverRawCSign = microseconds.tokenHostRoundTrip - microseconds.rawCSign;
    microseconds.prepareSignerCached = await medianMicroseconds(count, () => prepareSigner(der));
    microseconds.signedAttributesAndDigests = await medianMicroseconds(count, () => {
      const encoded = encodeSignedAttributes({
        contentDigest: contentDigest(content),
        signingTime: new Date(),
        signingCertificateAttribute: signer.signingCertificateAttribute,
      });
      return sha256DigestInfo(createHash('sha256').update(encoded.der).digest());
    });
    microseconds.selfCheckVerify = await medianMicroseconds(count, () =>
      verify('sha256', attributes.der, signer.publicKey, signature),
    );
    microseconds.serialization = await medianMicroseconds(count, () =>
      encodeContentInfo(
        new EncodableContentInfo({
          content: new EncodableSignedData({
            digestAlgorithms: new PreEncodedDerSet([
              new PreEncodedDer(
                new Uint8Array([
                  0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
                ]),
              ),
            ]),
            encapContentInfo: new PreEncodedDer(
              new Uint8Array([0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]),
            ),
            certificates: new PreEncodedDerSet([signer.certificate]),
            signerInfos: [
              new EncodableSignerInfo({
                sid: signer.signerIdentifier,
                digestAlgorithm: new PreEncodedDer(
                  new Uint8Array([
                    0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
                  ]),
                ),
                signedAttrs: new PreEncodedDerSet(attributes.elements),
                signatureAlgorithm: new PreEncodedDer(
                  new Uint8Array([
                    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
                  ]),
                ),
                signature: new OctetString(Uint8Array.from(signature)),
              }),
            ],
          }),
        }),
      ),
    );
    microseconds.holderSignTotal = await medianMicroseconds(count, () => holder.sign({ content }));
    microseconds.holderSignOverRawCSign = microseconds.holderSignTotal - microseconds.rawCSign;
    microseconds.unaccounted =
      microseconds.holderSignTotal -
      microseconds.tokenHostRoundTrip -
      microseconds.prepareSignerCached -
      microseconds.signedAttributesAndDigests -
      microseconds.selfCheckVerify -
      microseconds.serialization;
    return { count, microseconds };
  } finally {
    await holder.stop();
  }
}
