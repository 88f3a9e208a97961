// For the CLI's cache-making run (cli/code-cache-run.ts): the code a command runs after its
// start, run once so that the V8 code cache holds it (token/host-protocol-warm-up.ts).
export { warmUpHostProtocol as warmUpForCodeCache } from '../token/host-protocol-warm-up';
