// Opens the backend's parts on a data folder: the database always; the CA token, the CA and the
// CRL only when the command needs them (the CLI reviews requests without touching the token).
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CaToken } from './ca/ca-token';
import { CertificateAuthority } from './ca/certificate-authority';
import { caKeyAlgorithmOf } from './ca/sm2-ca-token';
import { openDatabase, type BackendDatabase } from './store/database';
import { BackendService } from './workflow/backend-service';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'yikey', 'provincial-backend');
}

export type BackendParts = {
  db: BackendDatabase;
  service: BackendService;
  token: CaToken | null;
  ca: CertificateAuthority | null;
  /** A CRL of every revocation so far, re-signed when the list changes (or after an hour). */
  crl(): Buffer;
  close(): void;
};

export function openBackend(
  dataDir: string,
  options: { withCa: boolean; crlUrl?: () => string | null },
): BackendParts {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(dataDir);
  let token: CaToken | null = null;
  try {
    token = options.withCa ? CaToken.open(dataDir, caKeyAlgorithmOf(dataDir)) : null;
    const ca = token ? CertificateAuthority.open(token, dataDir) : null;
    const service = new BackendService(db, {
      sealer: token ?? undefined,
      issuing: ca ? { ca, crlUrl: options.crlUrl ?? (() => null) } : undefined,
    });
    let cached: { key: string; der: Buffer; at: number } | null = null;
    return {
      db,
      service,
      token,
      ca,
      crl() {
        if (!ca) throw new Error('the CRL needs the CA');
        const entries = service.certificates.crlEntries();
        const key = entries.map((entry) => entry.serialHex).join(',');
        if (!cached || cached.key !== key || Date.now() - cached.at > 3_600_000) {
          // Seconds since 1970 grow with every CRL, across restarts, without a counter to keep.
          const number = Math.floor(Date.now() / 1000);
          cached = { key, der: ca.crl(entries, number), at: Date.now() };
        }
        return cached.der;
      },
      close() {
        token?.close();
        db.close();
      },
    };
  } catch (error) {
    token?.close();
    db.close();
    throw error;
  }
}
