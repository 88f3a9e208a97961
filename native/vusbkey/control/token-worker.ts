// Child process that provisions objects on a SoftHSM token through libsofthsm2 directly.
// It runs apart from the caller because a process can hold only one SoftHSM instance: a
// test process that also has the virtual module loaded (which forwards to that same
// instance) would otherwise see C_Initialize/C_Finalize pulled from under it.
// Request on stdin and result on stdout, both JSON (see token-worker-client.ts).
import { readFileSync } from 'node:fs';

import { tokenWorkerRequestSchema, type TokenWorkerResult } from './token-worker-protocol';
import { withTokenSession } from './softhsm-direct';
import { generateKeyPairOnToken, writeCertificateObject } from './token-objects';
import { generateSm2KeyPair } from './sm2-key-pair';

async function main(): Promise<void> {
  const request = tokenWorkerRequestSchema.parse(JSON.parse(readFileSync(0, 'utf8')));
  const { operation } = request;
  if (operation.kind === 'generate-sm2-key-pair') {
    // Through the virtual module, not SoftHSM directly: see sm2-key-pair.ts.
    const spki = generateSm2KeyPair(request, { ...operation, id: Buffer.from(operation.id, 'hex') });
    process.stdout.write(JSON.stringify({ spki: spki.toString('hex') } satisfies TokenWorkerResult));
    return;
  }
  const result: TokenWorkerResult = await withTokenSession(
    request.softhsmConf,
    request.serial,
    request.pin,
    (token) => {
      const id = Buffer.from(operation.id, 'hex');
      if (operation.kind === 'generate-key-pair') {
        const { spki } = generateKeyPairOnToken(token, { ...operation, id });
        return { spki: spki.toString('hex') };
      }
      writeCertificateObject(token, {
        id,
        label: operation.label,
        value: Buffer.from(operation.value, 'hex'),
      });
      return {};
    },
  );
  process.stdout.write(JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
