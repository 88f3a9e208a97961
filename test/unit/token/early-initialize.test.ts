// The initialize a CLI command sends ahead (src-main/token/early-initialize.ts), as pure logic over
// recording hosts: which requests reach which host, and what the program's listeners see.
import { describe, expect, it } from 'vitest';
import { initializeAhead } from '../../../src-main/token/early-initialize';
import type { InitializeParams } from '../../../src-main/token/initialize-params';
import type { LaunchedHost } from '../../../src-main/token/standby-host';

type HostExit = { code: number | null; signal: string | null };

/** A host that records what it is sent and says what the test makes it say. */
function recordingHost(pid: number) {
  const sent: unknown[] = [];
  const keptAlive: boolean[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  const exitListeners: ((exit: HostExit) => void)[] = [];
  let killed = false;
  const host: LaunchedHost = {
    send: (message) => sent.push(message),
    onMessage: (listener) => messageListeners.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => (killed = true),
    pid,
    keepParentAlive: (keep) => keptAlive.push(keep),
  };
  return {
    host,
    sent,
    keptAlive,
    say: (message: unknown) => messageListeners.forEach((listener) => listener(message)),
    exit: (exit: HostExit) => exitListeners.forEach((listener) => listener(exit)),
    get killed() {
      return killed;
    },
  };
}

const guessed: InitializeParams = {
  modulePath: '/usr/lib/libvendor.so',
  pollIntervalMs: 50,
  reinitializeAfterRemoval: false,
};
const moduleInfo = { manufacturer: 'Vendor', library: 'libvendor' };
const initialize = (id: number, params: InitializeParams) => ({
  kind: 'request',
  id,
  method: 'initialize',
  params,
});

function listen(host: LaunchedHost) {
  const heard: unknown[] = [];
  const exits: HostExit[] = [];
  host.onMessage((message) => heard.push(message));
  host.onExit((exit) => exits.push(exit));
  return { heard, exits };
}

describe('initialize sent ahead to a CLI command’s token host', () => {
  it('is sent at once; the program’s same initialize is not sent again and gets the answer under its own id', () => {
    const first = recordingHost(10);
    const host = initializeAhead(first.host, guessed, () => {
      throw new Error('no replacement when the guess was right');
    });
    expect(first.sent).toEqual([initialize(-1, guessed)]);

    // The answer comes before the program has even listened.
    first.say({ kind: 'response', id: -1, ok: true, result: moduleInfo });
    const { heard } = listen(host);
    expect(heard).toEqual([]);
    host.send(initialize(1, { ...guessed }));
    expect(heard).toEqual([{ kind: 'response', id: 1, ok: true, result: moduleInfo }]);

    host.send({ kind: 'request', id: 2, method: 'listTokens', params: {} });
    expect(first.sent).toEqual([
      initialize(-1, guessed),
      { kind: 'request', id: 2, method: 'listTokens', params: {} },
    ]);
    expect(first.killed).toBe(false);
  });

  it('an answer that comes after the program asked reaches it under the program’s id, failures included', () => {
    const first = recordingHost(10);
    const host = initializeAhead(first.host, guessed, () => first.host);
    const { heard } = listen(host);
    host.send(initialize(1, guessed));
    expect(heard).toEqual([]);
    const failure = { code: 'module-load-failed', message: 'cannot load', details: {} };
    first.say({ kind: 'response', id: -1, ok: false, error: failure });
    expect(heard).toEqual([{ kind: 'response', id: 1, ok: false, error: failure }]);
  });

  it('keeps what the host said, and its exit, until the program’s same initialize makes it the program’s host', () => {
    const first = recordingHost(10);
    const host = initializeAhead(first.host, guessed, () => first.host);
    const inserted = { kind: 'event', event: { type: 'token-inserted', slotId: 0 } };
    first.say(inserted);
    first.exit({ code: null, signal: 'SIGABRT' }); // A module that crashed as it loaded.
    const { heard, exits } = listen(host);
    expect(heard).toEqual([]);
    expect(exits).toEqual([]);
    host.send(initialize(1, guessed));
    expect(heard).toEqual([inserted]);
    expect(exits).toEqual([{ code: null, signal: 'SIGABRT' }]);
  });

  it('a wrong guess whose host spoke or crashed before the program asked: the program hears only the replacement', () => {
    // The guessed module crashed as it loaded, or reported its own keys: neither is about the
    // module the command uses, so neither may fail the command or reach its output.
    const first = recordingHost(10);
    const second = recordingHost(20);
    const host = initializeAhead(first.host, guessed, () => second.host);
    first.say({ kind: 'event', event: { type: 'token-inserted', slotId: 7 } });
    first.say({ kind: 'response', id: -1, ok: true, result: moduleInfo });
    first.exit({ code: null, signal: 'SIGSEGV' });
    const { heard, exits } = listen(host);
    const wanted = { ...guessed, modulePath: '/opt/other/libother.so' };

    host.send(initialize(1, wanted));
    expect(second.sent).toEqual([initialize(1, wanted)]);
    second.say({ kind: 'response', id: 1, ok: true, result: moduleInfo });
    expect(heard).toEqual([{ kind: 'response', id: 1, ok: true, result: moduleInfo }]);
    expect(exits).toEqual([]);
  });

  it('a wrong guess: that host is ended, a new one gets the program’s initialize, and the old one is not heard', () => {
    const first = recordingHost(10);
    const second = recordingHost(20);
    const host = initializeAhead(first.host, guessed, () => second.host);
    const { heard, exits } = listen(host);
    const wanted = { ...guessed, modulePath: '/opt/other/libother.so' };

    host.keepParentAlive(true); // Taken by the program: the host keeps the command alive.
    host.send(initialize(1, wanted));
    expect(first.killed).toBe(true);
    // The replacement does too, or the command could end before its answer.
    expect(second.keptAlive).toEqual([true]);
    expect(second.sent).toEqual([initialize(1, wanted)]);
    expect(host.pid).toBe(20);

    first.say({ kind: 'response', id: -1, ok: true, result: moduleInfo });
    first.exit({ code: null, signal: 'SIGKILL' });
    expect(heard).toEqual([]);
    expect(exits).toEqual([]);

    second.say({ kind: 'response', id: 1, ok: true, result: moduleInfo });
    // The replacement's answers pass unchanged, even one with the id the guess used.
    second.say({ kind: 'response', id: -1, ok: true, result: {} });
    expect(heard).toEqual([
      { kind: 'response', id: 1, ok: true, result: moduleInfo },
      { kind: 'response', id: -1, ok: true, result: {} },
    ]);
    host.kill();
    expect(second.killed).toBe(true);
  });

  it('a reply the host sends before the program asked anything is dropped, not taken as the answer to the program’s request', () => {
    const first = recordingHost(10);
    const host = initializeAhead(first.host, guessed, () => first.host);
    const { heard } = listen(host);
    const stray = { kind: 'response', id: 1, ok: true, result: { manufacturer: 'Not asked', library: 'x' } };
    first.say(stray);
    host.send(initialize(1, guessed));
    expect(heard).toEqual([]);
    first.say({ kind: 'response', id: -1, ok: true, result: moduleInfo });
    expect(heard).toEqual([{ kind: 'response', id: 1, ok: true, result: moduleInfo }]);
  });

  it('only the program’s first initialize is compared: a later one goes to the host as it is', () => {
    const first = recordingHost(10);
    const host = initializeAhead(first.host, guessed, () => first.host);
    host.send(initialize(1, guessed));
    host.send(initialize(2, guessed));
    expect(first.sent).toEqual([initialize(-1, guessed), initialize(2, guessed)]);
  });
});
