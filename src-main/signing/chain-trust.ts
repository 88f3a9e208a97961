// Is the signer certificate issued, directly or through the certificates carried in the
// signature, by one the caller trusts? Signatures are checked by @peculiar/x509; we add that
// every issuer up to the anchor is a CA and was valid when the document was signed.
import { sha256Fingerprint } from '../certs/fingerprint';
import { BasicConstraintsExtension, X509Certificate, X509ChainBuilder } from '../certs/x509-runtime';

export interface ChainCheck {
  chain: 'trusted' | 'untrusted';
  problems: string[];
}

function parseTrusted(der: Uint8Array, index: number): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    // A bad trust store is the caller's bug; say which entry rather than calling the signature bad.
    throw new RangeError(`trustedCertificatesDer[${index}] is not a DER X.509 certificate`, { cause: error });
  }
}

function parseEmbedded(ders: Uint8Array[]): X509Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      return [];
    }
  });
}

export async function checkChain(
  signerDer: Uint8Array,
  embeddedDer: Uint8Array[],
  trustedDer: Uint8Array[],
  at: Date,
): Promise<ChainCheck> {
  const trusted = trustedDer.map(parseTrusted);
  const trustedFingerprints = new Set(trustedDer.map(sha256Fingerprint));
  const builder = new X509ChainBuilder({ certificates: [...trusted, ...parseEmbedded(embeddedDer)] });
  let chain: X509Certificate[];
  try {
    chain = [...(await builder.build(new X509Certificate(signerDer)))];
  } catch {
    return { chain: 'untrusted', problems: ['chain-build-failed'] };
  }
  const anchorIndex = chain.findIndex((certificate) =>
    trustedFingerprints.has(sha256Fingerprint(new Uint8Array(certificate.rawData))),
  );
  if (anchorIndex < 0) return { chain: 'untrusted', problems: ['chain-untrusted'] };

  const problems = new Set<string>();
  for (const issuer of chain.slice(1, anchorIndex + 1)) {
    if (issuer.getExtension(BasicConstraintsExtension)?.ca !== true) problems.add('issuer-not-ca');
    if (at < issuer.notBefore || at > issuer.notAfter) problems.add('issuer-not-valid-at-signing-time');
  }
  return { chain: problems.size === 0 ? 'trusted' : 'untrusted', problems: [...problems] };
}
