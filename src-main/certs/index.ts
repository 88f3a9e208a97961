export {
  buildCertificateChain,
  type BuildChainInput,
  type CertificateChain,
  type ChainElement,
  type ChainProblem,
  type ChainStatus,
} from './certificate-chain';
export { describeCertificate, type CertificateDto, type DescribeCertificateOptions } from './certificate-dto';
export type { NameDto } from './distinguished-name';
export {
  assertRenewalWindowDays,
  DEFAULT_RENEWAL_WINDOW_DAYS,
  expiryStatus,
  type ExpiryStatus,
  type ExpiryStatusResult,
  type ValidityPeriod,
} from './expiry-status';
export { sha256Fingerprint } from './fingerprint';
export { derToPem, pemToDer, pemToDerAll } from './pem';
export type { KeyAlgorithm, PublicKeyDescription } from './public-key-info';
export { readCertificate, type ReadCertificateResult } from './read-certificate';
