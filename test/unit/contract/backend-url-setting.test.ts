// 证书服务地址: https anywhere, plain http only to this computer, nothing else.
import { describe, expect, it } from 'vitest';
import { backendUrlProblem, settingsPatchSchema } from '../../../src-main/contract/holder-settings';

describe('backendUrlProblem', () => {
  it.each([
    ['https://ca.example.gov.cn/', null],
    ['http://127.0.0.1:8443', null],
    ['http://[::1]:8443/', null],
    ['http://localhost:8080', null],
    ['http://ca.example.gov.cn/', 'not-https'],
    ['ftp://127.0.0.1/', 'not-https'],
    ['ca.example.gov.cn', 'not-url'],
    ['https://user:pw@ca.example.gov.cn/', 'not-url'],
    ['https://ca.example.gov.cn/#x', 'not-url'],
  ])('%s → %s', (url, problem) => expect(backendUrlProblem(url)).toBe(problem));

  it('the settings patch refuses what the form refuses, and accepts null (from the policy file)', () => {
    expect(settingsPatchSchema.safeParse({ backendUrl: 'http://ca.example.gov.cn/' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ backendUrl: 'x'.repeat(3000) }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ backendUrl: null }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ backendUrl: 'https://ca.example.gov.cn/cmp' }).success).toBe(true);
  });
});
