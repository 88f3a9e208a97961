// Starts the EMR bridge beside the holder core (browser mode, the Electron shell, the demo):
// approvals (IT's policy + the holder's, sealed with the keychain key), the consent broker, the
// signature log, the service and its loopback socket; then attaches it to the holder API so
// YiKey's window sees its questions, and forwards key and lock events to approved pages.
// A port that is taken or a policy that turns the bridge off is not fatal: YiKey runs, and the
// settings say why the bridge is not listening.
import type { BridgePolicy } from '../contract/admin-policy';
import type { BridgeStatus } from '../contract/bridge-consent';
import { bridgeLimits, defaultBridgePort } from '../contract/bridge-wire';
import type { BridgeControl } from '../holder-api/bridge-control';
import type { HolderCore } from '../holder-api/start-holder-core';
import packageJson from '../../package.json';
import { createBridgeService } from './bridge-service';
import { startBridgeServer, type BridgeServer } from './bridge-server';
import { ConsentBroker } from './consent-broker';
import type { IntegrityKeyStore } from './integrity-key';
import { OriginApprovals } from './origin-approvals';
import { SignatureLog } from './signature-log';

export interface BridgeOptions {
  core: Pick<HolderCore, 'session' | 'dispatcher' | 'settings'>;
  /** From the command line or the environment; IT's policy port wins. Default 27183; 0 = any free port (tests). */
  port?: number;
  /** The approvals file and the signature log; null keeps both in memory for this run. */
  approvalsPath: string | null;
  signatureLogPath: string | null;
  keychain: IntegrityKeyStore;
  /** How long the holder has to answer (2 minutes; tests shorten it). */
  decisionTimeoutMs?: number;
}

export interface RunningBridge extends BridgeControl {
  /** ws://127.0.0.1:PORT/ while listening, else null (status().problem says why). */
  address: string | null;
  close(): Promise<void>;
}

function portProblem(error: unknown): BridgeStatus['problem'] {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed';
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const policy: BridgePolicy = options.core.settings.view().adminPolicy.bridge ?? {};
  const port = policy.port ?? options.port ?? defaultBridgePort;
  const approvals = await OriginApprovals.open({
    filePath: options.approvalsPath,
    keychain: options.keychain,
    policyOrigins: policy.approvedOrigins ?? [],
  });
  const broker = new ConsentBroker({
    timeoutMs: options.decisionTimeoutMs ?? bridgeLimits.decisionTimeoutMs,
  });
  const log = await SignatureLog.open(options.signatureLogPath);
  let server: BridgeServer | null = null;
  let problem: BridgeStatus['problem'] = null;
  const handlers = createBridgeService({
    holder: options.core.session,
    broker,
    approvals,
    log,
    appVersion: packageJson.version,
    onApproved: (origin) => server?.originApproved(origin),
  });
  if (policy.enabled === false) problem = 'disabled-by-policy';
  else {
    try {
      server = await startBridgeServer({ port, handlers, approvals });
    } catch (error) {
      problem = portProblem(error);
      process.stderr.write(
        `EMR签名服务未启动 EMR bridge not started on 127.0.0.1:${port} (${String(error)})\n`,
      );
    }
  }

  const notSigning = (view: { kind: string }): boolean => view.kind !== 'first-contact';
  const unsubscribe = options.core.dispatcher.onEvent((event) => {
    switch (event.name) {
      case 'token:inserted':
        server?.broadcast('key.inserted', {});
        break;
      case 'token:removed':
        // Nothing is signed with a key that left: pending consents end, pages log the doctor out.
        broker.endAll('key-removed', notSigning);
        server?.broadcast('key.removed', {});
        break;
      case 'session:locked':
        if (event.payload.reason !== 'token-removed') broker.endAll('locked', notSigning);
        server?.broadcast('session.locked', {});
        break;
      default:
        break;
    }
  });

  const address = server ? `ws://127.0.0.1:${server.port}/` : null;
  const running: RunningBridge = {
    address,
    status: () => ({
      address,
      port: server?.port ?? port,
      problem,
      approvals: approvals.list(),
      approvalsStorage: approvals.storage,
      approvalsWarning: approvals.warning,
      pending: broker.pending(),
    }),
    decide: (requestId, approve) => broker.decide(requestId, approve),
    async revoke(origin) {
      // IT's policy origins are not the holder's to revoke: nothing changes for them.
      if (!(await approvals.revoke(origin))) return;
      broker.endAll('refused', (view) => view.origin === origin);
      server?.disconnectOrigin(origin);
    },
    onEvent: (listener) => broker.onEvent(listener),
    async close() {
      unsubscribe();
      broker.endAll('locked');
      await server?.close();
    },
  };
  options.core.dispatcher.attachBridge(running);
  return running;
}
