// A reference provincial backend with its CA token, opened on a fresh data directory for one test
// file and removed after it (the in-process workflow tests share this setup).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

import { openBackend, type BackendParts } from '../provincial-backend/backend-app';

/** Registers beforeAll/afterAll; call the returned function inside tests to reach the parts. */
export function useBackendWithCa(tempPrefix: string): () => BackendParts {
  let dataDir: string | undefined;
  let parts: BackendParts | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), tempPrefix));
    parts = openBackend(dataDir, { withCa: true });
  });
  afterAll(() => {
    parts?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!parts) throw new Error('The backend opens in beforeAll: reach it only inside a test.');
    return parts;
  };
}
