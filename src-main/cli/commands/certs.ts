import type { Command } from 'commander';
import type { CertificateEntry } from '../../holder/certificate-entry';
import { withHolder, type GlobalOptions } from '../cli-context';

const statusNames = {
  valid: '有效 valid',
  expiring: '即将过期 expiring',
  expired: '已过期 expired',
  'not-yet-valid': '尚未生效 not yet valid',
} as const;

function describeEntry(entry: CertificateEntry): string {
  const where = `[${entry.tokenLabel} id ${entry.objectId || '-'}]`;
  if (!entry.readable) return `${where} 无法读取 unreadable: ${entry.reason}\n`;
  const { certificate } = entry;
  const name = [certificate.subject.commonName, certificate.subject.organization].filter(Boolean).join(', ');
  const key = entry.keyPairing === 'paired' ? 'private key: yes' : `private key: ${entry.keyPairing}`;
  return (
    `${where} ${name}\n` +
    `  ${statusNames[certificate.status]} (${certificate.daysLeft} days left), valid ${certificate.notBefore} → ${certificate.notAfter}\n` +
    `  issuer ${certificate.issuer.commonName ?? '-'}, serial ${certificate.serialNumber}, ${certificate.keyAlgorithm} ${certificate.keySize ?? ''}, ${key}\n` +
    `  SHA-256 ${certificate.sha256Fingerprint}\n`
  );
}

export function registerCertsCommand(program: Command): void {
  program
    .command('certs')
    .description('list the certificates on inserted USBKEYs')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const listing = await withHolder(program.opts<GlobalOptions>(), (holder) => holder.listAll());
      if (options.json) {
        const { certificates, keysWithoutCertificate } = listing;
        process.stdout.write(`${JSON.stringify({ certificates, keysWithoutCertificate }, null, 2)}\n`);
        return;
      }
      if (listing.tokens.length === 0) process.stdout.write('请插入USBKEY (no USBKEY inserted)\n');
      for (const entry of listing.certificates) process.stdout.write(describeEntry(entry));
      for (const key of listing.keysWithoutCertificate) {
        process.stdout.write(
          `[key id ${key.objectId || '-'}] ${key.keyType} private key without a certificate\n`,
        );
      }
    });
}
