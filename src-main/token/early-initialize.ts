// A CLI command's `initialize`, sent to its token host before the command has loaded its program
// (issue 11): loading and initialising the PKCS#11 module then runs beside the command's own
// start-up instead of after it. Measured on a standby host with the virtual key (docs/performance.md,
// session 17): sent by the program, the host read it 55 ms after the command's start and answered
// 21.5 ms later while the command waited; sent ahead, the answer is there before the command asks.
//
// The command's TokenHostClient later sends its own `initialize`. When that is the one sent ahead
// (the same module, poll interval and vendor rule: the usual case), it is not sent again: the
// answer already on its way is handed over under the client's request id. When it differs (the
// guess made from the command line was wrong), this host is ended and a fresh one takes the
// request, so a guess can cost time but never change what a command does.
import { sameInitializeParams, type InitializeParams } from './initialize-params';
import type { HostExit } from './host-process';
import type { LaunchedHost } from './standby-host';

/** The id of the request sent ahead: HostConnection numbers its own from 1 (0 is shutdown). */
const aheadRequestId = -1;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isInitializeRequest = (message: unknown): message is { id: number; params: InitializeParams } =>
  isRecord(message) && message.kind === 'request' && message.method === 'initialize';

const isAnswerToAhead = (message: unknown): message is Record<string, unknown> =>
  isRecord(message) && message.kind === 'response' && message.id === aheadRequestId;

/** A reply to a request of the program's, which cannot exist before the program has sent one. */
const isAnswerToProgram = (message: unknown): boolean =>
  isRecord(message) && message.kind === 'response' && message.id !== aheadRequestId;

/**
 * `host`, with `initialize(params)` sent to it now. What the host says (and its exit) is kept
 * until the program's own `initialize` shows that it is the program's host, then passed on — to
 * listeners the program (HostConnection) added before it sent anything. `replacement` starts the
 * host that takes over when that `initialize` differs.
 */
export function initializeAhead(
  host: LaunchedHost,
  params: InitializeParams,
  replacement: () => LaunchedHost,
): LaunchedHost {
  const messageListeners: ((message: unknown) => void)[] = [];
  const exitListeners: ((exit: HostExit) => void)[] = [];
  let current = host;
  let keepAlive = true;
  /** The program's own initialize: undecided, taken over (its id), or sent to a replacement. */
  let programRequest: { id: number } | 'replaced' | undefined;
  /**
   * What the guessed host said (and its exit) before the program's initialize showed whether it
   * is the program's host: a wrong guess's crash or keys must neither fail the command nor reach
   * its output, so they are passed on only once the guess is known to be right.
   */
  const undecided: ({ message: unknown } | { exit: HostExit })[] = [];

  const deliver = (message: unknown): void => {
    if (typeof programRequest === 'object' && isAnswerToAhead(message)) {
      message = { ...message, id: programRequest.id };
    }
    messageListeners.forEach((listener) => listener(message));
  };
  const deliverExit = (exit: HostExit): void => exitListeners.forEach((listener) => listener(exit));
  const follow = (followed: LaunchedHost): void => {
    followed.onMessage((message) => {
      if (followed !== current) return; // A host ended for a replacement.
      if (programRequest !== undefined) deliver(message);
      // A reply to a request the program has yet to send is the host's mistake: held back, it
      // would be taken as the answer to that request once sent.
      else if (!isAnswerToProgram(message)) undecided.push({ message });
    });
    followed.onExit((exit) => {
      if (followed !== current) return;
      if (programRequest === undefined) undecided.push({ exit });
      else deliverExit(exit);
    });
  };

  follow(host);
  host.send({ kind: 'request', id: aheadRequestId, method: 'initialize', params });

  return {
    send: (message) => {
      if (programRequest === undefined && isInitializeRequest(message)) {
        if (sameInitializeParams(message.params, params)) {
          programRequest = { id: message.id };
          undecided
            .splice(0)
            .forEach((said) => ('exit' in said ? deliverExit(said.exit) : deliver(said.message)));
          return;
        }
        programRequest = 'replaced';
        undecided.length = 0;
        const guessed = current;
        current = replacement();
        current.keepParentAlive(keepAlive);
        follow(current);
        guessed.kill();
      }
      current.send(message);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
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
