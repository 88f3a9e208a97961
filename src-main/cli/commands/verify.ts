import type { Command } from 'commander';
import { readInputFile } from '../../holder/file-signing';
import { verifyDetachedSignature } from '../../holder/verify-signature';
import { readTrustedCaFile } from '../../holder-api/trust-store';
import { verificationText, verifyExitCodes } from '../verification-text';

interface VerifyOptions {
  in: string;
  sig: string;
  ca?: string;
  json?: boolean;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify a detached CAdES signature (.p7s) over a file; no USBKEY or PKCS#11 module needed. ' +
        'Exit 0: valid; 3: intact but the signer is not verified (no or untrusted CA); 1: invalid or error',
    )
    .requiredOption('--in <file>', 'the signed file')
    .requiredOption('--sig <file>', 'the .p7s signature')
    .option('--ca <pem>', 'trusted CA certificate(s), PEM, CA certificates only (the settings rule)')
    .option('--json', 'print JSON')
    .action(async (options: VerifyOptions) => {
      const [content, signature, trusted] = await Promise.all([
        readInputFile(options.in),
        readInputFile(options.sig),
        // The trust store's own reader: the same refusals (not a CA, not a file, too large) as the settings.
        options.ca ? readTrustedCaFile(options.ca) : undefined,
      ]);
      const result = await verifyDetachedSignature({
        content,
        signature,
        ...(trusted ? { trustedCertificatesDer: trusted } : {}),
      });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : verificationText(result));
      process.exitCode = verifyExitCodes[result.outcome];
    });
}
