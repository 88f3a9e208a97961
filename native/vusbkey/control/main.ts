// Control CLI of the virtual USBKEY: `npm run --silent vusbkey -- <command>`.
// A thin wrapper over vusbkey.ts; the home is $VUSBKEY_HOME or the XDG default.
import { Command, InvalidArgumentError } from 'commander';

import {
  addCertificate,
  caCertificatePath,
  defaultHome,
  ensureHome,
  ensureSm2TestCa,
  ensureTestCa,
  initKey,
  injectFault,
  modulePath,
  plug,
  status,
  setLatency,
  sm2CaCertificatePath,
  unplug,
  type KeyStatus,
} from './vusbkey';

const home = defaultHome();

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return Number(value);
};
const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

function describeKey(key: KeyStatus): string {
  const pin = key.pinLocked ? 'LOCKED' : `${key.pinTriesLeft}/${key.pinMaxTries} tries`;
  const lines = [
    `${key.label}  slot ${key.slot}  ${key.present ? 'plugged' : 'unplugged'}  serial ${key.serial}`,
    `  PIN: ${pin}${key.pinToBeChanged ? ', to be changed' : ''}${key.pinPad ? ', PIN pad' : ''}`,
  ];
  if (key.sm2Vendor) lines.push(`  SM2 numbering: ${key.sm2Vendor}`);
  const latency = Object.entries(key.latency).map(([op, ms]) => `${op} ${ms} ms`);
  if (latency.length) lines.push(`  latency: ${latency.join(', ')}`);
  const faults = Object.entries(key.pendingFaults).map(([op, fault]) => `${op} → ${fault}`);
  if (faults.length) lines.push(`  pending faults: ${faults.join(', ')}`);
  for (const certificate of key.certificates) {
    lines.push(`  ${certificate.file}: ${certificate.subject} (until ${certificate.notAfter})`);
  }
  return lines.join('\n');
}

const program = new Command('vusbkey')
  .description(`virtual USBKEY control (home: ${home})`)
  .showHelpAfterError();

/** The options certificateOptions declares, as initKey and addCertificate name them. */
const certificateFields = (options: Record<string, unknown>) => ({
  pin: options.pin as string,
  algorithm: options.algorithm as 'rsa-2048' | 'p-256' | 'sm2',
  vendor: options.vendor as 'longmai' | 'sansec' | undefined,
  days: options.days as number,
  expiredDaysAgo: options.expiredDaysAgo as number | undefined,
  startsInDays: options.startsInDays as number | undefined,
  commonName: options.cn as string,
  organization: options.org as string,
  unit: options.ou as string | undefined,
  idNumber: options.idNumber as string | undefined,
});

const certificateOptions = (command: Command) =>
  command
    .option('--pin <pin>', 'user PIN', '123456')
    .option('--algorithm <algorithm>', 'rsa-2048 | p-256 | sm2', 'rsa-2048')
    .option('--vendor <vendor>', 'SM2 mechanism numbering: longmai | sansec (default longmai)')
    .option('--days <days>', 'certificate validity in days', integer('--days'), 365)
    .option(
      '--expired-days-ago <n>',
      'expired certificate: ended n days ago (test)',
      integer('--expired-days-ago'),
    )
    .option(
      '--starts-in-days <n>',
      'not yet valid certificate: starts in n days (test)',
      integer('--starts-in-days'),
    )
    .option('--cn <name>', 'holder common name', '张三')
    .option('--org <organization>', 'holder organization', '某某市第一人民医院')
    .option('--ou <unit>', 'holder department')
    .option('--id-number <number>', '18-character test ID number (random if absent)');

certificateOptions(program.command('init').description('create a new virtual key (starts plugged)'))
  .option('--label <label>', 'key label [A-Za-z0-9_-]{1,32}', 'YiKey-Demo')
  .option('--so-pin <pin>', 'security officer PIN', '12345678')
  .option('--max-tries <n>', 'wrong user PINs before the key locks', integer('--max-tries'), 6)
  .option('--pin-to-be-changed', 'new, not yet activated key: signing refused until C_SetPIN')
  .option('--pin-pad', 'reader with a PIN pad: C_Login with a NULL PIN uses --pin, as if typed on the pad')
  .option('--no-cert', 'no key pair and certificate')
  .option('--dual', 'dual pair: a signing and an encryption key pair, each with its certificate')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const result = await initKey(home, {
      label: options.label,
      ...certificateFields(options),
      soPin: options.soPin,
      maxTries: options.maxTries,
      pinToBeChanged: Boolean(options.pinToBeChanged),
      pinPad: Boolean(options.pinPad),
      certificate: options.cert,
      dual: Boolean(options.dual),
    });
    if (options.json) return printJson(result);
    console.log(`created ${result.label}: slot ${result.slot}, SoftHSM serial ${result.serial}, plugged`);
    if (result.certificate)
      console.log(`certificate ${result.certificate.subject} → ${result.certificate.file}`);
    if (result.encryptionCertificate)
      console.log(`encryption certificate → ${result.encryptionCertificate.file}`);
  });

certificateOptions(program.command('add-cert').description('add another key pair + certificate to a key'))
  .option('--label <label>', 'key label (default: the only key)')
  .option('--purpose <purpose>', 'sign | encrypt', 'sign')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const result = await addCertificate(home, {
      label: options.label,
      ...certificateFields(options),
      purpose: options.purpose,
    });
    if (options.json) return printJson(result);
    console.log(`added ${result.objectId}: ${result.subject} → ${result.file}`);
  });

program
  .command('plug')
  .option('--label <label>', 'key label (default: the only key)')
  .action((options) => plug(home, options.label));
program
  .command('unplug')
  .option('--label <label>', 'key label (default: the only key)')
  .action((options) => unplug(home, options.label));

program
  .command('status')
  .option('--json', 'print JSON')
  .action((options) => {
    const keys = status(home);
    if (options.json) return printJson(keys);
    console.log(keys.length ? keys.map(describeKey).join('\n') : `no virtual keys in ${home}`);
  });

program
  .command('latency')
  .description("delay a function on a key (--op '*' = every function, --ms 0 clears)")
  .option('--label <label>', 'key label (default: the only key)')
  .requiredOption('--op <function>', 'PKCS#11 function name, e.g. C_Sign, or *')
  .requiredOption('--ms <ms>', 'milliseconds', integer('--ms'))
  .action((options) => setLatency(home, { label: options.label, op: options.op, ms: options.ms }));

program
  .command('fail')
  .description('make the next call of a function on a key fail once (any process)')
  .option('--label <label>', 'key label (default: the only key)')
  .requiredOption('--op <function>', 'PKCS#11 function name, e.g. C_Sign')
  .option('--rv <ckr>', 'return value, e.g. CKR_DEVICE_ERROR or 0x30')
  .option('--unplug', 'unplug the key during the call (CKR_DEVICE_REMOVED)')
  .option('--crash', 'abort the calling process')
  .action((options) => injectFault(home, options));

program
  .command('module-path')
  .description('absolute path of libvusbkey.so (built if missing)')
  .action(() => console.log(modulePath()));
program
  .command('ca-path')
  .description('path of the test CA certificate (created if missing)')
  .option('--sm2', 'the SM2 test CA')
  .action(async (options) => {
    ensureHome(home);
    if (options.sm2) {
      ensureSm2TestCa(home);
      console.log(sm2CaCertificatePath(home));
      return;
    }
    await ensureTestCa(home);
    console.log(caCertificatePath(home));
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`vusbkey: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
