// A CLI command's `initialize`, sent to its token host before the command has loaded its program
// (issue 11): loading and initialising the PKCS#11 module then runs beside the command's own
// start-up instead of after it. Measured on a standby host with the virtual key: the command
// sent it 25 ms after its start and waited ~20 ms for the answer; sent ahead, the answer is there
// before the command asks.
//
// The command's TokenHostClient later sends its own `initialize`. When that is the one sent ahead
// (the same module, poll interval and vendor rule: the usual case), it is not sent again: the
// answer already on its way is handed over under the client's request id. When it differs (the
// guess made from the command line was wrong), this host is ended and a fresh one takes the
// request, so a guess can cost time but never change what a command does.
import { sameInitializeParams, type InitializeParams } from './initialize-params';
import type { LaunchedHost } from './standby-host';

type HostExit = { code: number | null; signal: string | null };

/** The id of the request sent ahead: HostConnection numbers its own from 1 (0 is shutdown). */
const aheadRequestId = -1;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isInitializeRequest = (message: unknown): message is { id: number; params: InitializeParams } =>
  isRecord(message) && message.kind === 'request' && message.method === 'initialize';

const isAnswerToAhead = (message: unknown): message is Record<string, unknown> =>
  isRecord(message) && message.kind === 'response' && message.id === aheadRequestId;

/**
 * `host`, with `initialize(params)` sent to it now. Until the program takes it, what the host
 * says (and its exit) is kept for the program's listeners. `replacement` starts the host that
 * takes over when the program's own `initialize` differs.
 */
export function initializeAhead(
  host: LaunchedHost,
  params: InitializeParams,
  replacement: () => LaunchedHost,
): LaunchedHost {
  const messageListeners: ((message: unknown) => void)[] = [];
  const exitListeners: ((exit: HostExit) => void)[] = [];
  /** What arrived before the program listened, in order. */
  const keptMessages: unknown[] = [];
  let keptExit: HostExit | undefined;
  let current = host;
  let keepAlive = true;
  /** The program's own initialize: undecided, taken over (its id), or sent to a replacement. */
  let programRequest: { id: number } | 'replaced' | undefined;
  let answerAhead: Record<string, unknown> | undefined;

  const deliver = (message: unknown): void => {
    if (messageListeners.length === 0) keptMessages.push(message);
    else messageListeners.forEach((listener) => listener(message));
  };
  const follow = (followed: LaunchedHost): void => {
    followed.onMessage((message) => {
      if (followed !== current) return; // A host ended for a replacement.
      if (programRequest !== 'replaced' && isAnswerToAhead(message)) {
        if (programRequest) deliver({ ...message, id: programRequest.id });
        else answerAhead = message;
        return;
      }
      deliver(message);
    });
    followed.onExit((exit) => {
      if (followed !== current) return;
      if (exitListeners.length === 0) keptExit = exit;
      else exitListeners.forEach((listener) => listener(exit));
    });
  };

  follow(host);
  host.send({ kind: 'request', id: aheadRequestId, method: 'initialize', params });

  return {
    send: (message) => {
      if (programRequest === undefined && isInitializeRequest(message)) {
        if (sameInitializeParams(message.params, params)) {
          programRequest = { id: message.id };
          if (answerAhead) deliver({ ...answerAhead, id: message.id });
          return;
        }
        programRequest = 'replaced';
        const guessed = current;
        current = replacement();
        current.keepParentAlive(keepAlive);
        follow(current);
        guessed.kill();
      }
      current.send(message);
    },
    onMessage: (listener) => {
      messageListeners.push(listener);
      keptMessages.splice(0).forEach((message) => listener(message));
    },
    onExit: (listener) => {
      exitListeners.push(listener);
      if (keptExit) {
        const exit = keptExit;
        keptExit = undefined;
        listener(exit);
      }
    },
    kill: () => current.kill(),
    get pid() {
      return current.pid;
    },
    keepParentAlive: (keep) => {
      keepAlive = keep;
      current.keepParentAlive(keep);
    },
  };
}
