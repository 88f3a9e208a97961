import type { Command } from 'commander';
import { YiKeyError } from '../../contract/yikey-error';
import { readInputFile, writeFileAtomically } from '../../holder/file-signing';
import { chooseSigningCertificate } from '../../holder/choose-signing-certificate';
import { withHolder, type GlobalOptions } from '../cli-context';
import { loginForCli } from '../login-flow';
import { pinSource } from '../pin-input';

interface SignOptions {
  in: string;
  out: string;
  cert?: string;
  pinStdin?: boolean;
}

export function registerSignCommand(program: Command): void {
  program
    .command('sign')
    .description('sign a file: detached CAdES-BES (.p7s), SHA-256, signature made on the USBKEY')
    .requiredOption('--in <file>', 'file to sign')
    .requiredOption('--out <file>', 'where to write the .p7s')
    .option('--cert <sha256>', 'signing certificate, by SHA-256 fingerprint (needed when several)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .action(async (options: SignOptions) => {
      // Read the input before touching the key: an unreadable file must not cost a PIN try.
      const content = await readInputFile(options.in);
      await withHolder(program.opts<GlobalOptions>(), async (holder) => {
        const listing = await holder.listAll();
        if (listing.tokens.length === 0) throw new YiKeyError('token-not-present', 'No USBKEY is inserted');
        const signer = chooseSigningCertificate(listing.certificates, options.cert);
        const who = [signer.certificate.subject.commonName, signer.certificate.subject.organization].join(
          ', ',
        );
        process.stderr.write(`签名证书 Signing as: ${who} [${signer.tokenLabel}]\n`);
        await loginForCli(holder, signer.slotId, pinSource(options));
        const { signature } = await holder.sign({
          content,
          certificateFingerprint: signer.certificate.sha256Fingerprint,
        });
        await writeFileAtomically(options.out, signature);
        await holder.logout(signer.slotId);
      });
      process.stderr.write(`已签名 Signed: ${options.out}\n`);
    });
}
