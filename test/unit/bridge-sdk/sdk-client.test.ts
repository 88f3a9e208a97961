// The SDK's protocol logic against a stand-in server: port fallbacks, hello, request/response
// matching, error codes, batch progress and events. No key or consent is involved here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, YiKeyBridgeError, type YiKeyBridgeClient } from '../../../src-main/bridge-sdk';
import {
  closedPort,
  helloResult,
  startFakeBridge,
  wsSocketFactory,
  type FakeBridge,
} from './fake-bridge-server';

const summary = { patient: '王五', recordType: '病程记录', title: '首次病程记录', documentId: 'doc-1' };
const nonce = 'A'.repeat(43); // 32 bytes, base64url
const servers: FakeBridge[] = [];
const clients: YiKeyBridgeClient[] = [];

async function bridge(answer?: Parameters<typeof startFakeBridge>[0]): Promise<FakeBridge> {
  const server = await startFakeBridge(answer);
  servers.push(server);
  return server;
}

async function connectTo(server: FakeBridge): Promise<YiKeyBridgeClient> {
  const client = await connect({ port: server.port, fallbackPorts: [], createSocket: wsSocketFactory });
  clients.push(client);
  return client;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(YiKeyBridgeError);
  return (error as YiKeyBridgeError).code;
}

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  vi.unstubAllGlobals();
});

describe('connect', () => {
  it('tries the configured port, then the fallbacks, skipping a service that is not YiKey', async () => {
    const nothing = await closedPort();
    const stranger = await bridge(() => ({ result: { hello: 'I am another CA client' } }));
    const yikey = await bridge();
    const client = await connect({
      port: nothing,
      fallbackPorts: [stranger.port, yikey.port],
      createSocket: wsSocketFactory,
    });
    clients.push(client);
    expect(client.url).toBe(`ws://127.0.0.1:${yikey.port}/`);
    expect(client.hello).toEqual(helloResult);
    expect(stranger.received.map((request) => request.method)).toEqual(['yikey.hello']);
  });

  it('says not-running when nothing answers on any port', async () => {
    const ports = [await closedPort(), await closedPort(), await closedPort()];
    const code = await codeOf(
      connect({ port: ports[0], fallbackPorts: ports.slice(1), createSocket: wsSocketFactory }),
    );
    expect(code).toBe('not-running');
  });

  it('says local-network-denied when nothing answers and the browser reports the permission denied', async () => {
    vi.stubGlobal('navigator', {
      permissions: {
        query: async ({ name }: { name: string }) => {
          if (name !== 'loopback-network') throw new TypeError('unknown permission');
          return { state: 'denied' };
        },
      },
    });
    const code = await codeOf(
      connect({ port: await closedPort(), fallbackPorts: [], createSocket: wsSocketFactory }),
    );
    expect(code).toBe('local-network-denied');
  });

  it('says protocol-mismatch when only another program answers', async () => {
    const stranger = await bridge(() => ({ result: { protocol: 'yikey-bridge/2' } }));
    const code = await codeOf(
      connect({ port: stranger.port, fallbackPorts: [], createSocket: wsSocketFactory }),
    );
    expect(code).toBe('protocol-mismatch');
  });

  it("passes on YiKey's refusal of this site and tries no other port", async () => {
    const refusing = await bridge(() => ({
      error: { code: -32000, message: '持有人未允许 (not approved)', data: { code: 'origin-not-approved' } },
    }));
    const other = await bridge();
    const error = await connect({
      port: refusing.port,
      fallbackPorts: [other.port],
      createSocket: wsSocketFactory,
    }).catch((caught: YiKeyBridgeError) => caught);
    expect(error).toBeInstanceOf(YiKeyBridgeError);
    expect((error as YiKeyBridgeError).code).toBe('origin-not-approved');
    expect((error as YiKeyBridgeError).serviceMessage).toBe('持有人未允许 (not approved)');
    expect(other.received).toEqual([]);
  });
});

describe('calls', () => {
  it('sends each method with exactly its params and returns the result', async () => {
    const certificates = [{ id: 'a'.repeat(64), subject: '张三' }];
    const server = await bridge((request) => {
      if (request.method === 'yikey.hello') return { result: helloResult };
      if (request.method === 'certs.list') return { result: { certificates } };
      return { result: { echo: request.method } };
    });
    const client = await connectTo(server);
    expect(await client.listCertificates()).toEqual(certificates);
    await client.login(nonce, { certificateId: 'a'.repeat(64) });
    // A field the page adds by mistake (a PIN!) is not sent: only the protocol's fields are.
    await client.sign({ content: '病程记录正文', summary, pin: '123456' } as never);
    await client.signDigest({ digest: 'b'.repeat(64), summary });
    await client.signDigest({ digest: 'c'.repeat(64), digestAlgorithm: 'sm3', summary });
    expect(server.received.slice(1).map(({ method, params }) => ({ method, params }))).toEqual([
      { method: 'certs.list', params: {} },
      { method: 'auth.login', params: { nonce, certificateId: 'a'.repeat(64) } },
      { method: 'sign.content', params: { content: '病程记录正文', summary } },
      { method: 'sign.digest', params: { digest: 'b'.repeat(64), summary } },
      { method: 'sign.digest', params: { digest: 'c'.repeat(64), digestAlgorithm: 'sm3', summary } },
    ]);
    expect(new Set(server.received.map((request) => request.id)).size).toBe(server.received.length);
  });

  it('turns JSON-RPC errors into stable codes', async () => {
    const server = await bridge((request) => {
      if (request.method === 'yikey.hello') return { result: helloResult };
      if (request.method === 'certs.list') return { error: { code: -32601, message: 'no such method' } };
      if (request.method === 'auth.login')
        return { error: { code: -32000, message: '请插入USBKEY', data: { code: 'key-absent' } } };
      return { error: { code: -32000, message: 'new', data: { code: 'some-future-code' } } };
    });
    const client = await connectTo(server);
    expect(await codeOf(client.listCertificates())).toBe('method-not-found');
    expect(await codeOf(client.login(nonce))).toBe('key-absent');
    expect(await codeOf(client.sign({ content: 'x', summary }))).toBe('internal');
  });

  it.each([
    ['a short nonce', (client: YiKeyBridgeClient) => client.login('A'.repeat(40))],
    ['a nonce with padding', (client: YiKeyBridgeClient) => client.login(`${'A'.repeat(43)}=`)],
    [
      'an upper-case digest',
      (client: YiKeyBridgeClient) => client.signDigest({ digest: 'B'.repeat(64), summary }),
    ],
    [
      'both content kinds',
      (client: YiKeyBridgeClient) => client.sign({ content: 'x', contentBase64: 'eA==', summary } as never),
    ],
    [
      'an empty summary field',
      (client: YiKeyBridgeClient) => client.sign({ content: 'x', summary: { ...summary, patient: ' ' } }),
    ],
    [
      'an unknown digest algorithm',
      (client: YiKeyBridgeClient) =>
        client.signDigest({ digest: 'b'.repeat(64), digestAlgorithm: 'md5' as never, summary }),
    ],
    ['an empty batch', (client: YiKeyBridgeClient) => client.signBatch([])],
    ['a null batch item', (client: YiKeyBridgeClient) => client.signBatch([null as never])],
  ])('refuses %s before sending anything', async (_, call) => {
    const server = await bridge();
    const client = await connectTo(server);
    expect(await codeOf(call(client))).toBe('invalid-params');
    expect(server.received.map((request) => request.method)).toEqual(['yikey.hello']);
  });
});

describe('batch progress and events', () => {
  it("hands a batch's progress to its own callback only", async () => {
    const server = await bridge((request) =>
      request.method === 'yikey.hello' ? { result: helloResult } : null,
    );
    const client = await connectTo(server);
    const progress: { done: number; total: number }[] = [];
    const items = [1, 2].map((n) => ({
      content: `记录${n}`,
      summary: { ...summary, documentId: `doc-${n}` },
    }));
    const batch = client.signBatch(items, { onProgress: (step) => progress.push(step) });
    await vi.waitFor(() => expect(server.received).toHaveLength(2));
    const { id } = server.received[1]!;
    server.push({
      jsonrpc: '2.0',
      method: 'sign.progress',
      params: { requestId: id + 100, done: 9, total: 9 },
    });
    server.push({ jsonrpc: '2.0', method: 'sign.progress', params: { requestId: id, done: 1, total: 2 } });
    server.push({ jsonrpc: '2.0', method: 'sign.progress', params: { requestId: id, done: 2, total: 2 } });
    const results = [
      { documentId: 'doc-1', ok: true, signature: 'AA==', digest: 'c'.repeat(64) },
      { documentId: 'doc-2', ok: false, error: { code: 'key-removed', message: 'USBKEY已拔出' } },
    ];
    server.push({ jsonrpc: '2.0', id, result: { results } });
    expect(await batch).toEqual({ results });
    expect(progress).toEqual([
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  });

  it('tells the page when the key is removed, and stops telling an unsubscribed listener', async () => {
    const server = await bridge();
    const client = await connectTo(server);
    const seen: string[] = [];
    const stop = client.on('key.removed', () => seen.push('removed'));
    client.on('session.locked', () => seen.push('locked'));
    client.on('key.inserted', () => {
      throw new Error('a page handler that throws');
    });
    client.on('key.inserted', () => seen.push('inserted'));
    server.push({ jsonrpc: '2.0', method: 'key.removed', params: {} });
    server.push({ jsonrpc: '2.0', method: 'session.locked', params: {} });
    server.push({ jsonrpc: '2.0', method: 'key.inserted', params: {} });
    await vi.waitFor(() => expect(seen).toEqual(['removed', 'locked', 'inserted']));
    stop();
    server.push({ jsonrpc: '2.0', method: 'key.removed', params: {} });
    server.push({ jsonrpc: '2.0', method: 'session.locked', params: {} });
    await vi.waitFor(() => expect(seen).toEqual(['removed', 'locked', 'inserted', 'locked']));
  });

  it('rejects pending calls with connection-lost and says disconnected when YiKey goes away', async () => {
    const server = await bridge((request) =>
      request.method === 'yikey.hello' ? { result: helloResult } : null,
    );
    const client = await connectTo(server);
    let disconnected = false;
    client.on('disconnected', () => (disconnected = true));
    const pending = client.sign({ content: 'x', summary });
    await vi.waitFor(() => expect(server.received).toHaveLength(2));
    server.dropConnections();
    expect(await codeOf(pending)).toBe('connection-lost');
    expect(disconnected).toBe(true);
    expect(client.connected).toBe(false);
    expect(await codeOf(client.listCertificates())).toBe('connection-lost');
  });

  it('ignores frames that are not JSON-RPC and keeps working', async () => {
    const server = await bridge();
    const client = await connectTo(server);
    server.push({ nonsense: true });
    server.push({ jsonrpc: '2.0', id: 999, result: 'for nobody' });
    expect(await client.listCertificates().catch(() => 'failed')).toBe('failed'); // {} has no certificates
    expect(client.connected).toBe(true);
  });
});
