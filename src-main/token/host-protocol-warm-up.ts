// What the build runs once in a cache-making run (build/code-cache-run.ts): every host protocol
// schema built and typical messages parsed, so that the V8 code cache holds zod's code for them.
// The CLI's side parses answers (warmUpHostReplies), the token host's side requests
// (warmUpHostRequests). Without it a command's cache held only what `yikey COMMAND --help`
// compiled, and `yikey tokens` compiled zod's schema and parse code afresh at every start (issue 11).
import {
  hostMethods,
  hostMethodSchema,
  hostReplySchema,
  hostRequestSchema,
  isHostMethod,
} from './host-protocol';

const moduleInfo = {
  path: '/usr/lib/libvendor-pkcs11.so',
  manufacturer: 'Vendor',
  description: 'PKCS#11 module',
  cryptokiVersion: '2.40',
  libraryVersion: '1.0',
};

const token = {
  slotId: '0',
  label: 'YiKey',
  serial: '0123456789abcdef',
  manufacturer: 'Vendor',
  model: 'USBKEY',
  loggedIn: false,
  pin: {
    pinPad: false,
    countLow: false,
    finalTry: false,
    locked: false,
    toBeChanged: false,
    triesLeft: null,
    minLength: 6,
    maxLength: 16,
  },
};

function buildEverySchema(): void {
  for (const method of hostMethods()) {
    hostMethodSchema(method, 'params');
    hostMethodSchema(method, 'result');
  }
}

/** The main process's (here: the CLI's) side: the answers and events it checks. */
export function warmUpHostReplies(): void {
  buildEverySchema();
  const replies = [
    { kind: 'response', id: 1, ok: true, result: moduleInfo },
    { kind: 'response', id: 2, ok: true, result: [token] },
    {
      kind: 'response',
      id: 3,
      ok: false,
      error: { code: 'pin-incorrect', message: 'wrong PIN', details: {} },
    },
    { kind: 'event', event: { type: 'token-removed', slotId: '0', at: new Date(0).toISOString() } },
  ];
  for (const reply of replies) hostReplySchema().safeParse(reply);
  hostMethodSchema('initialize', 'result').safeParse(moduleInfo);
  hostMethodSchema('listTokens', 'result').safeParse([token]);
  hostMethodSchema('login', 'params').safeParse({ slotId: '0', pin: '123456' });
}

/** The token host's side: the requests it checks, as a command sends them. */
export function warmUpHostRequests(): void {
  buildEverySchema();
  const requests = [
    {
      kind: 'request',
      id: -1,
      method: 'initialize',
      params: { modulePath: moduleInfo.path, pollIntervalMs: 50, reinitializeAfterRemoval: false },
    },
    { kind: 'request', id: 1, method: 'listTokens', params: {} },
    { kind: 'request', id: 2, method: 'login', params: { slotId: '0', pin: '123456' } },
    { kind: 'request', id: 0, method: 'shutdown', params: {} },
  ];
  for (const request of requests) {
    const parsed = hostRequestSchema().safeParse(request);
    if (parsed.success && isHostMethod(parsed.data.method)) {
      hostMethodSchema(parsed.data.method, 'params').safeParse(parsed.data.params);
    }
  }
}
