// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata API at load time. Importing the library only through this module guarantees the
// polyfill is evaluated first, whichever entry point (Electron main, CLI, tests) loads us.
import 'reflect-metadata';

export {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509ChainBuilder,
} from '@peculiar/x509';
