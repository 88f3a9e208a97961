// Signing throughput, raw and through YiKey, on the same key and in the same run.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pkcs11js from 'pkcs11js';
import { HolderService } from '../../src-main/holder/holder-service';
import { sha256DigestInfo } from '../../src-main/signing/digest-info';
import { forkHostProcessFrom } from '../../src-main/token/host-process';
import { TokenHostClient } from '../../src-main/token/token-host-client';

export interface Throughput {
  signaturesPerSecond: number;
}

export interface RawThroughput extends Throughput {
  /** Median of single C_SignInit + C_Sign calls, in µs. */
  medianMicroseconds: number;
}

/** The floor: pkcs11js in-process, C_SignInit + C_Sign of a SHA-256 DigestInfo, nothing else. */
export async function measureRawSigning(
  modulePath: string,
  label: string,
  pin: string,
  count: number,
): Promise<RawThroughput> {
  const library = new pkcs11js.PKCS11();
  library.load(modulePath);
  library.C_Initialize();
  try {
    const slot = library
      .C_GetSlotList(true)
      .find((handle) => library.C_GetTokenInfo(handle).label.trim() === label);
    if (!slot) throw new Error(`no key labelled ${label}`);
    const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    library.C_Login(session, pkcs11js.CKU_USER, pin);
    library.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    const [key] = library.C_FindObjects(session, 1);
    library.C_FindObjectsFinal(session);
    if (!key) throw new Error('no private key');
    const digestInfo = Buffer.from(sha256DigestInfo(createHash('sha256').update('bench').digest()));
    const sign = (): Promise<Buffer> => {
      library.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      return library.C_SignAsync(session, digestInfo, Buffer.alloc(512));
    };
    await sign();
    const samples: number[] = [];
    const started = performance.now();
    for (let index = 0; index < count; index++) {
      const signStarted = performance.now();
      await sign();
      samples.push((performance.now() - signStarted) * 1000);
    }
    const seconds = (performance.now() - started) / 1000;
    samples.sort((a, b) => a - b);
    library.C_Logout(session);
    library.C_CloseSession(session);
    return { signaturesPerSecond: count / seconds, medianMicroseconds: samples[Math.floor(count / 2)]! };
  } finally {
    library.C_Finalize();
  }
}

/**
 * The product: HolderService over 1 KiB documents, CAdES-BES built, token host process (the
 * built one, dist/node/token-host.cjs, as production forks it). batchSize 1 signs one record at
 * a time (sign); larger sizes use signMany, as when a holder signs many records.
 */
export async function measureYiKeySigning(
  modulePath: string,
  pin: string,
  count: number,
  batchSize: number,
  tokenHostEntry: string,
): Promise<Throughput> {
  const holder = new HolderService({
    host: new TokenHostClient({
      module: { path: modulePath, source: 'setting' },
      launcher: forkHostProcessFrom(tokenHostEntry),
    }),
  });
  await holder.start();
  try {
    const [token] = await holder.listTokens();
    if (!token) throw new Error('no key');
    await holder.login(token.slotId, pin);
    const content = new Uint8Array(1024).fill(0x41);
    await holder.sign({ content });
    const started = performance.now();
    for (let done = 0; done < count; done += batchSize) {
      const size = Math.min(batchSize, count - done);
      if (size === 1) await holder.sign({ content });
      else await holder.signMany({ contents: Array.from({ length: size }, () => content) });
    }
    return { signaturesPerSecond: count / ((performance.now() - started) / 1000) };
  } finally {
    holder.stop();
  }
}

export interface InterleavedThroughput {
  rounds: number;
  signaturesPerKindPerRound: number;
  raw: Throughput;
  sequential: Throughput;
  batch: Throughput;
  /**
   * CPU time per signature (user + system, this process and the token host), µs: unlike wall
   * time it hardly moves with the machine's load, so it shows YiKey's own cost. Raw's includes
   * SoftHSM's signing on the thread pool; YiKey's main and host add to the same signing.
   */
  cpuMicrosecondsPerSignature: {
    raw: number;
    sequential: { main: number; tokenHost: number };
    batch: { main: number; tokenHost: number };
  };
}

/** CPU time a process has used, µs (utime + stime from /proc, in clock ticks of 10 ms). */
function processCpuMicroseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function ownCpuMicroseconds(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Raw C_Sign, YiKey one at a time and YiKey batches (signMany of `batchSize`) on the same key,
 * alternating in blocks of `batchSize` signatures with both signers open all along: on a shared
 * machine the load drifts within seconds, and blocks this short meet the same load on average.
 * Each figure is the kind's signatures over the kind's summed time.
 */
export async function measureInterleavedSigning(options: {
  modulePath: string;
  label: string;
  pin: string;
  rounds: number;
  batchSize: number;
  tokenHostEntry: string;
  /** Signatures per raw and one-at-a-time block (default batchSize): fewer for a slow key. */
  blockSize?: number;
  /** false: raw and one at a time only (a batch of a slow key takes too long to repeat). */
  withBatch?: boolean;
}): Promise<InterleavedThroughput> {
  const { batchSize } = options;
  const blockSize = options.blockSize ?? batchSize;
  const library = new pkcs11js.PKCS11();
  library.load(options.modulePath);
  library.C_Initialize();
  const host = new TokenHostClient({
    module: { path: options.modulePath, source: 'setting' },
    launcher: forkHostProcessFrom(options.tokenHostEntry),
  });
  const holder = new HolderService({ host });
  try {
    const slot = library
      .C_GetSlotList(true)
      .find((handle) => library.C_GetTokenInfo(handle).label.trim() === options.label);
    if (!slot) throw new Error(`no key labelled ${options.label}`);
    const session = library.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    library.C_Login(session, pkcs11js.CKU_USER, options.pin);
    library.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
    const [key] = library.C_FindObjects(session, 1);
    library.C_FindObjectsFinal(session);
    if (!key) throw new Error('no private key');
    const digestInfo = Buffer.from(sha256DigestInfo(createHash('sha256').update('bench').digest()));
    const rawSign = (): Promise<Buffer> => {
      library.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      return library.C_SignAsync(session, digestInfo, Buffer.alloc(512));
    };
    await holder.start();
    const [token] = await holder.listTokens();
    if (!token) throw new Error('no key');
    await holder.login(token.slotId, options.pin);
    const content = new Uint8Array(1024).fill(0x41);
    const contents = Array.from({ length: batchSize }, () => content);
    const kinds: Record<'raw' | 'sequential' | 'batch', (() => Promise<void>) | undefined> = {
      raw: async () => {
        for (let index = 0; index < blockSize; index++) await rawSign();
      },
      sequential: async () => {
        for (let index = 0; index < blockSize; index++) await holder.sign({ content });
      },
      batch:
        options.withBatch === false
          ? undefined
          : async () => {
              await holder.signMany({ contents });
            },
    };
    const milliseconds = { raw: 0, sequential: 0, batch: 0 };
    const mainCpu = { raw: 0, sequential: 0, batch: 0 };
    const hostCpu = { raw: 0, sequential: 0, batch: 0 };
    // Warm-up: handles found, code compiled.
    for (const run of Object.values(kinds)) await run?.();
    const hostPid = host.pid!;
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, run] of Object.entries(kinds)) {
        if (!run) continue;
        const kind = name as keyof typeof kinds;
        const [started, mainBefore, hostBefore] = [
          performance.now(),
          ownCpuMicroseconds(),
          processCpuMicroseconds(hostPid),
        ];
        await run();
        milliseconds[kind] += performance.now() - started;
        mainCpu[kind] += ownCpuMicroseconds() - mainBefore;
        hostCpu[kind] += processCpuMicroseconds(hostPid) - hostBefore;
      }
    }
    library.C_Logout(session);
    library.C_CloseSession(session);
    const signed = options.rounds * blockSize;
    const batchSigned = options.rounds * batchSize;
    const perSecond = (total: number, count = signed): Throughput => ({
      signaturesPerSecond: count / (total / 1000),
    });
    return {
      rounds: options.rounds,
      signaturesPerKindPerRound: blockSize,
      raw: perSecond(milliseconds.raw),
      sequential: perSecond(milliseconds.sequential),
      batch: perSecond(milliseconds.batch, batchSigned),
      cpuMicrosecondsPerSignature: {
        raw: mainCpu.raw / signed,
        sequential: { main: mainCpu.sequential / signed, tokenHost: hostCpu.sequential / signed },
        batch: { main: mainCpu.batch / batchSigned, tokenHost: hostCpu.batch / batchSigned },
      },
    };
  } finally {
    await holder.stop();
    library.C_Finalize();
  }
}
