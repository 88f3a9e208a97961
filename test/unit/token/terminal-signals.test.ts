// Passing the terminal's signals on to held standby hosts (src-main/token/terminal-signals.ts), as
// pure logic: process.kill is recorded instead of sent, and the signals are emitted in-process.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { passTerminalSignalsTo } from '../../../src-main/token/terminal-signals';

describe('terminal signals and held standby hosts', () => {
  let kill: MockInstance<typeof process.kill>;
  const stops: (() => void)[] = [];

  beforeEach(() => {
    kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
  });

  afterEach(() => {
    stops.splice(0).forEach((stop) => stop());
    kill.mockRestore();
  });

  const hold = (pid: number, stillOurs = true): void => {
    stops.push(passTerminalSignalsTo(pid, () => stillOurs));
  };

  it('Ctrl-C goes to every held standby that is still ours, then ends this process by the same signal', () => {
    hold(1001);
    hold(1002);
    hold(1003, false); // Its pid may belong to another process by now.
    process.emit('SIGINT', 'SIGINT');
    expect(kill.mock.calls).toEqual([
      [1001, 'SIGINT'],
      [1002, 'SIGINT'],
      [process.pid, 'SIGINT'],
    ]);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('a command that listens for the signal itself keeps it: nothing is passed on or raised', () => {
    hold(1001);
    hold(1002);
    const own = vi.fn();
    process.once('SIGHUP', own);
    process.emit('SIGHUP', 'SIGHUP');
    expect(own).toHaveBeenCalledOnce();
    expect(kill).not.toHaveBeenCalled();
  });

  it('a standby no longer held gets nothing; with none held, no listener stays', () => {
    const stop = passTerminalSignalsTo(1001, () => true);
    hold(1002);
    stop();
    stop(); // A second stop changes nothing.
    process.emit('SIGQUIT', 'SIGQUIT');
    expect(kill.mock.calls).toEqual([
      [1002, 'SIGQUIT'],
      [process.pid, 'SIGQUIT'],
    ]);
    const last = passTerminalSignalsTo(1003, () => true);
    last();
    expect(['SIGINT', 'SIGQUIT', 'SIGHUP'].map((signal) => process.listenerCount(signal))).toEqual([0, 0, 0]);
  });
});
