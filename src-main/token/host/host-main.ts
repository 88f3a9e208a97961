// Entry point of the token host process (child_process.fork under Node, utilityProcess in
// Electron). It owns the PKCS#11 module so that a slow, hung or crashing vendor library can
// never freeze or kill the app: the main process only ever talks to it through messages.
import './zod-for-one-command';
import pkcs11js from './pkcs11-addon';
import { YiKeyError } from '../../contract/yikey-error';
import type { HostReply } from '../host-protocol';
import {
  hostMethodSchema,
  hostRequestSchema,
  isHostMethod,
  type HostMethod,
  type HostParams,
} from '../host-protocol';
import { isWritingCodeCache } from '../../build/code-cache-run';
import { warmUpHostRequests } from '../host-protocol-warm-up';
import { standbyIdleMs, standbySocketVariable } from '../standby-address';
import { readModuleDiagnostics } from './diagnostics-reader';
import { deleteKeyObjects, generateKeyPairLike, readPublicKey, writeCertificate } from './key-renewal';
import { loadPkcs11Module } from './module-loader';
import { OperationQueue } from './operation-queue';
import { SlotPoller } from './slot-poller';
import { waitForClaim } from './standby-channel';
import { leaveStandbySuccessor, standbyArgument } from './standby-successor';
import { TokenDriver } from './token-driver';

interface LoadedModule {
  library: pkcs11js.PKCS11;
  driver: TokenDriver;
  poller: SlotPoller;
  params: HostParams<'initialize'>;
}

/** The structural part of Electron's process.parentPort the host uses. */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
}

/**
 * The channel to the main process. Under child_process.fork it is process.send and the
 * 'message' event; inside an Electron utilityProcess it is process.parentPort, whose messages
 * arrive wrapped in an event's `data`; a standby host (`--standby`, for the CLI) waits at its
 * private socket for the command that claims it. The rest of this file does not know which.
 */
interface ParentChannel {
  send(reply: HostReply): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (a utilityProcess is ended by Electron instead). */
  onDisconnect(listener: () => void): void;
  /** Lets the parent see this host gone before it has exited (a process's teardown takes a while). */
  end(): Promise<void>;
}

async function openParentChannel(): Promise<ParentChannel | undefined> {
  if (process.argv.includes(standbyArgument)) {
    const socketPath = process.env[standbySocketVariable];
    const link = socketPath ? await waitForClaim(socketPath, standbyIdleMs(process.env)) : undefined;
    // Claimed: the successor starts now, while the command loads its program (standby-successor.ts)
    // — after the command's first request, which usually arrived with the claim: the module's
    // load is on the command's path, the successor's start is not.
    if (link) setImmediate(leaveStandbySuccessor);
    return (
      link && { send: link.send, onMessage: link.onMessage, onDisconnect: link.onClose, end: link.close }
    );
  }
  const parentPort = (process as { parentPort?: UtilityParentPort | null }).parentPort;
  if (parentPort) {
    return {
      send: (reply) => parentPort.postMessage(reply),
      onMessage: (listener) => parentPort.on('message', (messageEvent) => listener(messageEvent.data)),
      onDisconnect: () => undefined,
      end: async () => undefined,
    };
  }
  return {
    // A parent that has just gone (EPIPE) is not an error here: its 'disconnect' shuts this host down.
    send: (reply) => void process.send?.(reply, undefined, undefined, () => undefined),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
    end: async () => process.disconnect?.(),
  };
}

const queue = new OperationQueue();
let loaded: LoadedModule | undefined;
let parent: ParentChannel | undefined;

function send(reply: HostReply): void {
  parent?.send(reply);
}

function requireModule(): LoadedModule {
  if (!loaded) throw new YiKeyError('module-load-failed', 'The token host has no PKCS#11 module loaded yet');
  return loaded;
}

/** Finalize + initialize: what some vendor modules need to see a re-inserted key. */
function reinitialize(): Promise<void> {
  return queue.run(() => {
    const module = requireModule();
    module.driver.forgetAllSlots();
    try {
      module.library.C_Finalize();
    } catch {
      // Already finalized or broken: initialising again is the cure either way.
    }
    module.library.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  });
}

function initialize(params: HostParams<'initialize'>): ReturnType<typeof loadPkcs11Module>['info'] {
  if (loaded) throw new YiKeyError('invalid-input', 'The token host is already initialised');
  const { library, info } = loadPkcs11Module(params.modulePath);
  const driver = new TokenDriver(library);
  const poller = new SlotPoller({
    intervalMs: params.pollIntervalMs,
    listPresentSlots: () => driver.presentSlotIds(),
    onEvent: (event) => {
      // The event leaves at once (the holder's screen must lock within 200 ms); the driver's
      // own state changes in line with the calls, so a call already running finishes against
      // the state it started with and every later call sees the key as removed.
      send({ kind: 'event', event });
      if (event.type === 'token-removed') {
        void queue.run(() => driver.noteRemoved(event.slotId));
        if (params.reinitializeAfterRemoval) void reinitialize().catch(() => undefined);
      } else {
        void queue.run(() => driver.noteInserted(event.slotId));
      }
    },
    onListFailure: () => void reinitialize().catch(() => undefined),
  });
  loaded = { library, driver, poller, params };
  poller.start();
  return info;
}

async function dispatch(method: HostMethod, params: unknown): Promise<unknown> {
  const parsed = hostMethodSchema(method, 'params').safeParse(params);
  if (!parsed.success) {
    throw new YiKeyError(
      'invalid-input',
      `Invalid ${method} request: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  if (method === 'initialize') return initialize(parsed.data as HostParams<'initialize'>);
  if (method === 'shutdown') return shutdownAndExit();
  const { driver, library, params: moduleParams } = requireModule();
  return queue.run(async () => {
    switch (method as Exclude<HostMethod, 'initialize' | 'shutdown'>) {
      case 'listTokens':
        return driver.listTokens();
      case 'diagnostics':
        return readModuleDiagnostics(library, moduleParams.modulePath);
      case 'listObjects':
        return driver.listObjects(parsed.data as HostParams<'listObjects'>);
      case 'login':
        driver.login(parsed.data as HostParams<'login'>);
        return {};
      case 'logout':
        driver.logout(parsed.data as HostParams<'logout'>);
        return {};
      case 'logoutAll':
        driver.logoutAll();
        return {};
      case 'changePin':
        driver.changePin(parsed.data as HostParams<'changePin'>);
        return {};
      case 'initPinAsSecurityOfficer':
        driver.initPinAsSecurityOfficer(parsed.data as HostParams<'initPinAsSecurityOfficer'>);
        return {};
      case 'signDigest':
        return { signature: await driver.signDigest(parsed.data as HostParams<'signDigest'>) };
      case 'signDigests': {
        const { data, ...target } = parsed.data as HostParams<'signDigests'>;
        const signatures: Uint8Array[] = [];
        for (const digest of data) signatures.push(await driver.signDigest({ ...target, data: digest }));
        return { signatures };
      }
      case 'readPublicKey': {
        const { slotId, keyId } = parsed.data as HostParams<'readPublicKey'>;
        return driver.withUserSession(slotId, 'read public key', (session) => ({
          publicKey: readPublicKey(library, session, keyId),
        }));
      }
      case 'generateRenewalKeyPair': {
        const request = parsed.data as HostParams<'generateRenewalKeyPair'>;
        return driver.withUserSession(request.slotId, 'C_GenerateKeyPair', (session) =>
          generateKeyPairLike(library, session, request),
        );
      }
      case 'writeCertificate': {
        const request = parsed.data as HostParams<'writeCertificate'>;
        return driver.withUserSession(request.slotId, 'C_CreateObject', (session) =>
          writeCertificate(library, session, request),
        );
      }
      case 'deleteKeyObjects': {
        const request = parsed.data as HostParams<'deleteKeyObjects'>;
        return driver.withUserSession(request.slotId, 'C_DestroyObject', (session) =>
          deleteKeyObjects(library, session, request),
        );
      }
    }
  });
}

function handleMessage(message: unknown): void {
  const request = hostRequestSchema().safeParse(message);
  if (!request.success) return; // Not ours: the parent only sends validated requests.
  const { id, method, params } = request.data;
  if (!isHostMethod(method)) {
    send({
      kind: 'response',
      id,
      ok: false,
      error: { code: 'invalid-input', message: `Unknown method ${method}` },
    });
    return;
  }
  dispatch(method, params).then(
    (result) => send({ kind: 'response', id, ok: true, result }),
    (error: unknown) => send({ kind: 'response', id, ok: false, error: YiKeyError.from(error).toJSON() }),
  );
}

/** Longest a shutdown may take before the host exits anyway (the client kills it later still). */
const shutdownLimitMs = 2_500;
let shuttingDown: Promise<never> | undefined;

/**
 * Quitting: once the call running now has finished, log out of every key and C_Finalize, so the
 * module releases the keys as it expects to; then exit. A module that hangs here does not keep
 * the process alive past shutdownLimitMs.
 */
function shutdownAndExit(): Promise<never> {
  shuttingDown ??= new Promise<never>(() => {
    setTimeout(() => process.exit(0), shutdownLimitMs).unref();
    const module = loaded;
    if (!module) return void parent?.end().finally(exitLeavingSuccessor);
    module.poller.stop();
    void queue
      .run(() => module.driver.logoutAll())
      .catch(() => undefined) // Finalising ends every login anyway.
      // Logged out: the command may go on (a standby's CLI exits) while the module finalises.
      .then(() => parent?.end())
      .finally(() => {
        try {
          module.library.C_Finalize();
        } finally {
          exitLeavingSuccessor();
        }
      });
  });
  return shuttingDown;
}

/**
 * A forked host's successor starts as it exits (after the command let it go); a claimed standby
 * has started its own already, so this does nothing for it.
 */
function exitLeavingSuccessor(): never {
  leaveStandbySuccessor();
  process.exit(0);
}

// The build's cache-making run (build/code-cache-run.ts): what the first requests will compile.
if (isWritingCodeCache()) warmUpHostRequests();

void openParentChannel().then((channel) => {
  // An unclaimed standby (idle, or another one already waits at its socket) has nothing to do.
  if (!channel) process.exit(0);
  parent = channel;
  channel.onMessage(handleMessage);
  // A vanished parent (fork: the IPC channel disconnects; standby: the socket closes): shut down
  // as if asked. A utilityProcess is ended by Electron together with the app, which asks first.
  channel.onDisconnect(() => void shutdownAndExit());
});
