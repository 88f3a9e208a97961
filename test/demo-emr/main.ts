// `npx tsx test/demo-emr/main.ts --trusted-ca CA.pem [--bridge-port N] [--port N] [--data DIR] [--http]`:
// the demo EMR on its own, printing its address (npm run demo starts it beside YiKey).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoEmr } from './start-demo-emr';

const { values } = parseArgs({
  options: {
    'trusted-ca': { type: 'string' },
    'bridge-port': { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    http: { type: 'boolean' },
  },
});
if (!values['trusted-ca']) {
  process.stderr.write(
    '用法 usage: main.ts --trusted-ca CA.pem [--bridge-port N] [--port N] [--data DIR] [--http]\n',
  );
  process.exit(2);
}
const emr = await startDemoEmr({
  trustedCaFile: path.resolve(values['trusted-ca']),
  bridgePort: values['bridge-port'] ? Number(values['bridge-port']) : undefined,
  port: values.port ? Number(values.port) : 0,
  dataDirectory: values.data ?? mkdtempSync(path.join(tmpdir(), 'demo-emr-')),
  http: values.http ?? false,
});
process.stdout.write(`${emr.url}\n`);
process.stderr.write(`演示电子病历 Demo EMR: ${emr.url}  (signatures: ${emr.databaseFile})\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emr.stop().then(() => process.exit(0)));
}
