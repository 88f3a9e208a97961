// Runs one token operation in a child process (token-worker.ts); see there for why.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { homePaths, VusbkeyError } from './paths';
import type { TokenOperation, TokenWorkerRequest, TokenWorkerResult } from './token-worker-protocol';

const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'token-worker.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function runTokenOperation(
  home: string,
  token: { serial: string; pin: string },
  operation: TokenOperation,
): Promise<TokenWorkerResult> {
  const request: TokenWorkerRequest = { softhsmConf: homePaths(home).softhsmConf, ...token, operation };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, workerScript], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new VusbkeyError(
            `${operation.kind} on token ${token.serial} failed: ${stderr.trim() || `exit ${code}`}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(stdout) as TokenWorkerResult);
    });
    child.stdin.end(JSON.stringify(request));
  });
}
