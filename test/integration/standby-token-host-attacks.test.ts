// The standby token host (src-main/token/standby-*.ts, host/standby-channel.ts) as an attacker on
// the same machine and a careless user meet it: hostile connections to a waiting standby, a
// claimer that misbehaves, a hostile server where the CLI expects its standby, and socket folders
// that are not private. Each ends with what a user sees — the command works — and, where a
// standby should serve it, the key's call log proving which process did (C_Initialize's pid).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableCallLog, readCallLog } from '../../native/vusbkey/control/call-log';
import { opensslCmsVerify } from '../helpers/openssl';
import { builtCliEntry, runCli } from '../helpers/run-cli';
import {
  isAlive,
  killStandbyHostsOf,
  makeRuntimeFolder,
  standbyHostsOf,
  standbySocketFolder,
  standbySockets,
} from '../helpers/standby-hosts';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const pin = '123456';
const builtHostEntry = join(builtCliEntry, '..', 'token-host.cjs');

const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Polls until `find` gives something (bounded by the test's own time limit). */
async function eventually<T>(find: () => T | undefined | false): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined && found !== false) return found;
    await pause(25);
  }
}

/**
 * Whether `pid` sits in its event loop with nothing to do. A standby binds its socket before it
 * loads its program, so a socket there does not mean it can answer a claim within the CLI's
 * hello limit yet; on a loaded machine the load may take longer than that limit.
 */
function idleInEventLoop(pid: number): boolean {
  try {
    return /epoll/.test(readFileSync(`/proc/${pid}/wchan`, 'utf8'));
  } catch {
    return false;
  }
}

const rssKiB = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

const frame = (message: unknown): Buffer => {
  const body = serialize(message);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
};

/** The frames in `bytes` (a whole recorded stream; a cut-off last frame is left out). */
function framesIn(bytes: Buffer): unknown[] {
  const messages: unknown[] = [];
  for (let at = 0; at + 4 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (at + 4 + length > bytes.length) break;
    messages.push(deserialize(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return messages;
}

/** A connection to `path` and everything it receives until it closes. */
async function open(
  path: string,
): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = connect(path);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined); // The standby dropping it is the expected outcome.
  const closed = new Promise<void>((done) => socket.once('close', () => done()));
  await new Promise<void>((up, failed) => {
    socket.once('connect', up);
    socket.once('error', failed);
  });
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** Whether connecting to `path` fails (refused, or no socket there). */
const refuses = (path: string): Promise<boolean> =>
  new Promise((settle) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      settle(false);
    });
    probe.once('error', () => settle(true));
  });

describe('standby token host under attack', () => {
  let keys: VirtualKeyHome;
  let scratch: string;
  let record: string;
  let testNumber = 0;

  beforeAll(async () => {
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'doctor', pin });
    scratch = mkdtempSync(join(tmpdir(), 'yikey-standby-attacks-'));
    record = join(scratch, 'record.txt');
    writeFileSync(record, '出院小结：患者张三，2026-12-01。\n');
  });

  afterEach(() => killStandbyHostsOf(keys.home));

  afterAll(async () => {
    killStandbyHostsOf(keys.home);
    rmSync(scratch, { recursive: true, force: true });
    await keys?.cleanup();
  });

  /** A fresh runtime folder (so a fresh socket folder) and the environment that uses it. */
  function freshEnvironment(): { runtime: string; env: NodeJS.ProcessEnv } {
    const runtime = makeRuntimeFolder(join(scratch, `test-${++testNumber}`));
    const env = {
      ...keys.env,
      YIKEY_PKCS11_MODULE: keys.modulePath,
      YIKEY_LANG: 'en',
      XDG_RUNTIME_DIR: runtime,
      YIKEY_STANDBY_IDLE_SECONDS: '20',
    };
    return { runtime, env };
  }

  /** The one standby of this key home and runtime folder, listening at its socket. */
  async function waitingStandby(runtime: string, not?: number): Promise<{ pid: number; socket: string }> {
    const inRuntime = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .includes(`XDG_RUNTIME_DIR=${runtime}`);
      } catch {
        return false; // Gone meanwhile.
      }
    };
    const standby = await eventually(() => {
      const pids = standbyHostsOf(keys.home).filter((pid) => pid !== not && inRuntime(pid));
      // A socket, not a stale file of the same name that its standby has yet to replace.
      const sockets = standbySockets(runtime).filter((path) => {
        try {
          return lstatSync(path).isSocket();
        } catch {
          return false;
        }
      });
      return pids.length === 1 && sockets.length === 1 && { pid: pids[0]!, socket: sockets[0]! };
    });
    // Loaded: seen idle three times in a row (a file read while loading can look idle once).
    for (let idleSeen = 0; idleSeen < 3; idleSeen = idleInEventLoop(standby.pid) ? idleSeen + 1 : 0) {
      await pause(20);
    }
    return standby;
  }

  /** Runs one command so that it leaves a standby, and returns that standby. */
  async function leaveStandby(env: NodeJS.ProcessEnv, runtime: string) {
    const first = await runCli(['tokens', '--json'], { env });
    expect(first.code).toBe(0);
    return waitingStandby(runtime);
  }

  /** `yikey tokens` works, and the process that initialised the module was `pid`. */
  async function tokensServedBy(env: NodeJS.ProcessEnv, pid: number): Promise<void> {
    enableCallLog(keys.home);
    const tokens = await runCli(['tokens', '--json'], { env });
    expect(tokens.stderr).toBe('');
    expect(tokens.code).toBe(0);
    expect(JSON.parse(tokens.stdout)).toEqual([expect.objectContaining({ label: 'doctor' })]);
    const initialisers = readCallLog(keys.home)
      .filter((call) => call.fn === 'C_Initialize')
      .map((call) => call.pid);
    expect(initialisers).toEqual([pid]);
  }

  /** `yikey tokens` works with no standby process or socket anywhere (the folder is refused). */
  async function tokensWithoutStandby(env: NodeJS.ProcessEnv): Promise<void> {
    for (let run = 0; run < 2; run++) {
      const tokens = await runCli(['tokens', '--json'], { env });
      expect(tokens.code).toBe(0);
      expect(JSON.parse(tokens.stdout)).toEqual([expect.objectContaining({ label: 'doctor' })]);
    }
    await pause(300); // A successor would be spawned as the host exits, just after the command.
    expect(standbyHostsOf(keys.home)).toEqual([]);
  }

  it('a waiting standby drops garbage, oversize and non-claim frames, silence and floods, then serves the next command', async () => {
    const { runtime, env } = freshEnvironment();
    const standby = await leaveStandby(env, runtime);
    expect(readlinkSync(`/proc/${standby.pid}/fd/1`)).toBe('/dev/null'); // It logs nowhere at all.
    expect(readlinkSync(`/proc/${standby.pid}/fd/2`)).toBe('/dev/null');
    const rssBefore = rssKiB(standby.pid);

    const header = (length: number): Buffer => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(length);
      return bytes;
    };
    const hostile: [string, Buffer][] = [
      ['garbage', Buffer.from('GET / HTTP/1.1\r\nHost: yikey\r\n\r\n')],
      ['a header announcing 1 GiB', header(1024 ** 3)],
      ['a claim with an extra key', frame({ kind: 'claim', pid: 1 })],
      ['another kind', frame({ kind: 'standby-hello', pid: process.pid })],
      ['an array', frame(['claim'])],
      ['a Map', frame(new Map([['kind', 'claim']]))],
      [
        'a host request instead of a claim',
        frame({ kind: 'request', id: 1, method: 'listTokens', params: {} }),
      ],
      ['a claim padded past the handshake limit', frame({ kind: 'claim', padding: 'x'.repeat(200) })],
    ];
    for (const [what, bytes] of hostile) {
      const connection = await open(standby.socket);
      connection.socket.write(bytes);
      await connection.closed;
      expect(connection.received(), what).toEqual(Buffer.alloc(0)); // No hello: nothing claimed.
    }

    // Eight connections that announce almost 8 MiB each and send 4 MiB of it: before the claim a
    // frame may be 64 bytes, so none of it is buffered (the standby's RSS is watched meanwhile).
    const floods = await Promise.all(Array.from({ length: 8 }, () => open(standby.socket)));
    const filler = Buffer.alloc(4 * 1024 * 1024, 0x41);
    for (const flood of floods) {
      flood.socket.write(header(8 * 1024 * 1024 - 1));
      flood.socket.write(filler);
    }
    let peakRss = rssBefore;
    const flooding = Promise.all(floods.map((flood) => flood.closed));
    for (let done = false; !done;) {
      peakRss = Math.max(peakRss, rssKiB(standby.pid));
      done = await Promise.race([flooding.then(() => true), pause(20).then(() => false)]);
    }
    expect(peakRss - rssBefore).toBeLessThan(24 * 1024);

    // Silence, and a header trickled a byte at a time: both dropped at the claim limit (2 s from
    // connecting), though the trickle never stops sending.
    const silent = await open(standby.socket);
    const trickle = await open(standby.socket);
    let trickling = true;
    const trickler = (async () => {
      while (trickling && !trickle.socket.destroyed) {
        trickle.socket.write(Buffer.from([0]));
        await pause(200);
      }
    })();
    await Promise.all([silent.closed, trickle.closed]);
    trickling = false;
    await trickler;

    // 24 at once: at most 8 wait (the rest are closed at once); the standby stays up.
    const crowd = await Promise.all(
      Array.from({ length: 24 }, () => open(standby.socket).catch(() => undefined)),
    );
    await pause(200);
    const waiting = crowd.filter((connection) => connection && !connection.socket.destroyed);
    expect(waiting.length).toBeLessThanOrEqual(8);
    crowd.forEach((connection) => connection?.socket.destroy());

    expect(isAlive(standby.pid)).toBe(true);
    expect(existsSync(standby.socket)).toBe(true);
    expect(rssKiB(standby.pid) - rssBefore).toBeLessThan(24 * 1024);
    await tokensServedBy(env, standby.pid);
  });

  it('a claimed standby is its claimer’s alone: others are refused, bad requests get plain errors, bad frames end it cleanly', async () => {
    const { runtime, env } = freshEnvironment();
    const standby = await leaveStandby(env, runtime);

    // A claim cut into single bytes is still a claim.
    const claimer = await open(standby.socket);
    for (const byte of frame({ kind: 'claim' })) {
      claimer.socket.write(Buffer.from([byte]));
      await pause(5);
    }
    await eventually(() => framesIn(claimer.received()).length === 1);
    expect(framesIn(claimer.received())).toEqual([{ kind: 'standby-hello', pid: standby.pid }]);
    // Nobody else gets it: its socket is gone — or is its successor's, which answers as itself.
    if (!(await refuses(standby.socket))) {
      const second = await open(standby.socket);
      second.socket.write(frame({ kind: 'claim' }));
      await Promise.race([second.closed, eventually(() => framesIn(second.received()).length === 1)]);
      expect(framesIn(second.received())).not.toContainEqual({ kind: 'standby-hello', pid: standby.pid });
      second.socket.destroy();
    }

    // Requests the host refuses: each a plain error answer, and the connection stays.
    const requests = [
      { kind: 'request', id: 1, method: 'initialize', params: { modulePath: 42 } },
      { kind: 'request', id: 2, method: 'listTokens', params: {} },
      { kind: 'request', id: 3, method: 'rm -rf /', params: {} },
      {
        kind: 'request',
        id: 4,
        method: 'initialize',
        params: { modulePath: keys.modulePath, pollIntervalMs: 50, reinitializeAfterRemoval: false },
      },
      { kind: 'request', id: 5, method: 'signDigest', params: { slotId: 'x', keyId: 7, data: 'no' } },
    ];
    for (const request of requests) claimer.socket.write(frame(request));
    claimer.socket.write(frame({ not: 'a request' })); // Not ours: ignored, as from a fork's parent.
    const answers = await eventually(() => {
      // Answers, not token events; in id order (an unknown method is answered without waiting).
      const replies = (framesIn(claimer.received()).slice(1) as { kind: string; id: number }[])
        .filter((reply) => reply.kind === 'response')
        .sort((one, other) => one.id - other.id);
      return replies.length === requests.length && replies;
    });
    expect(answers).toEqual([
      {
        kind: 'response',
        id: 1,
        ok: false,
        error: expect.objectContaining({
          code: 'invalid-input',
          message: expect.stringMatching(/^Invalid initialize request/),
        }),
      },
      {
        kind: 'response',
        id: 2,
        ok: false,
        error: expect.objectContaining({
          code: 'module-load-failed',
          message: 'The token host has no PKCS#11 module loaded yet',
        }),
      },
      {
        kind: 'response',
        id: 3,
        ok: false,
        error: expect.objectContaining({ code: 'invalid-input', message: 'Unknown method rm -rf /' }),
      },
      { kind: 'response', id: 4, ok: true, result: expect.anything() },
      {
        kind: 'response',
        id: 5,
        ok: false,
        error: expect.objectContaining({
          code: 'invalid-input',
          message: expect.stringMatching(/^Invalid signDigest request/),
        }),
      },
    ]);

    // Then garbage as "host protocol": dropped, and the host finalises the module it loaded,
    // exits, and leaves a successor that serves the next command.
    enableCallLog(keys.home);
    claimer.socket.write(Buffer.from([0, 0, 0, 3, 0xde, 0xad, 0xbf]));
    await claimer.closed;
    const successor = await waitingStandby(runtime, standby.pid);
    await eventually(() => !isAlive(standby.pid));
    expect(
      readCallLog(keys.home)
        .filter((call) => call.pid === standby.pid)
        .map((call) => call.fn),
    ).toContain('C_Finalize');

    // The successor, claimed and sent an oversize frame, goes the same way.
    const second = await open(successor.socket);
    second.socket.write(frame({ kind: 'claim' }));
    await eventually(() => framesIn(second.received()).length === 1);
    const oversize = Buffer.alloc(4);
    oversize.writeUInt32BE(64 * 1024 * 1024);
    second.socket.write(oversize);
    await second.closed;
    const third = await waitingStandby(runtime, successor.pid);
    await eventually(() => !isAlive(successor.pid));
    await tokensServedBy(env, third.pid);
  });

  describe('the CLI against a hostile server at its standby socket', () => {
    let unrelated: ChildProcess;

    beforeAll(() => {
      // A process of this user that is not a standby host: a hello naming it must not pass.
      unrelated = spawn('sleep', ['120'], { stdio: 'ignore' });
    });

    afterAll(() => {
      unrelated.kill('SIGKILL');
    });

    type Behaviour = (connection: Socket) => void;
    const hello =
      (pid: number): Behaviour =>
      (connection) =>
        connection.write(frame({ kind: 'standby-hello', pid }));
    const behaviours: [string, () => Behaviour][] = [
      ['garbage', () => (connection) => connection.write(Buffer.from('\x00\x00\x00\x05garbage!'))],
      ['a hello naming pid 1', () => hello(1)],
      ['a hello naming a negative pid', () => hello(-1)],
      ['a hello naming a process that is not a standby host', () => hello(unrelated.pid!)],
      [
        'an oversize frame',
        () => (connection) => {
          const header = Buffer.alloc(4);
          header.writeUInt32BE(0x7fffffff);
          connection.write(header);
        },
      ],
      ['nothing at all', () => () => undefined],
      ['closing at once', () => (connection) => connection.destroy()],
    ];

    it.each(behaviours)(
      'a server answering with %s: the command forks its own host, and the PIN never reaches the server',
      async (_what, behaviour) => {
        const { runtime, env } = freshEnvironment();
        const standby = await leaveStandby(env, runtime);
        process.kill(standby.pid, 'SIGKILL');
        await eventually(() => !isAlive(standby.pid));
        unlinkSync(standby.socket);

        const received: Buffer[] = [];
        let firstConnection: { openedAt: number; closedAt?: number } | undefined;
        const fake: Server = createServer((connection) => {
          connection.on('error', () => undefined);
          const seen = { openedAt: Date.now() } as { openedAt: number; closedAt?: number };
          if (!firstConnection) {
            firstConnection = seen;
            connection.on('data', (chunk: Buffer) => received.push(chunk));
          }
          connection.on('close', () => (seen.closedAt = Date.now()));
          behaviour()(connection);
        });
        await new Promise<void>((done) => fake.listen(standby.socket, done));
        try {
          const signature = join(scratch, `fake-${testNumber}.p7s`);
          const signed = await runCli(['sign', '--in', record, '--out', signature, '--pin-stdin'], {
            env,
            stdin: `${pin}\n`,
          });
          expect(signed.stderr).toContain('Signed');
          expect(signed.code).toBe(0);
          expect(opensslCmsVerify({ content: record, signature, caFile: keys.caPath })).toMatchObject({
            ok: true,
          });
          expect(unrelated.exitCode).toBeNull();
          expect(isAlive(unrelated.pid!)).toBe(true);

          // The CLI did come, claimed, and at most sent initialize (which carries no secret) before
          // it gave up on the server — within the hello limit (1 s; the bound here is loose).
          expect(firstConnection).toBeDefined();
          await eventually(() => firstConnection!.closedAt !== undefined);
          expect(firstConnection!.closedAt! - firstConnection!.openedAt).toBeLessThan(5_000);
          const sent = Buffer.concat(received);
          const messages = framesIn(sent);
          // (A server that closes at once may have closed before the claim arrived.)
          expect(messages.slice(0, 1)).toEqual(messages.length > 0 ? [{ kind: 'claim' }] : []);
          for (const message of messages.slice(1))
            expect(message).toMatchObject({ kind: 'request', method: 'initialize' });
          expect(sent.includes(Buffer.from(pin, 'latin1'))).toBe(false);
          expect(sent.includes(Buffer.from(pin, 'utf16le'))).toBe(false);
        } finally {
          await new Promise<void>((done) => fake.close(() => done()));
        }
      },
    );
  });

  describe('socket folders that are not private', () => {
    it('a link in place of the folder: no standby is used or made, through it or where it points', async () => {
      const { runtime, env } = freshEnvironment();
      const elsewhere = join(scratch, `elsewhere-${testNumber}`);
      mkdirSync(elsewhere, { mode: 0o700 });
      symlinkSync(elsewhere, standbySocketFolder(runtime));
      await tokensWithoutStandby(env);
      expect(lstatSync(standbySocketFolder(runtime)).isSymbolicLink()).toBe(true);
      expect(readdirSync(elsewhere)).toEqual([]);
    });

    it('a folder owned by another user, or open to everyone: no standby is used or made there', async () => {
      for (const spoil of [
        (folder: string) => chownSync(folder, 65534, 65534),
        (folder: string) => chmodSync(folder, 0o777),
        (folder: string) => chmodSync(folder, 0o750),
      ]) {
        const { runtime, env } = freshEnvironment();
        const folder = standbySocketFolder(runtime);
        mkdirSync(folder, { mode: 0o700 });
        spoil(folder);
        await tokensWithoutStandby(env);
        expect(readdirSync(folder)).toEqual([]);
      }
    });

    it('a standby whose folder was opened up after it was left, or whose socket path is a folder, exits quietly', async () => {
      const { runtime, env } = freshEnvironment();
      const folder = standbySocketFolder(runtime);
      mkdirSync(folder, { mode: 0o700 });
      chmodSync(folder, 0o777);
      // What a host leaves as it ends, started by hand: the folder was private when its command looked.
      const successor = spawn(process.execPath, [builtHostEntry, '--standby'], {
        env: { ...env, YIKEY_STANDBY_SOCKET: join(folder, 'host-0123456789abcdef0123456789abcdef.sock') },
        stdio: 'ignore',
      });
      const exit = await new Promise<number | null>((done) => successor.once('exit', done));
      expect(exit).toBe(0);
      expect(readdirSync(folder)).toEqual([]);

      // A folder where its socket would go (it removes a stale socket file, not a folder): no crash.
      chmodSync(folder, 0o700);
      const blocked = join(folder, 'host-0123456789abcdef0123456789abcdef.sock');
      mkdirSync(blocked);
      const blockedSuccessor = spawn(process.execPath, [builtHostEntry, '--standby'], {
        env: { ...env, YIKEY_STANDBY_SOCKET: blocked },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let complaint = '';
      blockedSuccessor.stderr.on('data', (chunk: Buffer) => (complaint += chunk.toString()));
      expect(await new Promise<number | null>((done) => blockedSuccessor.once('exit', done))).toBe(0);
      expect(complaint).toBe('');
      expect(lstatSync(blocked).isDirectory()).toBe(true);
    });

    it('a runtime folder so deep that the socket path would be cut short: no standby, no socket anywhere', async () => {
      // The system cuts a socket path at 107 bytes without a word: here the cut falls in the
      // parent of the runtime folder, outside any private folder.
      const parent = join(scratch, `test-${++testNumber}`);
      const runtime = makeRuntimeFolder(join(parent, 'l'.repeat(90)));
      const env = { ...freshEnvironment().env, XDG_RUNTIME_DIR: runtime };
      await tokensWithoutStandby(env);
      expect(readdirSync(parent)).toEqual(['l'.repeat(90)]);
      expect(readdirSync(standbySocketFolder(runtime))).toEqual([]);
    });

    it('a regular file or a folder left where the socket goes: commands work, and a standby takes its place again', async () => {
      for (const leave of [
        (path: string) => writeFileSync(path, 'not a socket\n', { mode: 0o600 }),
        (path: string) => mkdirSync(path, { mode: 0o700 }),
      ]) {
        const { runtime, env } = freshEnvironment();
        const standby = await leaveStandby(env, runtime);
        process.kill(standby.pid, 'SIGKILL');
        await eventually(() => !isAlive(standby.pid));
        unlinkSync(standby.socket);
        leave(standby.socket);
        for (let run = 0; run < 2; run++) {
          const tokens = await runCli(['tokens', '--json'], { env });
          expect(tokens.stderr).toBe('');
          expect(tokens.code).toBe(0);
        }
      }
      // The file is replaced by a socket (it was in the private folder, named as ours): served again.
      const { runtime, env } = freshEnvironment();
      const standby = await leaveStandby(env, runtime);
      process.kill(standby.pid, 'SIGKILL');
      await eventually(() => !isAlive(standby.pid));
      unlinkSync(standby.socket);
      writeFileSync(standby.socket, 'not a socket\n', { mode: 0o600 });
      expect((await runCli(['tokens', '--json'], { env })).code).toBe(0);
      const next = await waitingStandby(runtime);
      await tokensServedBy(env, next.pid);
    });
  });
});
