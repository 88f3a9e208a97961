// Ctrl-C, Ctrl-\ and a closed terminal window with a standby token host (standby-host.ts). The
// terminal sends SIGINT, SIGQUIT or SIGHUP to its whole foreground process group: a forked host is
// in the command's group and gets them with it; a standby host was started by an earlier command in
// a session of its own, so the command passes them on — else a host busy in a long batch or hung in
// its module would go on with the key after Ctrl-C. The command then ends as the signal would have
// ended it. A command that listens for the signal itself (`yikey watch` ends cleanly on Ctrl-C)
// keeps it: its own shutdown logs out and finalises on the host, and kills a host that does not
// answer, which a signal passed on would not let it do.
const terminalSignals = ['SIGINT', 'SIGQUIT', 'SIGHUP'] as const;

/** The held standby hosts of this process: pid → whether it is still that host. */
const held = new Map<number, () => boolean>();

function passOn(signal: NodeJS.Signals): void {
  // Listeners of the command's own (this one is installed once, however many hosts are held).
  if (process.listenerCount(signal) > 1) return;
  for (const [pid, stillOurs] of held) {
    if (!stillOurs()) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
  held.clear();
  stopListening();
  process.kill(process.pid, signal); // No listener left: Node's default, the end of this process.
}

const stopListening = (): void => terminalSignals.forEach((signal) => process.off(signal, passOn));

/**
 * Passes the terminal's signals on to the held standby `pid` (while `stillOurs()`: its pid may
 * since belong to another process) until the returned function is called.
 */
export function passTerminalSignalsTo(pid: number, stillOurs: () => boolean): () => void {
  if (held.size === 0) terminalSignals.forEach((signal) => process.on(signal, passOn));
  held.set(pid, stillOurs);
  return () => {
    if (held.get(pid) !== stillOurs) return;
    held.delete(pid);
    if (held.size === 0) stopListening();
  };
}
