// Browser-mode credentials: a launch secret is spent by its first use and exchanged for a
// session token; lists are capped; the handshake carries exactly one well-formed credential.
import { describe, expect, it } from 'vitest';
import { credentialFromProtocols, credentialProtocol } from '../../../src-main/contract/holder-api-wire';
import { createBrowserCredentials } from '../../../src-main/web/browser-credentials';

describe('browser credentials', () => {
  it('a launch secret works once and yields a session token that keeps working', () => {
    const credentials = createBrowserCredentials();
    const secret = credentials.issueLaunchSecret();
    const token = credentials.admit({ kind: 'launch', value: secret });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(credentials.admit({ kind: 'launch', value: secret })).toBeNull();
    expect(credentials.admit({ kind: 'session', value: token! })).toBe(token);
    expect(credentials.admit({ kind: 'session', value: token! })).toBe(token);
    // A secret is not a session token, nor the other way round.
    expect(credentials.admit({ kind: 'launch', value: token! })).toBeNull();
  });

  it('keeps at most 8 unused launch secrets and 16 session tokens, dropping the oldest', () => {
    const credentials = createBrowserCredentials();
    const secrets = Array.from({ length: 9 }, () => credentials.issueLaunchSecret());
    expect(credentials.admit({ kind: 'launch', value: secrets[0]! })).toBeNull();
    const oldest = credentials.admit({ kind: 'launch', value: secrets[8]! });
    expect(oldest).not.toBeNull();
    const tokens = Array.from({ length: 16 }, () =>
      credentials.admit({ kind: 'launch', value: credentials.issueLaunchSecret() }),
    );
    expect(credentials.admit({ kind: 'session', value: oldest! })).toBeNull();
    expect(credentials.admit({ kind: 'session', value: tokens[0]! })).toBe(tokens[0]);
    expect(credentials.admit({ kind: 'session', value: tokens[15]! })).toBe(tokens[15]);
  });

  it('reads exactly one well-formed credential from the offered subprotocols', () => {
    const value = 'A'.repeat(43);
    const launch = credentialProtocol({ kind: 'launch', value });
    expect(launch).toBe(`yikey.launch.${value}`);
    expect(credentialFromProtocols(['yikey.v1', launch])).toEqual({ kind: 'launch', value });
    expect(credentialFromProtocols(['yikey.v1'])).toBeNull();
    expect(credentialFromProtocols([launch, `yikey.session.${value}`])).toBeNull();
    expect(credentialFromProtocols(['yikey.session.short'])).toBeNull();
    expect(credentialFromProtocols([`yikey.admin.${value}`])).toBeNull();
  });
});
