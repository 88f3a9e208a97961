// The CMP layer's public surface (README.md): for YiKey's lifecycle client and the reference backend.
export * from './asn1/cmp';
export * from './asn1/crmf';
export { checkAnswer, rejection, type AnswerProtection, type ExpectedAnswer } from './answer-check';
export * from './build-messages';
export { exchange } from './exchange';
export { buildCertReqMsg, type CertRequestInput } from './cert-request';
export { CmpError, type CmpErrorCode } from './cmp-error';
export * from './http-transport';
export { buildHeader, directoryName, newNonce, newTransactionId, type HeaderInput } from './message-header';
export * from './message-codec';
export * from './oids';
export * from './pki-status';
export * from './protection';
export * from './read-answers';
export * from './server-messages';
export * from './signature-check';
export * from './yikey-info';
export * from './renewal-offer';
