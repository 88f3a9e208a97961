// The demo EMR's JSON API. The page gets a nonce, has YiKey sign the login and posts the answer;
// the server checks it with the bridge verifier. Each signature the page posts is checked by
// the verifier (signed by the logged-in doctor's certificate, over the server's own copy of the
// record) and by `openssl cms -verify`, and stored only when both pass.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { createNonceStore, verifyLogin, verifySignature } from '../../src-main/bridge-verifier';
import { demoPatients, demoRecords, findPatient, findRecord } from './demo-records';
import type { EmrSessions } from './emr-sessions';
import type { EmrStore, StoredSignature } from './emr-store';
import { opensslVerifies } from './openssl-check';

export interface EmrApiContext {
  origin: string;
  /** YiKey's bridge port, for the page's SDK (tests use a random one). */
  bridgePort: number;
  trustedCaPem: string;
  trustedCaFile: string;
  sessions: EmrSessions;
  store: EmrStore;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const maxBodyBytes = 2 * 1024 * 1024;

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? ''))
    throw new HttpError(415, 'json-expected');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      // Discard the rest (nothing is kept) so the client reads our answer instead of a reset.
      request.resume();
      throw new HttpError(413, 'too-large');
    }
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'malformed-json');
  }
}

function send(response: ServerResponse, status: number, body: unknown, cookie?: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  if (cookie) response.setHeader('Set-Cookie', cookie);
  response.end(JSON.stringify(body));
}

interface PostedSignature {
  documentId: string;
  signature: string;
  mode: 'content' | 'digest';
  signedAt: string;
}

function postedSignature(value: unknown): PostedSignature {
  const { documentId, signature, mode, signedAt } = (value ?? {}) as Record<string, unknown>;
  if (typeof documentId !== 'string' || typeof signature !== 'string' || signature.length > 64 * 1024) {
    throw new HttpError(400, 'malformed-signature');
  }
  return {
    documentId,
    signature,
    mode: mode === 'digest' ? 'digest' : 'content',
    signedAt: typeof signedAt === 'string' ? signedAt.slice(0, 40) : '',
  };
}

type CheckOutcome = { ok: true; stored: StoredSignature } | { ok: false; documentId: string; reason: string };

async function checkAndStore(
  context: EmrApiContext,
  doctor: NonNullable<ReturnType<EmrSessions['find']>>,
  posted: PostedSignature,
): Promise<CheckOutcome> {
  const record = findRecord(posted.documentId);
  if (!record) return { ok: false, documentId: posted.documentId, reason: 'unknown-record' };
  const bytes = Buffer.from(record.text, 'utf8');
  const digest = createHash('sha256').update(bytes).digest('hex');
  const verified = await verifySignature(
    posted.mode === 'digest' ? { digest } : { content: bytes },
    posted.signature,
    { trustedCAs: [context.trustedCaPem], expectedCertificate: doctor.certificate },
  );
  if (!verified.ok) return { ok: false, documentId: record.documentId, reason: verified.code };
  if (!opensslVerifies(bytes, posted.signature, context.trustedCaFile)) {
    return { ok: false, documentId: record.documentId, reason: 'openssl-refused' };
  }
  const stored = context.store.add({
    documentId: record.documentId,
    patient: findPatient(record.patientId)?.name ?? '',
    title: record.title,
    mode: posted.mode,
    doctor: doctor.name,
    certificateSerial: doctor.certificateSerial,
    signature: posted.signature,
    digest,
    signedAt: verified.signingTime ?? posted.signedAt,
    verifiedAt: new Date().toISOString(),
  });
  return { ok: true, stored };
}

function signedDocuments(store: EmrStore): Set<string> {
  return new Set(store.list().map((entry) => entry.documentId));
}

export function createEmrApi(context: EmrApiContext) {
  const nonces = createNonceStore();

  async function route(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/api/config') {
      send(response, 200, { bridgePort: context.bridgePort });
      return;
    }
    if (method === 'POST' && path === '/api/login/nonce') {
      send(response, 200, { nonce: nonces.issue() });
      return;
    }
    if (method === 'POST' && path === '/api/login') {
      const body = await readJson(request);
      const nonce = typeof body.nonce === 'string' ? body.nonce : '';
      // Spent whatever the outcome: a nonce is good for one attempt.
      if (!nonces.consume(nonce)) throw new HttpError(401, 'nonce-unknown');
      const result = await verifyLogin((body.answer ?? {}) as never, {
        expectedOrigin: context.origin,
        issuedNonce: nonce,
        trustedCAs: [context.trustedCaPem],
      });
      if (!result.ok) {
        send(response, 401, { error: result.code });
        return;
      }
      const doctor = {
        name: result.signer.subject.commonName ?? result.signer.subject.dn,
        unit: result.signer.subject.organization ?? null,
        certificateSerial: result.signer.serialNumber,
        certificate: result.certificate,
        loggedInAt: new Date().toISOString(),
      };
      send(response, 200, { doctor }, context.sessions.create(doctor));
      return;
    }
    if (method === 'POST' && path === '/api/logout') {
      send(response, 200, { ok: true }, context.sessions.end(request));
      return;
    }
    const doctor = context.sessions.find(request);
    if (!doctor) throw new HttpError(401, 'not-logged-in');
    if (method === 'GET' && path === '/api/me') {
      send(response, 200, { doctor });
      return;
    }
    if (method === 'GET' && path === '/api/patients') {
      const signed = signedDocuments(context.store);
      send(response, 200, {
        patients: demoPatients.map((patient) => ({
          ...patient,
          records: demoRecords
            .filter((record) => record.patientId === patient.patientId)
            .map((record) => ({ ...record, patient: patient.name, signed: signed.has(record.documentId) })),
        })),
      });
      return;
    }
    if (method === 'POST' && path === '/api/signatures') {
      const body = await readJson(request);
      if (!Array.isArray(body.signatures) || body.signatures.length === 0 || body.signatures.length > 500) {
        throw new HttpError(400, 'malformed-signature');
      }
      const outcomes: CheckOutcome[] = [];
      for (const posted of body.signatures.map(postedSignature))
        outcomes.push(await checkAndStore(context, doctor, posted));
      send(response, 200, {
        results: outcomes.map((outcome) =>
          outcome.ok
            ? { documentId: outcome.stored.documentId, ok: true, verifiedAt: outcome.stored.verifiedAt }
            : { documentId: outcome.documentId, ok: false, reason: outcome.reason },
        ),
      });
      return;
    }
    if (method === 'GET' && path === '/api/signatures') {
      send(response, 200, { signatures: context.store.list() });
      return;
    }
    throw new HttpError(404, 'not-found');
  }

  return async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    try {
      // A page of another origin may not drive this API (CSRF); fetch() sends Origin on POST.
      if (request.method !== 'GET' && request.headers.origin !== context.origin)
        throw new HttpError(403, 'wrong-origin');
      await route(request, response, path);
    } catch (error) {
      if (error instanceof HttpError) send(response, error.status, { error: error.code });
      else send(response, 500, { error: 'internal' });
    }
  };
}
