// Unplug → token-removed event latency as the main process sees it.
import { performance } from 'node:perf_hooks';
import type { TokenEvent } from '../../src-main/contract/token-types';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { summarize, type LatencySummary } from './latency-summary';

function waitFor(host: TokenHostClient, type: TokenEvent['type']): Promise<number> {
  return new Promise((resolve) => {
    const unsubscribe = host.onTokenEvent((event) => {
      if (event.type !== type) return;
      unsubscribe();
      resolve(performance.now());
    });
  });
}

export async function measureUnplugLatency(
  keys: VirtualKeyHome,
  label: string,
  count: number,
): Promise<LatencySummary> {
  const host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' } });
  await host.start();
  const samples: number[] = [];
  try {
    for (let index = 0; index < count; index++) {
      const removed = waitFor(host, 'token-removed');
      const unpluggedAt = performance.now();
      await keys.unplug(label);
      samples.push((await removed) - unpluggedAt);
      const inserted = waitFor(host, 'token-inserted');
      await keys.plug(label);
      await inserted;
      // Unplugs at varying phases of the poll interval, as a person's would be.
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 60));
    }
  } finally {
    host.stop();
  }
  return summarize(samples);
}
