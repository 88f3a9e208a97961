import { describe, expect, it } from 'vitest';
import { appContentSecurityPolicy, appResponseHeaders } from '../../../src-main/app/app-security-headers';

describe('app security headers', () => {
  it('allows no inline code, no eval and no connections', () => {
    expect(appContentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(appContentSecurityPolicy).toContain("default-src 'none'");
    expect(appContentSecurityPolicy).toContain("script-src 'self'");
    expect(appContentSecurityPolicy).toContain("connect-src 'none'");
    expect(appContentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  it('sends the CSP and a media type with every file', () => {
    const headers = appResponseHeaders('/x/assets/app.JS');
    expect(headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(appContentSecurityPolicy);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(appResponseHeaders('/x/blob.bin')['Content-Type']).toBe('application/octet-stream');
  });
});
