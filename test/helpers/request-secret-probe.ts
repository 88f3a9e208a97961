// Drives the request-secret keychain store the way YiKey does (keytar → the keychain in this
// process's D-Bus session) and prints what it sees as one JSON line. The code comes from a file
// named by CODE_FILE (the session's stdin feeds gnome-keyring), never in argv. Run inside
// runInKeyringSession (keyring-session.ts) by the keychain tests.
//   CODE_FILE=… node --import tsx test/helpers/request-secret-probe.ts save|load|remove REQUEST-ID
import { readFileSync } from 'node:fs';
import { keytarRequestSecretStore } from '../../src-main/lifecycle/request-secret-keychain';

const [action, requestId] = process.argv.slice(2);
const store = keytarRequestSecretStore();
let result: unknown;
if (action === 'save')
  result = await store.save(requestId!, readFileSync(process.env.CODE_FILE!, 'utf8').trim());
else if (action === 'load') result = await store.load(requestId!);
else if (action === 'remove') result = await store.remove(requestId!).then(() => true);
else throw new Error(`unknown action ${action}`);
process.stdout.write(`${JSON.stringify({ result })}\n`);
