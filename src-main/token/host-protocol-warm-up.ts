// What the build runs once in the CLI's cache-making run (cli/built-cli-entry.ts): every host
// protocol schema built and typical replies parsed, so that the V8 code cache holds zod's code for
// them. Without it a command's cache holds only what `yikey COMMAND --help` compiled, and
// `yikey tokens` compiled zod's schema and parse code afresh at every start (~4 ms, issue 11).
import { hostMethods, hostMethodSchema, hostReplySchema } from './host-protocol';

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

export function warmUpHostProtocol(): void {
  for (const method of hostMethods()) {
    hostMethodSchema(method, 'params');
    hostMethodSchema(method, 'result');
  }
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
