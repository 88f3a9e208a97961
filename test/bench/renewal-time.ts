// YiKey's own time for a renewal (issue 8), without the human approvals: key generation on the
// token, building and signing the kur (POP with the new key, protection with the old), then —
// once the CA has issued — sending it, checking and installing the certificate, certConf and
// retiring the old key. Against OpenSSL 3.0's mock server (no polling), on a virtual USBKEY,
// once at SoftHSM speed and once with a real key's C_GenerateKeyPair latency added.
// The mock needs its -rsp_cert before the request (docs/cmp-profile.md, OpenSSL quirks): each
// round submits with the backend down, issues for the new key, then starts the mock and syncs;
// the issuing and the mock start are outside the measured time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { derToPem, pemToDer } from '../../src-main/certs/pem';
import { RequestJournal } from '../../src-main/lifecycle/request-journal';
import { RenewalWorkflow } from '../../src-main/lifecycle/renewal';
import { TokenHostClient } from '../../src-main/token/token-host-client';
import { startOpensslCmpMock } from '../helpers/openssl-cmp-mock';
import { issueRenewedCertificate, mockServerCredentials } from '../helpers/renewal-fixture';
import type { VirtualKeyHome } from '../helpers/vusbkey-fixture';

export interface RenewalTiming {
  keyGenerationLatencyMs: number;
  rounds: number;
  /** key pair + kur built and signed (includes the added C_GenerateKeyPair latency). */
  submitMedianMs: number;
  /** send, check, install, certConf, retire. */
  installMedianMs: number;
  /** YiKey's total minus the added latency: what YiKey itself costs. */
  yikeyOwnMedianMs: number;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureRenewal(
  keys: VirtualKeyHome,
  options: { label: string; pin: string; rounds: number; keyGenerationLatencyMs: number },
): Promise<RenewalTiming> {
  const work = mkdtempSync(join(os.tmpdir(), 'yikey-bench-renewal-'));
  const server = mockServerCredentials(keys, work);
  const host = new TokenHostClient({ module: { path: keys.modulePath, source: 'setting' } });
  const caDer = pemToDer(readFileSync(keys.caPath, 'utf8'));
  let url = new URL('http://127.0.0.1:9/pkix/'); // nobody listens: "backend down" while submitting
  const workflow = new RenewalWorkflow({
    host,
    journal: new RequestJournal(join(work, 'data')),
    endpoint: () => ({ url }),
    trustedDer: () => [caDer],
  });
  const submit: number[] = [];
  const install: number[] = [];
  await keys.setLatency(options.label, { op: 'C_GenerateKeyPair', ms: options.keyGenerationLatencyMs });
  try {
    await host.start();
    const slotId = (await host.call('listTokens', {})).find((token) => token.label === options.label)!.slotId;
    await host.call('login', { slotId, pin: options.pin });
    for (let round = 0; round < options.rounds; round++) {
      const { certificates } = await host.call('listObjects', { slotId });
      const current = certificates[0]!;
      url = new URL('http://127.0.0.1:9/pkix/');
      let startedAt = performance.now();
      const pending = await workflow.start({
        slotId,
        keyId: current.id,
        certificateDer: current.value,
        keyAlgorithm: 'RSA',
      });
      submit.push(performance.now() - startedAt);
      const certificatePath = await issueRenewedCertificate(keys, {
        tokenLabel: options.label,
        pin: options.pin,
        keyIdHex: pending.newKeyId,
        oldCertificatePem: derToPem(current.value),
        outPath: join(work, `round-${round}.pem`),
      });
      const mock = await startOpensslCmpMock(
        ['-srv_cert', server.certPath, '-srv_key', server.keyPath, '-srv_trusted', keys.caPath].concat([
          '-rsp_cert',
          certificatePath,
          '-max_msgs',
          '10',
        ]),
        work,
      );
      url = new URL(mock.url);
      startedAt = performance.now();
      const done = await workflow.advance(pending.id);
      install.push(performance.now() - startedAt);
      await mock.stop();
      if (done.stage !== 'completed')
        throw new Error(`renewal round ${round} ended ${done.stage}: ${done.lastError?.message}`);
    }
  } finally {
    await keys.setLatency(options.label, { op: 'C_GenerateKeyPair', ms: 0 });
    await host.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const totals = submit.map((value, index) => value + install[index]!);
  return {
    keyGenerationLatencyMs: options.keyGenerationLatencyMs,
    rounds: options.rounds,
    submitMedianMs: median(submit),
    installMedianMs: median(install),
    yikeyOwnMedianMs: median(totals) - options.keyGenerationLatencyMs,
  };
}
