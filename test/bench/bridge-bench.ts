// The EMR bridge's speed goals (issue 9), measured in one run on the virtual key:
// - unplug → key.removed at a page's WebSocket, p50/p95 (goal p95 ≤ 150 ms);
// - the bridge's own time for sign.content beyond the façade's signEach of the same record on
//   the same key (goal ≤ 5 ms at the median): WebSocket, JSON, zod, consent, digest, log;
// - a batch of 100 records on a key slowed to 150 ms per signature against the physical limit
//   of 15 s (goal ≥ 0.97).
// The holder's consent is given at once by a listener on the holder API (no person in a bench).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { noKeychain } from '../../src-main/bridge/integrity-key';
import { startBridge } from '../../src-main/bridge/start-bridge';
import { memorySettingsStore } from '../../src-main/holder-api/settings-store';
import { startHolderCore } from '../../src-main/holder-api/start-holder-core';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';
import { summarize, type LatencySummary } from './latency-summary';
import { measureRawSigning } from './signing-throughput';

const origin = 'https://emr.bench.example';
const summary = { patient: '张三', recordType: '病程记录', title: '日常病程记录', documentId: 'BENCH' };

export interface BridgeBench {
  unplugToKeyRemoved: LatencySummary & { target95Ms: number; pass: boolean };
  signContent: {
    bridgeP50Ms: number;
    facadeP50Ms: number;
    bridgeOwnP50Ms: number;
    targetMs: number;
    pass: boolean;
  };
  batch100At150Ms: {
    seconds: number;
    physicalSeconds: number;
    ratio: number;
    /** 100 × the calibrated key's time per raw C_Sign, measured after the batch (≈ 15 s). */
    rawKeySeconds: number;
    ratioToRawKey: number;
    target: number;
    pass: boolean;
  };
}

function pageClient(address: string) {
  const socket = new WebSocket(address, { origin, maxPayload: 64 * 1024 * 1024 });
  const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  const notificationListeners = new Set<(method: string) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; method?: string; result?: unknown };
    if (message.id === undefined) notificationListeners.forEach((listener) => listener(message.method ?? ''));
    else waiting.get(message.id)?.(message);
  });
  return {
    opened: new Promise((resolve) => socket.once('open', resolve)),
    rpc(method: string, params: unknown) {
      const id = nextId++;
      return new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      });
    },
    next(method: string): Promise<number> {
      return new Promise((resolve) => {
        const listener = (name: string): void => {
          if (name !== method) return;
          notificationListeners.delete(listener);
          resolve(performance.now());
        };
        notificationListeners.add(listener);
      });
    },
    close: () => socket.close(),
  };
}

const median = (values: number[]): number => summarize(values).p50Ms;

export async function measureBridge(
  keys: VirtualKeyHome,
  options: { label: string; pin: string; unplugs: number; signatures: number },
): Promise<BridgeBench> {
  const folder = mkdtempSync(path.join(tmpdir(), 'yikey-bridge-bench-'));
  const policyPath = path.join(folder, 'policy.json');
  writeFileSync(policyPath, JSON.stringify({ bridge: { approvedOrigins: [origin] } }));
  const core = await startHolderCore({
    store: memorySettingsStore({ modulePath: keys.modulePath }),
    adminPolicyPath: policyPath,
  });
  const bridge = await startBridge({
    core,
    port: 0,
    approvalsPath: null,
    signatureLogPath: path.join(folder, 'bridge-signatures.jsonl'),
    keychain: noKeychain,
  });
  // The holder says yes at once.
  const unsubscribe = core.dispatcher.onEvent((event) => {
    if (event.name === 'bridge:request')
      void core.dispatcher.dispatch('bridge:decide', { requestId: event.payload.requestId, approve: true });
  });
  const page = pageClient(bridge.address!);
  await page.opened;
  try {
    const slotOf = async (): Promise<string> => {
      const token = (await core.session.listTokens()).find((candidate) => candidate.label === options.label);
      if (!token) throw new Error(`no key ${options.label}`);
      return token.slotId;
    };
    const login = async (): Promise<void> => core.session.login(await slotOf(), options.pin);

    // 1. unplug → key.removed at the page.
    const unplugSamples: number[] = [];
    for (let index = 0; index < options.unplugs; index++) {
      const removed = page.next('key.removed');
      const unpluggedAt = performance.now();
      await keys.unplug(options.label);
      unplugSamples.push((await removed) - unpluggedAt);
      const inserted = page.next('key.inserted');
      await keys.plug(options.label);
      await inserted;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 60));
    }
    const unplug = summarize(unplugSamples);

    // 2. sign.content through the bridge vs the façade's signEach of the same record.
    await login();
    const record = Buffer.from(`病程记录 ${randomBytes(512).toString('hex')}`, 'utf8');
    const digest = (await import('node:crypto')).createHash('sha256').update(record).digest();
    const bridgeTimes: number[] = [];
    const facadeTimes: number[] = [];
    for (let index = 0; index < options.signatures + 5; index++) {
      let started = performance.now();
      const answer = await page.rpc('sign.content', { content: record.toString('utf8'), summary });
      if (answer.error) throw new Error(`sign.content failed: ${JSON.stringify(answer.error)}`);
      const bridgeMs = performance.now() - started;
      started = performance.now();
      await core.session.signEach({ records: [{ digest }] });
      const facadeMs = performance.now() - started;
      // The first few warm up the JIT and the listing cache.
      if (index >= 5) {
        bridgeTimes.push(bridgeMs);
        facadeTimes.push(facadeMs);
      }
    }
    const bridgeOwn = median(bridgeTimes.map((time, index) => time - facadeTimes[index]!));

    // 3. a batch of 100 on a key that takes 150 ms per signature. The virtual key's own RSA time
    // (SoftHSM, several ms here) is measured first and the added latency calibrated so that a raw
    // C_Sign takes 150 ms in all, as the goal's physical limit (100 × 150 ms = 15 s) assumes.
    // One correction step follows: the added sleep overshoots and the RSA time drifts with the
    // machine's load, which left the slowed key at 154-160 ms per signature instead of 150, and
    // the batch was then judged against a key slower than the goal's.
    const unslowed = await measureRawSigning(keys.modulePath, options.label, options.pin, 20);
    const ownMs = 1000 / unslowed.signaturesPerSecond;
    let addedMs = Math.max(0, Math.round(150 - ownMs));
    await keys.setLatency(options.label, { op: 'C_Sign', ms: addedMs });
    const slowed = await measureRawSigning(keys.modulePath, options.label, options.pin, 10);
    addedMs = Math.max(0, Math.round(addedMs - (1000 / slowed.signaturesPerSecond - 150)));
    await keys.setLatency(options.label, { op: 'C_Sign', ms: addedMs });
    await login();
    const items = Array.from({ length: 100 }, (_, index) => ({
      content: `第${index + 1}份病程记录`,
      summary: { ...summary, documentId: `BENCH-${index + 1}` },
    }));
    const started = performance.now();
    const batch = await page.rpc('sign.batch', { items });
    const seconds = (performance.now() - started) / 1000;
    // The same key's time, raw pkcs11js in this process (the bridge's token host is idle now).
    const raw = await measureRawSigning(keys.modulePath, options.label, options.pin, 10);
    await keys.setLatency(options.label, { op: 'C_Sign', ms: 0 });
    const rawKeySeconds = 100 / raw.signaturesPerSecond;
    const results = (batch.result as { results?: { ok: boolean }[] } | undefined)?.results ?? [];
    if (results.filter((result) => result.ok).length !== 100)
      throw new Error('the batch did not sign 100 records');
    const ratio = 15 / seconds;

    return {
      unplugToKeyRemoved: { ...unplug, target95Ms: 150, pass: unplug.p95Ms <= 150 },
      signContent: {
        bridgeP50Ms: median(bridgeTimes),
        facadeP50Ms: median(facadeTimes),
        bridgeOwnP50Ms: bridgeOwn,
        targetMs: 5,
        pass: bridgeOwn <= 5,
      },
      batch100At150Ms: {
        seconds,
        physicalSeconds: 15,
        ratio,
        rawKeySeconds,
        ratioToRawKey: rawKeySeconds / seconds,
        target: 0.97,
        pass: ratio >= 0.97,
      },
    };
  } finally {
    unsubscribe();
    page.close();
    await bridge.close();
    await core.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
