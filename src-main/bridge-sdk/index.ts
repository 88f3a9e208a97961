// The YiKey bridge SDK for EMR pages (docs/bridge.md): connect() finds YiKey on this PC and
// returns a client with listCertificates, login, sign, signDigest, signBatch and events.
export { connect, defaultBridgePort, type ConnectOptions } from './connect';
export {
  bridgeErrorMessages,
  clientErrorCodes,
  isBridgeErrorCode,
  serviceErrorCodes,
  YiKeyBridgeError,
  type BridgeErrorCode,
} from './bridge-error';
export {
  YiKeyBridgeClient,
  type BatchProgress,
  type BridgeEvent,
  type SignBatchOptions,
  type SignDigestRequest,
  type SignRequest,
} from './yikey-bridge-client';
export type { CreateSocket, WebSocketLike } from './websocket-like';
export * from './wire-types';
