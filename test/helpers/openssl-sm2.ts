// SM2 with the OpenSSL CLI only, as the independent side of every SM2 test: keys, an SM2 CA and
// holder certificates (signed SM2-with-SM3 with the default ID), SM3, Z computed from the
// curve constants OpenSSL prints, signing and verifying e with `pkeyutl`. OpenSSL 3.0's own
// defaults use an EMPTY user ID (see docs/sm2.md), so nothing here relies on them: Z is always
// built explicitly, and only `pkeyutl` on a precomputed e or `-sigopt distid:` are trusted.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opensslBytes } from './openssl-cli';

export const defaultSm2Id = '1234567812345678';

/** SM3 by `openssl dgst -sm3`. */
export function opensslSm3(data: Uint8Array): Uint8Array {
  return new Uint8Array(opensslBytes(['dgst', '-sm3', '-binary'], { input: data }));
}

/** The uncompressed public point (65 bytes, 04 ‖ x ‖ y) of a PEM key or certificate. */
export function opensslSm2PublicPoint(pemPath: string): Uint8Array {
  const isCertificate = readFileSync(pemPath, 'utf8').includes('CERTIFICATE');
  const spki = isCertificate
    ? opensslBytes(['x509', '-in', pemPath, '-noout', '-pubkey'])
    : opensslBytes(['pkey', '-in', pemPath, '-pubout']);
  const der = opensslBytes(['pkey', '-pubin', '-outform', 'DER'], { input: spki });
  return new Uint8Array(der.subarray(der.length - 65));
}

/** a ‖ b ‖ xG ‖ yG of the SM2 curve, from `openssl ecparam -param_enc explicit`. */
function curveConstants(): Buffer {
  const text = opensslBytes(['ecparam', '-name', 'SM2', '-param_enc', 'explicit', '-outform', 'DER']);
  // ECParameters DER: fieldID, then curve { a OCTET STRING(32), b OCTET STRING(32) }, then base point.
  const parsed = opensslBytes(['asn1parse', '-inform', 'DER'], { input: text }).toString();
  const hexes = [...parsed.matchAll(/\[HEX DUMP\]:([0-9A-F]+)/g)].map((match) => match[1]!);
  const [a, b, base] = hexes;
  if (!a || !b || !base || base.length !== 130) throw new Error(`unexpected ecparam output: ${parsed}`);
  return Buffer.concat([Buffer.from(a, 'hex'), Buffer.from(b, 'hex'), Buffer.from(base.slice(2), 'hex')]);
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), hashed by OpenSSL. */
export function opensslSm2Z(publicPoint: Uint8Array, id = defaultSm2Id): Uint8Array {
  const idBytes = Buffer.from(id, 'utf8');
  const bits = idBytes.length * 8;
  return opensslSm3(
    Buffer.concat([
      Buffer.from([bits >> 8, bits & 0xff]),
      idBytes,
      curveConstants(),
      Buffer.from(publicPoint.subarray(1)),
    ]),
  );
}

/** e = SM3(Z ‖ M), hashed by OpenSSL. */
export function opensslSm2E(publicPoint: Uint8Array, message: Uint8Array, id = defaultSm2Id): Uint8Array {
  return opensslSm3(Buffer.concat([opensslSm2Z(publicPoint, id), Buffer.from(message)]));
}

/** `openssl pkeyutl -verify` of a DER signature on e with the public key of a PEM key or certificate. */
export function opensslSm2VerifyE(
  dir: string,
  pemPath: string,
  e: Uint8Array,
  signatureDer: Uint8Array,
): { ok: boolean; output: string } {
  const tag = randomBytes(4).toString('hex');
  const pub = join(dir, `pub-${tag}.pem`);
  const isCertificate = readFileSync(pemPath, 'utf8').includes('CERTIFICATE');
  writeFileSync(
    pub,
    isCertificate
      ? opensslBytes(['x509', '-in', pemPath, '-noout', '-pubkey'])
      : opensslBytes(['pkey', '-in', pemPath, '-pubout']),
  );
  writeFileSync(join(dir, `e-${tag}.bin`), e);
  writeFileSync(join(dir, `sig-${tag}.der`), signatureDer);
  const result = spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-in', `e-${tag}.bin`, '-sigfile', `sig-${tag}.der`],
    { cwd: dir, encoding: 'utf8' },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** `openssl pkeyutl -sign` on e: a DER SM2 signature, as a token's raw mechanism makes one. */
export function opensslSm2SignE(keyPath: string, e: Uint8Array): Uint8Array {
  return new Uint8Array(opensslBytes(['pkeyutl', '-sign', '-inkey', keyPath], { input: e }));
}

export function opensslSm2Key(dir: string, name = 'sm2'): string {
  const keyPath = join(dir, `${name}-${randomBytes(4).toString('hex')}.key`);
  opensslBytes(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyPath]);
  return keyPath;
}

const config = `[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[signing]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
[encryption]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment,dataEncipherment,keyAgreement
subjectKeyIdentifier = hash
`;

export interface Sm2Pki {
  dir: string;
  caCertPath: string;
  caKeyPath: string;
}

const sm3WithDefaultId = ['-sm3', '-sigopt', `distid:${defaultSm2Id}`];

export function opensslSm2Ca(directory: string): Sm2Pki {
  const dir = join(directory, `sm2-ca-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), config);
  const caKeyPath = opensslSm2Key(dir, 'ca');
  const caCertPath = join(dir, 'ca.pem');
  opensslBytes(
    [
      ...['req', '-new', '-x509', '-key', caKeyPath, ...sm3WithDefaultId, '-config', 'openssl.cnf'],
      ...['-extensions', 'ca', '-utf8', '-subj', '/C=CN/O=省级CA/CN=测试SM2根CA', '-days', '3650'],
      ...['-out', caCertPath],
    ],
    { cwd: dir },
  );
  return { dir, caCertPath, caKeyPath };
}

/** An SM2 holder certificate issued by the PKI: for signing (default) or the encryption half of a dual pair. */
export function opensslSm2Holder(
  pki: Sm2Pki,
  options: { commonName: string; usage?: 'signing' | 'encryption'; keyPath?: string; days?: number },
): { certPath: string; keyPath: string } {
  const tag = randomBytes(4).toString('hex');
  const keyPath = options.keyPath ?? opensslSm2Key(pki.dir, `holder-${tag}`);
  const csr = join(pki.dir, `holder-${tag}.csr`);
  const certPath = join(pki.dir, `holder-${tag}.pem`);
  opensslBytes(
    [
      ...['req', '-new', '-key', keyPath, ...sm3WithDefaultId, '-config', 'openssl.cnf', '-utf8'],
      ...['-subj', `/C=CN/O=某某市第一人民医院/CN=${options.commonName}`, '-out', csr],
    ],
    { cwd: pki.dir },
  );
  opensslBytes(
    [
      ...['x509', '-req', '-in', csr, '-CA', pki.caCertPath, '-CAkey', pki.caKeyPath, ...sm3WithDefaultId],
      // The request's own signature is checked with the same ID it was made with.
      ...['-vfyopt', `distid:${defaultSm2Id}`],
      ...['-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', String(options.days ?? 365)],
      ...['-extfile', 'openssl.cnf', '-extensions', options.usage ?? 'signing', '-out', certPath],
    ],
    { cwd: pki.dir },
  );
  return { certPath, keyPath };
}

export function pemToDer(pemPath: string): Uint8Array {
  return new Uint8Array(opensslBytes(['x509', '-in', pemPath, '-outform', 'DER']));
}

/**
 * The pieces of a CMS SignerInfo as `openssl asn1parse` sees them (independent of our parser):
 * the signed attributes re-tagged as the SET OF they were signed as (null when absent), the
 * signature value, and the algorithm OIDs printed in the structure.
 */
export function opensslSignerInfoParts(signatureDer: Uint8Array): {
  signedAttributes: Uint8Array | null;
  signature: Uint8Array;
  objects: string[];
} {
  const output = opensslBytes(['asn1parse', '-inform', 'DER', '-oid', '/dev/null'], {
    input: signatureDer,
  }).toString();
  const lines = output
    .split('\n')
    .map((line) => /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(prim|cons):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      offset: Number(match[1]),
      depth: Number(match[2]),
      headerLength: Number(match[3]),
      length: Number(match[4]),
      text: match[6]!.trim(),
    }));
  // ContentInfo(0) > [0](1) > SignedData(2) > signerInfos SET(3) > SignerInfo SEQUENCE(4) > fields(5).
  const signerInfo = lines.findIndex((line) => line.depth === 4 && line.text.startsWith('SEQUENCE'));
  const fields = lines.slice(signerInfo + 1).filter((line) => line.depth === 5);
  const bytes = (line: (typeof lines)[number], withHeader: boolean): Uint8Array => {
    const start = line.offset + (withHeader ? 0 : line.headerLength);
    return Uint8Array.from(signatureDer.subarray(start, line.offset + line.headerLength + line.length));
  };
  const attributesLine = fields.find((line) => line.text.startsWith('cont [ 0 ]'));
  const signatureLine = fields.filter((line) => line.text.startsWith('OCTET STRING')).pop();
  if (!signatureLine) throw new Error(`no signature value in:\n${output}`);
  let signedAttributes: Uint8Array | null = null;
  if (attributesLine) {
    signedAttributes = bytes(attributesLine, true);
    signedAttributes[0] = 0x31; // RFC 5652 §5.4: signed as a universal SET OF
  }
  const objects = [...output.matchAll(/OBJECT\s+:(\S+)/g)].map((match) => match[1]!);
  return { signedAttributes, signature: bytes(signatureLine, false), objects };
}

/**
 * Signs the way a raw-SM2 token does, with OpenSSL holding the key (`pkeyutl -sign` on e):
 * for unit tests of the CMS layer before a virtual key is involved.
 */
export function opensslSm2Provider(keyPath: string): {
  keyAlgorithm: 'SM2';
  sign(e: Uint8Array): Promise<Uint8Array>;
} {
  return { keyAlgorithm: 'SM2', sign: async (e) => opensslSm2SignE(keyPath, e) };
}
