// The holder's app in browser mode, measured with Playwright on Debian's Chromium:
//  - insert → the key's certificate shown (login screen with the holder's name, which needs
//    tokens:list and certs:list to have run and rendered), p95 over ≥ 20 inserts;
//  - unplug → no-key screen rendered, p95 over ≥ 20 unplugs;
//  - first contentful paint of a fresh page (PerformanceObserver 'paint' entry);
//  - the renderer's built JavaScript, gzipped (zlib, default level), summed.
//
// Timing method: wall time on the Node side, from just before the vusbkey plug/unplug call to
// the moment Playwright's locator.waitFor() sees the element. One clock (Node's
// performance.now()), so nothing has to be aligned between the page's timeOrigin and Node's
// Date.now() (millisecond resolution, two processes). waitFor polls in the page on animation
// frames and answers over CDP, so each sample can read up to ~one frame (16 ms) late: a
// conservative error, on the safe side of the targets.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { startBrowserMode } from '../../src-main/web/browser-mode';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { summarize, type LatencySummary } from './latency-summary';

export interface UiMeasurements {
  insertToCertificateShown: LatencySummary & { target95Ms: number; pass: boolean };
  unplugToNoKeyScreen: LatencySummary & { target95Ms: number; pass: boolean };
  firstContentfulPaint: LatencySummary;
  rendererJavaScript: {
    files: number;
    bytes: number;
    gzipBytes: number;
    gzipKiB: number;
    targetKiB: number;
    pass: boolean;
  };
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDirectory = path.join(repositoryRoot, 'dist', 'renderer');
const stepTimeoutMs = 10_000;
const holderName = '张三';

/** A fresh production build, so the size and paint are of the code in this tree. */
function buildRenderer(): void {
  const vite = path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--config', path.join('src-renderer', 'vite.config.ts')],
    { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

function javaScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return javaScriptFiles(full);
    return /\.(m?js)$/.test(entry.name) ? [full] : [];
  });
}

export function measureRendererSize(targetKiB = 250): UiMeasurements['rendererJavaScript'] {
  const files = javaScriptFiles(rendererDirectory);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  const gzipKiB = gzipBytes / 1024;
  return {
    files: files.length,
    bytes,
    gzipBytes,
    gzipKiB,
    targetKiB,
    pass: files.length > 0 && gzipKiB <= targetKiB,
  };
}

async function timed(action: () => Promise<void>, until: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await action();
  await until();
  return performance.now() - startedAt;
}

// Runs in the page. A string, because this project's Node typings have no DOM (and Node's
// PerformanceObserver knows no 'paint' entries); buffered: the paint has usually happened
// before the script runs.
const firstContentfulPaintScript = `new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no first-contentful-paint entry')), 5000);
  new PerformanceObserver((list, observer) => {
    const entry = list.getEntries().find((candidate) => candidate.name === 'first-contentful-paint');
    if (!entry) return;
    clearTimeout(timer);
    observer.disconnect();
    resolve(entry.startTime);
  }).observe({ type: 'paint', buffered: true });
})`;

async function firstContentfulPaint(page: Page): Promise<number> {
  return Number(await page.evaluate(firstContentfulPaintScript));
}

export async function measureUi(
  keys: VirtualKeyHome,
  options: { label: string; cycles: number; paints: number },
): Promise<UiMeasurements> {
  buildRenderer();
  const rendererJavaScript = measureRendererSize();
  const server = await startBrowserMode({
    modulePath: keys.modulePath,
    rendererDirectory,
    settingsPath: 'memory',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const paints: number[] = [];
    for (let index = 0; index < options.paints; index++) {
      // A new context each time: nothing cached, as after starting the app.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(server.newLaunchUrl(), { waitUntil: 'load' });
      paints.push(await firstContentfulPaint(page));
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.newLaunchUrl());
    const certificateShown = page.locator('[data-testid="holder-name"]', { hasText: holderName });
    const noKeyScreen = page.getByTestId('no-key-screen');
    await certificateShown.waitFor({ timeout: stepTimeoutMs });
    const inserts: number[] = [];
    const unplugs: number[] = [];
    for (let cycle = 0; cycle < options.cycles; cycle++) {
      unplugs.push(
        await timed(
          () => Promise.resolve(keys.unplug(options.label)),
          () => noKeyScreen.waitFor({ timeout: stepTimeoutMs }),
        ),
      );
      // Insert and removal at varying phases of the slot poll, as a person's hand would.
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
      inserts.push(
        await timed(
          () => Promise.resolve(keys.plug(options.label)),
          () => certificateShown.waitFor({ timeout: stepTimeoutMs }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
    }
    await context.close();
    const insertSummary = summarize(inserts);
    const unplugSummary = summarize(unplugs);
    return {
      insertToCertificateShown: { ...insertSummary, target95Ms: 500, pass: insertSummary.p95Ms <= 500 },
      unplugToNoKeyScreen: { ...unplugSummary, target95Ms: 300, pass: unplugSummary.p95Ms <= 300 },
      firstContentfulPaint: summarize(paints),
      rendererJavaScript,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
