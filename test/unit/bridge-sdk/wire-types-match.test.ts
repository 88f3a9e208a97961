// The SDK mirrors the wire shapes as plain types (no zod in the page). This file does not
// compile (npm run typecheck) when the SDK's types and the service's schemas drift apart:
// what the service returns must be assignable to what the SDK promises, and what the SDK sends
// must be accepted by the service's params types.
import { describe, expect, it } from 'vitest';
import type * as wire from '../../../src-main/contract/bridge-wire';
import * as sdk from '../../../src-main/bridge-sdk';

function assignable<Target>(value: Target): Target {
  return value;
}

// Results: service → SDK.
export const results = (values: {
  hello: wire.BridgeResult<'yikey.hello'>;
  certs: wire.BridgeResult<'certs.list'>;
  login: wire.BridgeResult<'auth.login'>;
  content: wire.BridgeResult<'sign.content'>;
  digest: wire.BridgeResult<'sign.digest'>;
  batch: wire.BridgeResult<'sign.batch'>;
  progress: wire.SignProgressParams;
  challenge: wire.AuthChallenge;
}) => [
  assignable<sdk.HelloResult>(values.hello),
  assignable<{ certificates: sdk.BridgeCertificate[] }>(values.certs),
  assignable<sdk.LoginAnswer>(values.login),
  assignable<sdk.SignResult>(values.content),
  assignable<sdk.SignResult>(values.digest),
  assignable<sdk.SignBatchResult>(values.batch),
  assignable<sdk.SignProgress>(values.progress),
  assignable<sdk.LoginContent>(values.challenge),
];

// Params: SDK → service.
export const params = (values: {
  content: sdk.SignContentParams;
  digest: sdk.SignDigestParams;
  batch: sdk.SignBatchParams;
}) => [
  assignable<wire.SignContentParams>(values.content),
  assignable<wire.SignDigestParams>(values.digest),
  assignable<wire.SignBatchParams>(values.batch),
];

describe('SDK wire types', () => {
  it('use the same protocol name and error codes as the service', async () => {
    const service = await import('../../../src-main/contract/bridge-wire');
    expect(sdk.bridgeProtocol).toBe(service.bridgeProtocol);
    expect(sdk.defaultBridgePort).toBe(service.defaultBridgePort);
    expect([...sdk.serviceErrorCodes].sort()).toEqual([...service.bridgeErrorCodes].sort());
  });

  it('has words for every code and never reuses a service code for its own failures', () => {
    for (const code of sdk.clientErrorCodes) expect(sdk.serviceErrorCodes).not.toContain(code);
    for (const code of [...sdk.serviceErrorCodes, ...sdk.clientErrorCodes]) {
      expect(sdk.bridgeErrorMessages[code].zh, code).toMatch(/\p{Script=Han}/u);
      expect(sdk.bridgeErrorMessages[code].en, code).not.toBe('');
    }
  });
});
