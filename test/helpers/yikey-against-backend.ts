// What the tests of YiKey's CLI against the reference provincial backend share: the holder's
// environment (one data folder per key), `yikey requests --json` read back, the backend's own
// list of requests, "only this key is inserted", and the request journal as it is on disk.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BackendAndHolders } from './backend-and-holders';
import { backendCliJson } from './provincial-backend-process';
import { runCli } from './run-cli';

export interface YikeyRequestView {
  id: string;
  kind: string;
  stage: string;
  stageText: string;
  newKeyId: string;
  statusText: string[];
  lastError: { code: string; message?: string } | null;
  /** An unlock's reference number. */
  reference?: string;
}

/** The environment of the holder of key `label` (data folder `yikey-<label>` in the world's work folder). */
export function holderEnv(
  world: Pick<BackendAndHolders, 'keys' | 'trustBundle' | 'work' | 'backend'>,
  label: string,
  language: 'zh-CN' | 'en' = 'zh-CN',
): NodeJS.ProcessEnv {
  return {
    ...world.keys.env,
    YIKEY_PKCS11_MODULE: world.keys.modulePath,
    YIKEY_TRUSTED_CA: world.trustBundle,
    YIKEY_DATA_DIR: path.join(world.work, `yikey-${label}`),
    YIKEY_POLICY_FILE: '',
    YIKEY_BACKEND_URL: world.backend.origin,
    YIKEY_LANG: language,
  };
}

/** `yikey requests --json`: the renewals, changes, revocations and unlocks of this holder. */
export async function yikeyRequests(env: NodeJS.ProcessEnv): Promise<YikeyRequestView[]> {
  const listed = await runCli(['requests', '--json'], { env });
  if (listed.code !== 0) throw new Error(`yikey requests failed (${listed.code}): ${listed.stderr}`);
  return (JSON.parse(listed.stdout) as { requests: YikeyRequestView[] }).requests;
}

/** The backend's requests of one kind, as its operator's CLI lists them. */
export function backendRequests(data: string, kind: string): { id: number; kind: string; stage: string }[] {
  return backendCliJson<{ id: number; kind: string; stage: string }[]>(['requests', '--data', data]).filter(
    (request) => request.kind === kind,
  );
}

/** One journal record as it is on disk (`requests/` or `unlock-requests/`). */
export function journalRecord<T = Record<string, unknown>>(
  env: NodeJS.ProcessEnv,
  id: string,
  folder = 'requests',
): T {
  return JSON.parse(readFileSync(path.join(env.YIKEY_DATA_DIR!, folder, `${id}.json`), 'utf8')) as T;
}

/** Only key `label` is inserted, as a holder at their own PC (the CLI then needs no --cert). */
export async function onlyPlugged(world: BackendAndHolders, labels: readonly string[], label: string) {
  for (const other of labels) if (other !== label) await world.keys.unplug(other);
  await world.keys.plug(label);
}
