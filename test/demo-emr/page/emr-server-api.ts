// The page's calls to its own EMR server (same origin, session cookie).

export interface Doctor {
  name: string;
  unit: string | null;
  certificateSerial: string;
  certificate: string;
}

export interface PatientRecord {
  documentId: string;
  patient: string;
  recordType: string;
  title: string;
  date: string;
  text: string;
  signed: boolean;
}

export interface Patient {
  patientId: string;
  name: string;
  admissionNumber: string;
  bed: string;
  diagnosis: string;
  records: PatientRecord[];
}

export interface SignatureToStore {
  documentId: string;
  signature: string;
  mode: 'content' | 'digest';
  signedAt: string;
}

export type StoreOutcome =
  { documentId: string; ok: true } | { documentId: string; ok: false; reason: string };

export class ServerError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ServerError(json.error ?? `http-${response.status}`);
  return json;
}

export const emrServer = {
  config: () => call<{ bridgePort: number }>('GET', '/api/config'),
  nonce: () => call<{ nonce: string }>('POST', '/api/login/nonce'),
  login: (nonce: string, answer: unknown) =>
    call<{ doctor: Doctor }>('POST', '/api/login', { nonce, answer }),
  logout: () => call<unknown>('POST', '/api/logout', {}),
  patients: () => call<{ patients: Patient[] }>('GET', '/api/patients'),
  storeSignatures: (signatures: SignatureToStore[]) =>
    call<{ results: StoreOutcome[] }>('POST', '/api/signatures', { signatures }),
};
