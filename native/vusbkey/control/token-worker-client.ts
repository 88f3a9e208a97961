// Runs one token operation in a child process (token-worker.ts); see there for why.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { homePaths, VusbkeyError } from './paths';
import type { TokenOperation, TokenWorkerRequest, TokenWorkerResult } from './token-worker-protocol';

// From the sources the worker is token-worker.ts, run through tsx; bundled (dist/node, see
// src-main/build/build-node.mjs) it is vusbkey-token-worker.mjs beside the bundle.
const runsFromSource = import.meta.url.endsWith('.ts');
const here = path.dirname(fileURLToPath(import.meta.url));

function workerCommand(): string[] {
  if (!runsFromSource) return [path.join(here, 'vusbkey-token-worker.mjs')];
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsxLoader, path.join(here, 'token-worker.ts')];
}

export function runTokenOperation(
  home: string,
  token: { serial: string; pin: string },
  operation: TokenOperation,
): Promise<TokenWorkerResult> {
  const request: TokenWorkerRequest = { softhsmConf: homePaths(home).softhsmConf, ...token, operation };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, workerCommand(), {
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
