import { describe, expect, it } from 'vitest';
import { appEntryUrl, isAppUrl } from '../../../src-main/app/app-origin';

describe('isAppUrl', () => {
  it('accepts pages of app://yikey', () => {
    expect(isAppUrl(appEntryUrl)).toBe(true);
    expect(isAppUrl('app://yikey/')).toBe(true);
    expect(isAppUrl('app://yikey/assets/index-abc.js?x=1#frag')).toBe(true);
  });

  it.each([
    'app://yikey.evil/index.html',
    'app://evil/index.html',
    'app://yikey@evil/index.html',
    'app://user:pw@yikey/index.html',
    'app://yikey:8080/index.html',
    'https://yikey/index.html',
    'file:///index.html',
    'http://127.0.0.1:3000/',
    'about:blank',
    'yikey',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('refuses missing URLs', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
  });
});
