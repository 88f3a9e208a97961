// The façade's certificate and signing code (X.509 parsing, certification paths, CMS/CAdES,
// SM2), loaded on first use by holder-service.ts: a command that only lists keys (`yikey
// tokens`) then never reads or compiles it, nor the ASN.1 and X.509 libraries below it
// (issue 11: they were most of that command's start-up).
export { buildCertificateChain } from '../certs/certificate-chain';
export { createCadesDetachedSignature } from '../signing/create-cades-signature';
export { createRawSignature } from '../signing/raw-signature';
export { verifyCadesDetached } from '../signing/verify-cades-detached';
export { pairObjects, withExpiryAt } from './certificate-entry';
export { chooseSigningCertificate } from './choose-signing-certificate';
export { tokenSignatureProvider } from './token-signature-provider';
