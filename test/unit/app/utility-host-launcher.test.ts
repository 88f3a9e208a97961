import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createUtilityHostLauncher, tokenHostServiceName } from '../../../src-main/app/utility-host-launcher';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  postMessage = vi.fn();
  kill = vi.fn(() => true);
}

function launch() {
  const child = new FakeUtilityProcess();
  const fork = vi.fn(() => child);
  const host = createUtilityHostLauncher(fork as never, '/app/dist/main/token-host.cjs')();
  return { child, fork, host };
}

describe('createUtilityHostLauncher', () => {
  it('forks the host entry as a named utility process', () => {
    const { fork } = launch();
    expect(fork).toHaveBeenCalledWith(
      '/app/dist/main/token-host.cjs',
      [],
      expect.objectContaining({ serviceName: tokenHostServiceName }),
    );
  });

  it('holds messages until the process has spawned, then delivers them in order', () => {
    const { child, host } = launch();
    host.send({ id: 1 });
    host.send({ id: 2 });
    expect(child.postMessage).not.toHaveBeenCalled();
    child.pid = 4242;
    child.emit('spawn');
    expect(child.postMessage.mock.calls).toEqual([[{ id: 1 }], [{ id: 2 }]]);
    host.send({ id: 3 });
    expect(child.postMessage).toHaveBeenLastCalledWith({ id: 3 });
    expect(host.pid).toBe(4242);
  });

  it('maps message and exit events onto HostProcess', () => {
    const { child, host } = launch();
    const messages: unknown[] = [];
    const exits: unknown[] = [];
    host.onMessage((message) => messages.push(message));
    host.onExit((exit) => exits.push(exit));
    child.emit('message', { kind: 'event' });
    child.emit('exit', 9);
    expect(messages).toEqual([{ kind: 'event' }]);
    expect(exits).toEqual([{ code: 9, signal: null }]);
  });

  it('drops messages after exit and kills on request', () => {
    const { child, host } = launch();
    child.emit('exit', 1);
    host.send({ id: 1 });
    child.emit('spawn');
    expect(child.postMessage).not.toHaveBeenCalled();
    host.kill();
    expect(child.kill).toHaveBeenCalledOnce();
  });
});
