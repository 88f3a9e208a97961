// npm run bench: speed goals measured as ratios and percentiles within one run, JSON out.
//  1. signatures/s of raw pkcs11js C_Sign vs YiKey's full sign path (token host + CMS) on the
//     same SoftHSM RSA-2048 key behind the virtual USBKEY; target ratio ≥ 0.6;
//     and the same at a real key's 150 ms per signature;
//  2. unplug → token-removed event latency over 60 unplugs; target p95 ≤ 200 ms;
//  3. the holder's app in browser mode (ui-latency.ts): insert → certificate shown (p95 ≤ 500 ms),
//     unplug → no-key screen (p95 ≤ 300 ms), first contentful paint, renderer JS gzipped (≤ 250 KiB).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureRawSigning, measureYiKeySigning } from './signing-throughput';
import { measureUi } from './ui-latency';
import { measureUnplugLatency } from './unplug-latency';
import { createVirtualKeyHome } from '../helpers/vusbkey-fixture';

const outputPath = resolve(process.argv[2] ?? 'bench-results/bench.json');
const signatures = Number(process.env.BENCH_SIGNATURES ?? 300);
const unplugs = Number(process.env.BENCH_UNPLUGS ?? 60);
// At least 20 inserts and unplugs: a p95 over fewer samples is just the maximum.
const uiCycles = Math.max(20, Number(process.env.BENCH_UI_CYCLES ?? 25));

const keys = await createVirtualKeyHome();
try {
  await keys.initKey({ label: 'bench', pin: '123456', algorithm: 'rsa-2048' });
  // Created before any module is loaded in this process, so every token host sees it.
  await keys.initKey({ label: 'ui', pin: '123456' });
  await keys.unplug('ui');
  process.env.VUSBKEY_HOME = keys.home;
  const startedAt = performance.now();
  const raw = await measureRawSigning(keys.modulePath, 'bench', '123456', signatures);
  const sequential = await measureYiKeySigning(keys.modulePath, '123456', signatures, 1);
  const batch = await measureYiKeySigning(keys.modulePath, '123456', signatures, 40);
  // The same comparison with a real key's speed (150 ms per C_Sign, as USBKEYs measure 70–1000 ms).
  await keys.setLatency('bench', { op: 'C_Sign', ms: 150 });
  const rawSlow = await measureRawSigning(keys.modulePath, 'bench', '123456', 20);
  const sequentialSlow = await measureYiKeySigning(keys.modulePath, '123456', 20, 1);
  await keys.setLatency('bench', { op: 'C_Sign', ms: 0 });
  const unplug = await measureUnplugLatency(keys, 'bench', unplugs);
  // The UI step works with its own key; the signing key is pulled so the app shows only that one.
  await keys.unplug('bench');
  await keys.plug('ui');
  const ui = await measureUi(keys, { label: 'ui', cycles: uiCycles, paints: 5 });
  const ratioSequential = sequential.signaturesPerSecond / raw.signaturesPerSecond;
  const ratioBatch = batch.signaturesPerSecond / raw.signaturesPerSecond;
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    signing: {
      key: 'SoftHSM2 RSA-2048 via vusbkey, no added latency',
      signatures,
      rawPkcs11jsPerSecond: raw.signaturesPerSecond,
      yikeySequentialPerSecond: sequential.signaturesPerSecond,
      yikeyBatchOf40PerSecond: batch.signaturesPerSecond,
      ratioSequential,
      ratioBatch,
      target: 0.6,
      pass: { sequential: ratioSequential >= 0.6, batch: ratioBatch >= 0.6 },
    },
    signingAt150MsPerSignature: {
      key: 'the same key slowed to 150 ms per C_Sign by vusbkey',
      signatures: 20,
      rawPkcs11jsPerSecond: rawSlow.signaturesPerSecond,
      yikeySequentialPerSecond: sequentialSlow.signaturesPerSecond,
      ratioSequential: sequentialSlow.signaturesPerSecond / rawSlow.signaturesPerSecond,
    },
    unplugToEvent: { ...unplug, target95Ms: 200, pass: unplug.p95Ms <= 200 },
    ui,
    totalSeconds: (performance.now() - startedAt) / 1000,
  };
  console.table({
    'raw pkcs11js C_Sign /s': raw.signaturesPerSecond.toFixed(1),
    'YiKey full path, one at a time /s': sequential.signaturesPerSecond.toFixed(1),
    'YiKey full path, batches of 40 (signMany) /s': batch.signaturesPerSecond.toFixed(1),
    'ratio one at a time (target ≥ 0.6)': ratioSequential.toFixed(3),
    'ratio batch (target ≥ 0.6)': ratioBatch.toFixed(3),
    'ratio one at a time, 150 ms/signature key': (
      sequentialSlow.signaturesPerSecond / rawSlow.signaturesPerSecond
    ).toFixed(3),
    'unplug→event p50 ms': unplug.p50Ms.toFixed(1),
    'unplug→event p95 ms (target ≤ 200)': unplug.p95Ms.toFixed(1),
    'UI insert→certificate shown p95 ms (target ≤ 500)': ui.insertToCertificateShown.p95Ms.toFixed(1),
    'UI unplug→no-key screen p95 ms (target ≤ 300)': ui.unplugToNoKeyScreen.p95Ms.toFixed(1),
    'UI first contentful paint p50 ms': ui.firstContentfulPaint.p50Ms.toFixed(1),
    'renderer JS gzipped KiB (target ≤ 250)': ui.rendererJavaScript.gzipKiB.toFixed(1),
  });
  await mkdir(dirname(outputPath), { recursive: true });
  await writeFile(outputPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${outputPath}`);
} finally {
  await keys.cleanup();
}
