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
  format: string;
}

/**
 * What `--format` writes. cades: detached CAdES-BES; gmt0010: the same with the GB/T 35275
 * (GM/T 0010) content types, SM2 only; pkcs7: no signed attributes (CFCA style); raw: the bare
 * signature value in base64, as SOF_SignData returns it.
 */
const formats = {
  cades: {},
  gmt0010: { contentTypes: 'gmt0010' },
  pkcs7: { signedAttributes: 'none' },
  raw: null,
} as const;

function formatOf(name: string): (typeof formats)[keyof typeof formats] {
  if (!Object.hasOwn(formats, name)) {
    throw new YiKeyError('invalid-input', `Unknown --format ${name}: use ${Object.keys(formats).join(', ')}`);
  }
  return formats[name as keyof typeof formats];
}

export function registerSignCommand(program: Command): void {
  program
    .command('sign')
    .description(
      'sign a file: detached CAdES-BES (.p7s), SHA-256 (SM3 with SM2-with-SM3 for SM2 keys), signature made on the USBKEY',
    )
    .requiredOption('--in <file>', 'file to sign')
    .requiredOption('--out <file>', 'where to write the .p7s')
    .option('--cert <sha256>', 'signing certificate, by SHA-256 fingerprint (needed when several)')
    .option('--pin-stdin', 'read the PIN from the first line of standard input')
    .option(
      '--format <format>',
      'cades | gmt0010 (SM2) | pkcs7 (no signed attributes) | raw (base64 value)',
      'cades',
    )
    .action(async (options: SignOptions) => {
      const format = formatOf(options.format);
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
        const certificateFingerprint = signer.certificate.sha256Fingerprint;
        const output = format
          ? (await holder.sign({ content, certificateFingerprint, options: format })).signature
          : new TextEncoder().encode(
              `${Buffer.from((await holder.signRaw({ content, certificateFingerprint })).signature).toString('base64')}\n`,
            );
        await writeFileAtomically(options.out, output);
        await holder.logout(signer.slotId);
      });
      process.stderr.write(`已签名 Signed: ${options.out}\n`);
    });
}
