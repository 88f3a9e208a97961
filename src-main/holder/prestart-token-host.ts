// For doors that run once per command (the CLI) or must be ready fast (browser mode): start the
// token host process before loading the rest of the program, so the two start-ups overlap.
// Light on purpose: it imports only the launcher, not the façade.
export { prestartHostProcess as prestartTokenHost } from '../token/host-process';
