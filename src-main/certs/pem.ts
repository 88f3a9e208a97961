// PEM is how certificates travel in files and e-mails; tokens and CMS want DER.
import { YiKeyError } from '../contract/yikey-error';
import { PemConverter } from './x509-runtime';

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return PemConverter.encode(Uint8Array.from(der).buffer, label);
}

/** All DER blocks in a PEM text (a bundle may hold a chain); throws if there is none. */
export function pemToDerAll(pem: string): Uint8Array[] {
  const blocks = PemConverter.isPem(pem) ? PemConverter.decode(pem) : [];
  if (blocks.length === 0)
    throw new YiKeyError('pem-malformed', 'no PEM block found (expected "-----BEGIN …-----")');
  return blocks.map((block) => new Uint8Array(block));
}

/** The first DER block in a PEM text. */
export function pemToDer(pem: string): Uint8Array {
  return pemToDerAll(pem)[0]!;
}
