// A private D-Bus session bus with gnome-keyring's Secret Service on it, unlocked by a
// throw-away password (on the daemon's stdin, never in argv), for a long-running process under
// test (browser mode) that keytar should find a keychain for: pass `env` to it. The keyrings live
// under `dataHome`; the tester's own keyring is never touched. stop() ends both daemons by pid.
// (keyring-session.ts runs one command in such a session; this one outlives a single command.)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface KeyringDaemon {
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  stop(): Promise<void>;
}

function firstLine(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`${what} printed nothing in ${timeoutMs} ms`)),
      timeoutMs,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function startKeyringDaemon(dataHome: string): Promise<KeyringDaemon> {
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let keyring: ChildProcess | undefined;
  try {
    const address = (await firstLine(bus, 'dbus-daemon')).trim();
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: dataHome, DISPLAY: '' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    keyring.stdin!.end('throw-away-keyring-password');
    // It prints its control socket (GNOME_KEYRING_CONTROL=…) once it serves the bus.
    await firstLine(keyring, 'gnome-keyring-daemon');
    const started = keyring;
    return {
      env: { DBUS_SESSION_BUS_ADDRESS: address },
      async stop() {
        await stopChild(started);
        await stopChild(bus);
      },
    };
  } catch (error) {
    if (keyring) await stopChild(keyring);
    await stopChild(bus);
    throw error;
  }
}
