// For the CLI's cache-making run (build/code-cache-run.ts): the code a command runs after its
// start, run once so that the V8 code cache holds it (token/host-protocol-warm-up.ts).
export { warmUpHostReplies as warmUpForCodeCache } from '../token/host-protocol-warm-up';
