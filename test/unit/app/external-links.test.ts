import { describe, expect, it, vi } from 'vitest';
import { createExternalLinkOpener, isAllowedExternalUrl } from '../../../src-main/app/external-links';

const hosts = ['ca.example.org'];

describe('external links', () => {
  it('allows https URLs on the allowlist', () => {
    expect(isAllowedExternalUrl('https://ca.example.org/renew?x=1', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://CA.example.org/', hosts)).toBe(true);
  });

  it.each([
    'http://ca.example.org/',
    'https://ca.example.org.evil.com/',
    'https://evil.com/ca.example.org',
    'https://user@ca.example.org/',
    'https://ca.example.org:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ms-settings:privacy',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url, hosts)).toBe(false);
  });

  it('opens only what it allows', () => {
    const openExternal = vi.fn(() => Promise.resolve());
    const open = createExternalLinkOpener(openExternal, hosts);
    expect(open('https://evil.com/')).toBe(false);
    expect(open('https://ca.example.org/')).toBe(true);
    expect(openExternal).toHaveBeenCalledOnce();
    expect(openExternal).toHaveBeenCalledWith('https://ca.example.org/');
  });

  it('refuses everything with an empty allowlist', () => {
    expect(isAllowedExternalUrl('https://ca.example.org/', [])).toBe(false);
  });
});
