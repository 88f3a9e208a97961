// `yikey watch --json | head -1`: once the reader of our standard output goes away, every write
// fails with EPIPE, and an 'error' event nobody listens to crashes the process with a stack
// trace. A reader that has seen enough is normal in a pipeline: stop writing and end quietly.
type Listener = () => void;

const listeners = new Set<Listener>();
let readerGone = false;

/** Installed once by main.ts, before any command writes. */
export function handleStdoutErrors(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      // Another failure (a full disk behind a redirect): say so, and fail.
      process.stderr.write(`yikey: cannot write to standard output (${error.code ?? error.message})\n`);
      process.exitCode = 1;
    }
    if (readerGone) return;
    readerGone = true;
    listeners.forEach((listener) => listener());
  });
}

/** Calls `listener` once when standard output can no longer be written (at once if that happened). */
export function onStdoutClosed(listener: Listener): () => void {
  if (readerGone) {
    listener();
    return () => undefined;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
