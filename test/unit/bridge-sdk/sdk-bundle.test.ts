// npm run build:sdk's output as a hospital page gets it: the UMD files define window.YiKeyBridge
// and window.YiKeySOF in a plain script context (no module system, no Node), the ES module
// exports connect, and no schema library or Node built-in reaches any bundle.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transform } from 'esbuild';
import { buildBridgeSdk } from '../../../src-main/bridge-sdk/build/build-sdk';

let output: string;
const read = (file: string): string => readFileSync(join(output, file), 'utf8');

beforeAll(async () => {
  output = mkdtempSync(join(tmpdir(), 'yikey-sdk-'));
  await buildBridgeSdk({ outputDirectory: output, types: true });
});

afterAll(() => rmSync(output, { recursive: true, force: true }));

describe('the built SDK', () => {
  it('defines window.YiKeyBridge and window.YiKeySOF from plain <script> files', () => {
    const page: Record<string, unknown> = {};
    page.self = page;
    const context = createContext(page);
    runInContext(read('yikey-bridge.umd.js'), context);
    runInContext(read('yikey-sof.js'), context);
    const bridge = page.YiKeyBridge as Record<string, unknown>;
    const sof = page.YiKeySOF as Record<string, unknown>;
    expect(typeof bridge.connect).toBe('function');
    expect(bridge.defaultBridgePort).toBe(27183);
    for (const name of [
      'SOF_GetUserList',
      'SOF_ExportUserCert',
      'SOF_GetCertInfo',
      'SOF_SignData',
      'SOF_Login',
    ]) {
      expect(typeof sof[name], name).toBe('function');
    }
    expect(sof.SGD_CERT_SUBJECT_CN).toBe(0x31);
  });

  it('yikey-sof.js (with its SM2 check) parses and loads in ES2017 browsers without BigInt', async () => {
    const code = read('yikey-sof.js');
    // A BigInt literal would be a syntax error there: esbuild warns about one for target es2017.
    expect((await transform(code, { target: 'es2017', logLevel: 'silent' })).warnings).toEqual([]);
    const page: Record<string, unknown> = { BigInt: undefined };
    page.self = page;
    runInContext(code, createContext(page));
    expect(typeof (page.YiKeySOF as Record<string, unknown>).SOF_VerifySignedData).toBe('function');
  });

  it('ships no zod and no Node built-ins in any bundle, and declarations for TypeScript pages', () => {
    for (const file of ['yikey-bridge.mjs', 'yikey-bridge.umd.js', 'yikey-sof.js']) {
      const code = read(file);
      expect(code, file).not.toMatch(/\bzod\b|ZodError|require\(|from ["']node:/);
    }
    expect(read('yikey-bridge.mjs')).toMatch(/export\s*\{[^}]*\bconnect\b/);
    // The declarations keep src-main's layout: the SDK's own files and the one shared constants file.
    expect(read('types/bridge-sdk/index.d.ts')).toContain('connect');
    expect(read('types/bridge-sdk/yikey-bridge-client.d.ts')).toMatch(/signBatch\(items: BatchItem\[\]/);
    expect(read('types/contract/bridge-constants.d.ts')).toContain('origin-not-approved');
  });
});
