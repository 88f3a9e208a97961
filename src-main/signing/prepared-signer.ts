// What building a signature needs from the signer certificate, worked out once per
// certificate. A doctor signs many records with one certificate, and parsing, checking and
// re-encoding it (about 2 ms) would otherwise cost more than the rest of the signature.
import { IssuerAndSerialNumber, SignerIdentifier } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { createHash, type KeyObject } from 'node:crypto';
import { YiKeyError } from '../contract/yikey-error';
import { PreEncodedDer } from './pre-encoded-der';
import { signingCertificateAttribute } from './signed-attributes';
import { parseSignerCertificate, signerPublicKey, type SignerCertificate } from './signer-certificate';
import type { Sm2Point } from '../sm2/sm2-curve';
import { sm2Z } from '../sm2/sm2-digest';
import { sm2PublicPoint } from '../sm2/sm2-public-key';

export interface PreparedSigner {
  keyType: SignerCertificate['keyType'];
  publicKey: KeyObject;
  /** The certificate exactly as issued, for SignedData.certificates. */
  certificate: PreEncodedDer;
  /** SignerIdentifier (issuerAndSerialNumber) for SignerInfo.sid. */
  signerIdentifier: PreEncodedDer;
  /** The ESS signing-certificate-v2 signed attribute. */
  signingCertificateAttribute: PreEncodedDer;
  /** For SM2 certificates: the public point and Z with the default ID, the same for every signature. */
  sm2?: { publicKey: Sm2Point; z: Uint8Array };
}

function sm2PartsOf(parsed: SignerCertificate): PreparedSigner['sm2'] {
  if (parsed.keyType !== 'SM2') return undefined;
  try {
    const publicKey = sm2PublicPoint(parsed.certificate);
    return { publicKey, z: sm2Z(publicKey) };
  } catch (error) {
    throw new YiKeyError(
      'certificate-malformed',
      `signer certificate's SM2 key is unusable: ${String(error)}`,
    );
  }
}

/** A few certificates: one holder's signing and encryption certificates, a second token. */
const capacity = 8;
/** Keyed by the SHA-256 of the DER, so equal bytes hit whatever buffer they arrive in. */
const preparedByHash = new Map<string, PreparedSigner>();

function prepare(der: Uint8Array): PreparedSigner {
  let parsed: SignerCertificate;
  try {
    parsed = parseSignerCertificate(der);
  } catch (error) {
    throw new YiKeyError(
      'certificate-malformed',
      `signer certificate is not a DER X.509 certificate: ${String(error)}`,
    );
  }
  // The issuer and serial number are taken from the parsed certificate; if re-encoding it does
  // not give back the input (a non-DER certificate), verifiers that re-encode would disagree.
  if (!Buffer.from(AsnConvert.serialize(parsed.certificate)).equals(der)) {
    throw new YiKeyError(
      'certificate-malformed',
      'signer certificate is not strictly DER-encoded; it cannot be embedded unchanged',
    );
  }
  const tbs = parsed.certificate.tbsCertificate;
  const sm2 = sm2PartsOf(parsed);
  return {
    ...(sm2 ? { sm2 } : {}),
    keyType: parsed.keyType,
    publicKey: signerPublicKey(parsed),
    certificate: new PreEncodedDer(der),
    signerIdentifier: PreEncodedDer.of(
      new SignerIdentifier({
        issuerAndSerialNumber: new IssuerAndSerialNumber({
          issuer: tbs.issuer,
          serialNumber: tbs.serialNumber,
        }),
      }),
    ),
    signingCertificateAttribute: signingCertificateAttribute(
      der,
      parsed.certificate,
      parsed.keyType === 'SM2' ? 'sm3' : 'sha256',
    ),
  };
}

/** Throws for bytes that are not a strictly DER-encoded X.509 certificate; failures are not cached. */
export function prepareSigner(certificateDer: Uint8Array): PreparedSigner {
  // A private copy: the caller may reuse its buffer for another certificate.
  const der = Uint8Array.from(certificateDer);
  const key = createHash('sha256').update(der).digest('base64');
  const cached = preparedByHash.get(key);
  if (cached) {
    // Map keeps insertion order; re-inserting marks the entry as most recently used.
    preparedByHash.delete(key);
    preparedByHash.set(key, cached);
    return cached;
  }
  const prepared = prepare(der);
  preparedByHash.set(key, prepared);
  if (preparedByHash.size > capacity) preparedByHash.delete(preparedByHash.keys().next().value!);
  return prepared;
}
