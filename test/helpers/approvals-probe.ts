// Opens the bridge's approvals file the way YiKey does (keytar → the keychain in this process's
// D-Bus session), optionally approves an origin, and prints what it sees as one JSON line.
// Run inside runInKeyringSession (keyring-session.ts) by the keychain tests.
//   node --import tsx test/helpers/approvals-probe.ts FILE [ORIGIN-TO-APPROVE]
import { keytarIntegrityKeyStore } from '../../src-main/bridge/integrity-key';
import { OriginApprovals } from '../../src-main/bridge/origin-approvals';

const [filePath, approve] = process.argv.slice(2);
const approvals = await OriginApprovals.open({
  filePath: filePath!,
  keychain: keytarIntegrityKeyStore(),
  policyOrigins: [],
});
if (approve) await approvals.approve(approve);
process.stdout.write(
  `${JSON.stringify({
    storage: approvals.storage,
    warning: approvals.warning,
    approved: approvals.list().map((entry) => entry.origin),
  })}\n`,
);
