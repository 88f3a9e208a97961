// `npm run web`: browser mode from the command line. Prints the URL (with its single-use
// secret) on stdout as the first line, so scripts and tests can read it; prints one more
// single-use URL on each SIGUSR2 (only this user and root can signal the process, so only the
// holder at this PC can ask), and stops cleanly on SIGINT/SIGTERM (browser-mode-command.ts).
// An entry point only: it starts browser mode when loaded (built: dist/node/web.mjs). The token
// host is started first, so its start-up runs while the server's code loads.
import { prestartTokenHost } from '../holder/prestart-token-host';

prestartTokenHost();
const { exitWithStartFailure, parseBrowserModeArguments, runBrowserMode } =
  await import('./browser-mode-command');
runBrowserMode(parseBrowserModeArguments(process.argv.slice(2))).catch(exitWithStartFailure);
