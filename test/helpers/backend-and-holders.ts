// One world for the tests where YiKey's CLI talks to the reference provincial backend: virtual
// USBKEYs made by the test, a backend seeded with their holders and serving (answers say "check
// again in 1 s"), and the trust bundle a holder needs (the backend's CA, which issues the new
// certificates, and the virtual keys' CA, which issued the current ones).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { seedDemoBackend, startBackend, type BackendProcess } from './provincial-backend-process';
import { createVirtualKeyHome, type VirtualKeyHome } from './vusbkey-fixture';

export interface BackendAndHolders {
  work: string;
  data: string;
  keys: VirtualKeyHome;
  backend: BackendProcess;
  trustBundle: string;
  /** The serial numbers (hex) of the holders' certificates the backend imported, in key order. */
  importedCertificates: string[];
  /** A new backend process on the same data folder (after `backend.kill9()`); `backend` is then the new one. */
  restartBackend(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBackendAndHolders(
  workPrefix: string,
  makeKeys: (keys: VirtualKeyHome) => Promise<void>,
  backendOptions: Parameters<typeof startBackend>[1] = {},
): Promise<BackendAndHolders> {
  const work = mkdtempSync(path.join(os.tmpdir(), workPrefix));
  const data = path.join(work, 'data');
  let keys: VirtualKeyHome | undefined;
  let backend: BackendProcess | undefined;
  const stop = async () => {
    await backend?.stop();
    await keys?.cleanup();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    keys = await createVirtualKeyHome();
    await makeKeys(keys);
    const { importedCertificates } = seedDemoBackend(data, keys.home);
    backend = await startBackend(data, { checkAfterSeconds: 1, ...backendOptions });
    const trustBundle = path.join(work, 'trusted.pem');
    writeFileSync(
      trustBundle,
      readFileSync(path.join(data, 'ca', 'ca.cert.pem'), 'utf8') + readFileSync(keys.caPath, 'utf8'),
    );
    const world: BackendAndHolders = {
      work,
      data,
      keys,
      backend,
      trustBundle,
      importedCertificates,
      restartBackend: async () => {
        await world.backend.stop();
        world.backend = backend = await startBackend(data, { checkAfterSeconds: 1, ...backendOptions });
      },
      stop,
    };
    return world;
  } catch (error) {
    await stop();
    throw error;
  }
}
