// Runs a command inside its own D-Bus session with gnome-keyring's Secret Service unlocked by a
// throw-away password (read by gnome-keyring-daemon --unlock from stdin, never in argv), as
// keytar meets it on a Linux desktop. The keyrings live under `dataHome` (XDG_DATA_HOME), so
// several sessions over the same folder see the same keychain — a restart of the app — and the
// tester's own keyring is never touched. dbus-run-session ends the bus, and the daemon with it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface KeyringRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runInKeyringSession(
  command: string[],
  options: {
    dataHome: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** The command's standard input (e.g. PINs for --pin-stdin); the keyring password then comes from a 0600 file. */
    stdin?: string;
  },
): Promise<KeyringRun> {
  return new Promise((resolve, reject) => {
    let passwordFile: string | undefined;
    if (options.stdin !== undefined) {
      mkdirSync(options.dataHome, { recursive: true, mode: 0o700 });
      passwordFile = path.join(options.dataHome, '.keyring-password');
      writeFileSync(passwordFile, 'throw-away-keyring-password', { mode: 0o600 });
    }
    const unlock = passwordFile
      ? 'gnome-keyring-daemon --unlock --components=secrets <"$KEYRING_PASSWORD_FILE" >/dev/null'
      : 'gnome-keyring-daemon --unlock --components=secrets >/dev/null';
    const child = spawn('dbus-run-session', ['--', 'sh', '-c', `${unlock} && exec "$@"`, 'sh', ...command], {
      env: {
        ...process.env,
        ...options.env,
        XDG_DATA_HOME: options.dataHome,
        DISPLAY: '',
        ...(passwordFile ? { KEYRING_PASSWORD_FILE: passwordFile } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? 'throw-away-keyring-password');
  });
}
