// CMP over HTTP (RFC 6712, RFC 9483 §6.1): POST application/pkixcmp, one message per request.
// https must be verified against the configured trust anchor; plain http only to a loopback
// address (a local test backend or the openssl mock server). Answers are capped in size and time.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { CmpError } from './cmp-error';
import { MAX_PKI_MESSAGE_BYTES } from './message-codec';

export const CMP_MEDIA_TYPE = 'application/pkixcmp';
/** RFC 9483 §6.1: the well-known path; the openssl mock server answers on any path. */
export const CMP_WELL_KNOWN_PATH = '/.well-known/cmp';

export interface CmpEndpoint {
  /** The backend's CMP URL, e.g. https://ca.example/.well-known/cmp (see cmpUrlFor). */
  url: URL;
  /** PEM or DER trust anchors for https; ignored for loopback http. */
  trustAnchorsPem?: string[];
  timeoutMs?: number;
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** <backend>/.well-known/cmp unless the address already names a path (e.g. the mock's /pkix/). */
export function cmpUrlFor(backend: string): URL {
  let url: URL;
  try {
    url = new URL(backend);
  } catch {
    throw new CmpError('cmp-transport', `The backend address is not a URL: ${backend}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CmpError(
      'cmp-transport',
      `The backend address must be https (or http on loopback): ${url.protocol}`,
    );
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new CmpError(
      'cmp-transport',
      `Plain http is allowed only to a loopback address, not ${url.hostname}`,
    );
  if (url.username || url.password)
    throw new CmpError('cmp-transport', 'The backend address must not carry credentials');
  if (url.pathname === '/' || url.pathname === '') url.pathname = CMP_WELL_KNOWN_PATH;
  return url;
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export async function postCmp(endpoint: CmpEndpoint, request: Uint8Array): Promise<Uint8Array> {
  const url = cmpUrlFor(endpoint.url.toString());
  const maxBytes = endpoint.maxResponseBytes ?? MAX_PKI_MESSAGE_BYTES;
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const isHttps = url.protocol === 'https:';
  if (isHttps && !endpoint.trustAnchorsPem?.length)
    throw new CmpError('cmp-transport', 'https to the backend needs a configured trust anchor');
  const options: https.RequestOptions = {
    method: 'POST',
    headers: {
      'content-type': CMP_MEDIA_TYPE,
      'content-length': request.byteLength,
      'cache-control': 'no-cache',
      connection: 'close',
    },
    timeout: timeoutMs,
    ...(isHttps ? { ca: endpoint.trustAnchorsPem, rejectUnauthorized: true } : {}),
  };
  return new Promise<Uint8Array>((resolve, reject) => {
    const fail = (error: CmpError): void => {
      req.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new CmpError('cmp-transport', `The backend did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const finish = (outcome: () => void): void => {
      clearTimeout(deadline);
      outcome();
    };
    const req = (isHttps ? https : http).request(url, options, (response) => {
      const status = response.statusCode ?? 0;
      const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > maxBytes)
        return finish(() =>
          fail(new CmpError('cmp-too-large', `The answer of ${declared} bytes exceeds ${maxBytes}`)),
        );
      // RFC 6712 §3.3: CMP errors come back as PKIMessages, also with status 4xx/5xx.
      if (type !== CMP_MEDIA_TYPE)
        return finish(() =>
          fail(
            new CmpError(
              'cmp-transport',
              `The backend answered HTTP ${status} with ${type || 'no content type'}, not CMP`,
              [],
              { httpStatus: status },
            ),
          ),
        );
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received > maxBytes)
          finish(() => fail(new CmpError('cmp-too-large', `The answer exceeds ${maxBytes} bytes`)));
        else chunks.push(chunk);
      });
      response.on('error', (error) =>
        finish(() => fail(new CmpError('cmp-transport', `Reading the answer failed: ${error.message}`))),
      );
      response.on('end', () => finish(() => resolve(new Uint8Array(Buffer.concat(chunks)))));
    });
    req.on('timeout', () =>
      finish(() => fail(new CmpError('cmp-transport', `The backend did not answer within ${timeoutMs} ms`))),
    );
    req.on('error', (error) =>
      finish(() =>
        reject(
          new CmpError('cmp-transport', `The backend cannot be reached: ${error.message}`, [], {
            cause: (error as NodeJS.ErrnoException).code ?? '',
          }),
        ),
      ),
    );
    req.end(request);
  });
}
