import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { pemToDerAll } from '../../certs/pem';
import { YiKeyError } from '../../contract/yikey-error';
import { readInputFile } from '../../holder/file-signing';
import { verifyCadesDetached } from '../../signing/verify-cades-detached';

interface VerifyOptions {
  in: string;
  sig: string;
  ca?: string;
  json?: boolean;
}

async function readTrustedCertificates(path: string | undefined): Promise<Uint8Array[] | undefined> {
  if (!path) return undefined;
  const text = await readFile(path, 'utf8').catch(() => {
    throw new YiKeyError('file-unreadable', `Cannot read the CA file ${path}`);
  });
  const certificates = pemToDerAll(text);
  if (certificates.length === 0) throw new YiKeyError('invalid-input', `${path} contains no PEM certificate`);
  return certificates;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('verify a detached CAdES signature (.p7s) over a file; no USBKEY needed')
    .requiredOption('--in <file>', 'the signed file')
    .requiredOption('--sig <file>', 'the .p7s signature')
    .option('--ca <pem>', 'trusted CA certificate(s), PEM, to check the signer chain')
    .option('--json', 'print JSON')
    .action(async (options: VerifyOptions) => {
      const [content, signature, trusted] = await Promise.all([
        readInputFile(options.in),
        readInputFile(options.sig),
        readTrustedCertificates(options.ca),
      ]);
      const result = await verifyCadesDetached({
        content,
        signature,
        ...(trusted ? { trustedCertificatesDer: trusted } : {}),
        now: new Date(),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const signer = [result.signer.subject.commonName, result.signer.subject.organization].join(', ');
        process.stdout.write(
          `${result.valid ? '签名有效 Signature valid' : '签名无效 Signature INVALID'}\n` +
            `  signer: ${signer}\n  signing time: ${result.signingTime ?? '-'}\n` +
            `  integrity: ${result.integrity}, chain: ${result.chain}` +
            `, certificate valid at signing time: ${result.certificateValidAtSigningTime}\n` +
            (result.problems.length > 0 ? `  problems: ${result.problems.join(', ')}\n` : ''),
        );
      }
      if (!result.valid) process.exitCode = 1;
    });
}
