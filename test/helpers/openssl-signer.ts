// Signers made by OpenSSL, independent of YiKey: a certificate for a named holder, self-signed
// (anyone can make one) or issued by a given CA key, and detached CAdES signatures made with it.
//
//   const ca = opensslCa(dir);                                                 // a CA (CA:TRUE)
//   const signer = opensslSigner(dir, { commonName: '张三' });                 // self-signed
//   const issued = opensslSigner(dir, { commonName: '张三', ca: { certPath, keyPath } });
//   const p7s = opensslSignDetached(signer, '/path/to/file');                  // → file.p7s path
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from './openssl-cli';

export interface OpensslSigner {
  certPath: string;
  keyPath: string;
}

// An end-entity certificate: not a CA, signing usages, as a holder's certificate is.
const holderConfig = `[req]
distinguished_name = dn
[dn]
[holder]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
`;

export function opensslSigner(
  directory: string,
  options: { commonName: string; ca?: { certPath: string; keyPath: string } },
): OpensslSigner {
  const dir = join(directory, `signer-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), holderConfig);
  const subject = `/C=CN/O=某某市第一人民医院/CN=${options.commonName}`;
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem'];
  const common = ['-config', 'openssl.cnf', '-utf8', '-subj', subject];
  if (options.ca) {
    openssl(['req', '-new', ...key, ...common, '-out', 'req.csr'], dir);
    openssl(
      [
        ...['x509', '-req', '-in', 'req.csr', '-CA', options.ca.certPath, '-CAkey', options.ca.keyPath],
        ...['-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '30'],
        ...['-extfile', 'openssl.cnf', '-extensions', 'holder', '-out', 'cert.pem'],
      ],
      dir,
    );
  } else {
    openssl(
      ['req', '-x509', ...key, ...common, '-extensions', 'holder', '-days', '30', '-out', 'cert.pem'],
      dir,
    );
  }
  return { certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') };
}

/** A detached CAdES-BES signature (SHA-256) of `file`, written to `${file}.p7s`. */
export function opensslSignDetached(signer: OpensslSigner, file: string): string {
  const out = `${file}.p7s`;
  openssl(
    [
      ...['cms', '-sign', '-binary', '-cades', '-md', 'sha256', '-in', file],
      ...['-signer', signer.certPath, '-inkey', signer.keyPath, '-outform', 'DER', '-out', out],
    ],
    '/',
  );
  return out;
}

/** A CA made by OpenSSL with its default CA extensions (basicConstraints CA:TRUE), P-256. */
export function opensslCa(dir: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca.key');
  const result = spawnSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-keyout', keyPath, '-out', certPath, '-days', '3650', '-utf8'],
      ...['-subj', '/C=CN/O=省级CA/CN=测试根CA'],
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return { certPath, keyPath };
}
