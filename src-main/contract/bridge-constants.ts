// The bridge protocol's plain constants (docs/bridge.md), written once for both ends: the service
// (contract/bridge-wire.ts builds its zod schemas on them) and the browser SDK (src-main/bridge-sdk
// bundles this file into hospital pages). No imports on purpose: nothing here may pull zod or a
// Node API into the SDK (lint/src-main-layers.js lets bridge-sdk import this one file).

export const bridgeProtocol = 'yikey-bridge/1';
export const defaultBridgePort = 27183;

/** Stable codes the service sends and a page branches on (JSON-RPC error data.code). */
export const bridgeErrorCodes = [
  'origin-not-approved',
  'user-cancelled',
  'consent-timeout',
  'key-absent',
  'key-removed',
  'pin-locked',
  'certificate-expired',
  'certificate-not-yet-valid',
  'busy',
  'rate-limited',
  'too-large',
  'invalid-params',
  'pin-not-accepted',
  'internal',
] as const;
