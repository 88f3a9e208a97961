// The reference provincial backend's command line (one entry file, buildable with esbuild):
//   serve [--port N] [--data DIR] [--ca-algorithm p-256|sm2]   the CMP endpoint, CRL and console on 127.0.0.1
//   requests [--json]               every request with its stage
//   approve ID --as unit|center     an approval step, as the unit administrator or the centre
//   reject ID --as unit|center --reason TEXT
//   authcode --holder CERT_SERIAL --purpose reissue|unlock [--json]
//   seed-demo [--vusbkey-home DIR] [--json]   demo units, holders, users (new passwords each time)
// The CLI is the operator's shell on the backend machine: it may act in any role (README.md).
import { Command, InvalidArgumentError, Option } from 'commander';

import { defaultHome } from '../../native/vusbkey/control/paths';
import { defaultDataDir, openBackend } from './backend-app';
import { ensureSm2CaToken } from './ca/sm2-ca-token';
import { createCmpEndpoint } from './cmp/cmp-endpoint';
import { seedDemo } from './demo-seed';
import { defaultCmpRateLimit, startBackendServer } from './http/backend-server';
import { BackendRefusal, revocationReasons, type BackendService } from './workflow/backend-service';
import { kindLabels, stageLabels, type Actor } from './workflow/request-state-machine';

const issueIntervalMs = 1000;
/** The virtual USBKEY's SO PIN (native/vusbkey init default), sealed for the unlock demo. */
const vusbkeyDefaultSoPin = '12345678';

const integer = (name: string) => (value: string) => {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return Number(value);
};
const print = (text: string): void => void process.stdout.write(`${text}\n`);
const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));

type ServeOptions = {
  port: number;
  checkAfter: number;
  cmpRate: number;
  cmpBurst: number;
  exitWithParent?: boolean;
  caAlgorithm?: 'p-256' | 'sm2';
  data: string;
};

const program = new Command('backend').description('YiKey reference provincial backend').showHelpAfterError();
const dataOption = () =>
  new Option('--data <dir>', 'data folder (database, CA token)').default(defaultDataDir());

program
  .command('serve')
  .description('serve the CMP endpoint, the CRL and the approval console on 127.0.0.1')
  .option('--port <port>', 'TCP port (0: any free port)', integer('--port'), 8470)
  .option(
    '--check-after <seconds>',
    'how long YiKey waits between polls while approvals are pending',
    integer('--check-after'),
    60,
  )
  .option(
    '--cmp-rate <messages>',
    'CMP messages per second each client address may send on average (0: no limit)',
    integer('--cmp-rate'),
    defaultCmpRateLimit.perSecond,
  )
  .option(
    '--cmp-burst <messages>',
    'CMP messages a client address may send at once',
    integer('--cmp-burst'),
    defaultCmpRateLimit.burst,
  )
  .option('--exit-with-parent', 'stop when the process that started this one ends (the demo)')
  .addOption(
    new Option(
      '--ca-algorithm <algorithm>',
      'key of a new CA: p-256 (SoftHSM) or sm2 (SM2/SM3 on a virtual USBKEY); an existing CA keeps its own',
    ).choices(['p-256', 'sm2']),
  )
  .addOption(dataOption())
  .action(async (options: ServeOptions) => {
    let origin: string | null = null;
    if (options.caAlgorithm === 'sm2') await ensureSm2CaToken(options.data);
    const parts = openBackend(options.data, {
      withCa: true,
      crlUrl: () => (origin ? `${origin}/crl` : null),
    });
    const cmp = createCmpEndpoint(parts.service, {
      ca: parts.ca!,
      token: parts.token!,
      checkAfterSeconds: options.checkAfter,
    });
    const running = await startBackendServer({
      service: parts.service,
      cmp,
      crl: () => parts.crl(),
      caPem: parts.ca!.pem,
      port: options.port,
      rateLimit: { perSecond: options.cmpRate, burst: options.cmpBurst },
    });
    origin = running.origin;
    const issuing = setInterval(() => issueSafely(parts.service), issueIntervalMs);
    issueSafely(parts.service);
    print(`审批控制台 Approval console: ${running.origin}/console`);
    print(`CMP: ${running.origin}/.well-known/cmp`);
    print(`CRL: ${running.origin}/crl`);
    print(`CA: ${running.origin}/ca.pem  (${options.data}/ca/ca.cert.pem)`);
    const stop = () => {
      clearInterval(issuing);
      void running.close().then(() => {
        parts.close();
        process.exit(0);
      });
    };
    process.once('SIGTERM', stop);
    if (options.exitWithParent) {
      const parent = process.ppid;
      setInterval(() => process.ppid !== parent && stop(), 2000).unref();
    }
    process.once('SIGINT', stop);
  });

program
  .command('requests')
  .description('list every request with its stage')
  .option('--json', 'print JSON')
  .addOption(dataOption())
  .action((options: { json?: boolean; data: string }) =>
    withBackend(options.data, false, ({ service }) => {
      const rows = service.requests.list().map((request) => ({
        id: request.id,
        kind: request.kind,
        stage: request.stage,
        holder: service.people.holder(request.holderId)!.commonName,
        unit: service.people.unit(request.unitId)!.name,
        transactionId: request.transactionId,
        initiatedBy: request.initiatedBy,
        rejectReason: request.rejectReason,
        createdAt: request.createdAt,
        updatedAt: request.updatedAt,
      }));
      if (options.json) return printJson(rows);
      if (!rows.length) return print('没有申请 No requests');
      for (const row of rows)
        print(
          `#${row.id}  ${kindLabels[row.kind].zh}  ${row.holder}（${row.unit}）  ${stageLabels[row.stage].zh} ${row.stage}${row.rejectReason ? `：${row.rejectReason}` : ''}`,
        );
    }),
  );

const asOption = () =>
  new Option('--as <reviewer>', 'unit | center').choices(['unit', 'center']).makeOptionMandatory();

function cliReviewer(service: BackendService, requestId: number, as: 'unit' | 'center'): Actor {
  const request = service.requests.byId(requestId);
  if (!request) throw new BackendRefusal(`no request ${requestId}`);
  return as === 'unit'
    ? { kind: 'console', name: 'cli', role: 'unit-admin', unitId: request.unitId }
    : { kind: 'console', name: 'cli', role: 'info-centre', unitId: null };
}

program
  .command('approve <id>')
  .description('approve a request at your step')
  .addOption(asOption())
  .addOption(dataOption())
  .action((id: string, options: { as: 'unit' | 'center'; data: string }) =>
    withBackend(options.data, false, ({ service }) => {
      const after = service.approve(integer('ID')(id), cliReviewer(service, Number(id), options.as));
      print(`#${after.id} → ${stageLabels[after.stage].zh} ${after.stage}`);
    }),
  );

program
  .command('reject <id>')
  .description('reject a request at your step, with a reason')
  .addOption(asOption())
  .requiredOption('--reason <text>', 'why (shown to the holder)')
  .addOption(dataOption())
  .action((id: string, options: { as: 'unit' | 'center'; reason: string; data: string }) =>
    withBackend(options.data, false, ({ service }) => {
      const after = service.reject(
        integer('ID')(id),
        cliReviewer(service, Number(id), options.as),
        options.reason,
      );
      print(`#${after.id} → ${stageLabels[after.stage].zh} ${after.stage}：${after.rejectReason}`);
    }),
  );

program
  .command('authcode')
  .description('issue a one-time authorisation code for a holder (shown once)')
  .requiredOption('--holder <serial>', "serial number (hex) of the holder's certificate")
  .addOption(
    new Option('--purpose <purpose>', 'reissue | unlock')
      .choices(['reissue', 'unlock'])
      .makeOptionMandatory(),
  )
  .option('--json', 'print JSON')
  .addOption(dataOption())
  .action((options: { holder: string; purpose: 'reissue' | 'unlock'; json?: boolean; data: string }) =>
    withBackend(options.data, true, ({ service }) => {
      const certificate = service.certificates.bySerial(options.holder);
      if (!certificate) throw new BackendRefusal(`no certificate with serial ${options.holder}`);
      const issued = service.issueAuthorisationCode('cli', certificate.holderId, options.purpose);
      if (options.json) return printJson(issued);
      print(
        `参考号 Reference: ${issued.reference}\n授权码 Code: ${issued.code}\n有效期至 Valid until: ${issued.expiresAt}`,
      );
    }),
  );

program
  .command('revoke')
  .description(
    'revoke a certificate now (CRLReason: 1 keyCompromise, 3 affiliationChanged, 4 superseded, 5 cessationOfOperation)',
  )
  .requiredOption('--serial <serial>', 'certificate serial number (hex)')
  .requiredOption('--reason <code>', 'CRLReason code', integer('--reason'))
  .addOption(dataOption())
  .action((options: { serial: string; reason: number; data: string }) =>
    withBackend(options.data, false, ({ service }) => {
      if (!Object.values(revocationReasons).includes(options.reason as never))
        throw new BackendRefusal(`CRLReason ${options.reason} is not offered`);
      const revoked = service.revokeNow('cli', options.serial, options.reason);
      print(`${revoked.serialHex} revoked`);
    }),
  );

program
  .command('seed-demo')
  .description('demo units, holders (from the virtual USBKEYs) and console users with new passwords')
  .option('--vusbkey-home <dir>', 'virtual USBKEY home whose holders to import', defaultHome())
  .option('--json', 'print JSON')
  .addOption(new Option('--ca-algorithm <algorithm>', 'key of a new CA (as serve)').choices(['p-256', 'sm2']))
  .addOption(dataOption())
  .action(async (options: { vusbkeyHome: string; json?: boolean; data: string; caAlgorithm?: string }) => {
    if (options.caAlgorithm === 'sm2') await ensureSm2CaToken(options.data);
    withBackend(options.data, true, (parts) => {
      const result = seedDemo(parts, { vusbkeyHome: options.vusbkeyHome, soPin: vusbkeyDefaultSoPin });
      if (options.json) return printJson(result);
      print('演示登录（密码只显示这一次） Demo logins (passwords shown once):');
      for (const login of result.logins)
        print(`  ${login.username} / ${login.password}  ${login.role}${login.unit ? ` ${login.unit}` : ''}`);
      print(`导入的证书 Imported certificates: ${result.importedCertificates.join(', ') || '—'}`);
    });
  });

function issueSafely(service: BackendService): void {
  try {
    service.issuePending();
  } catch (error) {
    process.stderr.write(
      `backend: issuing failed, will retry: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

function withBackend(
  dataDir: string,
  withCa: boolean,
  work: (parts: ReturnType<typeof openBackend>) => void,
): void {
  const parts = openBackend(dataDir, { withCa });
  try {
    work(parts);
  } finally {
    parts.close();
  }
}

program.parseAsync().catch((error: unknown) => {
  const known = error instanceof BackendRefusal;
  process.stderr.write(
    `backend: ${known ? '' : 'error: '}${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = known ? 2 : 1;
});
