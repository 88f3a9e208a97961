// Reads PINs from a hidden TTY prompt or, with --pin-stdin, one per line from standard input.
// PINs never come from argv (visible in `ps` and shell history) or the environment.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { YiKeyError } from '../contract/yikey-error';

const maxStdinBytes = 4096;

export interface PinSource {
  next(prompt: string): Promise<string>;
}

/** Reads all of standard input once, then hands out one line per requested PIN. */
export function stdinPinSource(stdin: NodeJS.ReadableStream = process.stdin): PinSource {
  let lines: Promise<string[]> | undefined;
  const readAll = async (): Promise<string[]> => {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stdin) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      total += buffer.length;
      if (total > maxStdinBytes) throw new YiKeyError('invalid-input', 'Standard input is too long for PINs');
      chunks.push(buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    chunks.forEach((chunk) => chunk.fill(0));
    return text.split(/\r?\n/);
  };
  let index = 0;
  return {
    async next(prompt: string): Promise<string> {
      lines ??= readAll();
      const line = (await lines)[index++];
      if (line === undefined || line === '') {
        throw new YiKeyError(
          'invalid-input',
          `Expected a PIN on standard input line ${index} (${prompt.trim()})`,
        );
      }
      return line;
    },
  };
}

/** Prompts on the terminal without echoing what is typed. */
export function ttyPinSource(): PinSource {
  return {
    next(prompt: string): Promise<string> {
      if (!process.stdin.isTTY) {
        return Promise.reject(
          new YiKeyError('invalid-input', 'No terminal to ask for the PIN: use --pin-stdin to pipe it in'),
        );
      }
      let muted = false;
      const silentOutput = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          if (!muted) process.stderr.write(chunk);
          callback();
        },
      });
      const prompter = createInterface({ input: process.stdin, output: silentOutput, terminal: true });
      return new Promise((resolve, reject) => {
        prompter.question(prompt, (answer) => {
          prompter.close();
          process.stderr.write('\n');
          if (answer === '') reject(new YiKeyError('invalid-input', 'The PIN is empty'));
          else resolve(answer);
        });
        muted = true;
      });
    },
  };
}

export function pinSource(options: { pinStdin?: boolean }): PinSource {
  return options.pinStdin ? stdinPinSource() : ttyPinSource();
}
