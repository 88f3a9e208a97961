// The JavaScript that production runs (src-main/build/build-node.mjs: dist/node/*.mjs, *.cjs), built
// afresh from the sources into a private folder and run with plain Node, no tsx: the CLI with
// its bundled token host signs a file that OpenSSL verifies, and browser mode starts. A bundle
// that cannot load (a missing file, a dependency that does not bundle) fails here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Script } from 'node:vm';
import { cliCommands, isFresh } from '../../src-main/build/build-node.mjs';
import { wrapCommonJs } from '../../src-main/build/code-cached-bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslCmsVerify } from '../helpers/openssl';
import { runCli } from '../helpers/run-cli';
import { createVirtualKeyHome, type VirtualKeyHome } from '../helpers/vusbkey-fixture';

const root = resolve(import.meta.dirname, '../..');
const buildScript = join(root, 'src-main/build/build-node.mjs');

function buildInto(outdir: string, ...flags: string[]): void {
  const result = spawnSync(process.execPath, [buildScript, '--outdir', outdir, ...flags], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

describe('built entry points (dist/node)', () => {
  let keys: VirtualKeyHome;
  let env: NodeJS.ProcessEnv;
  // Two folders below the repository, as dist/node is: bundles find dist/renderer and the
  // virtual key's module by relative paths.
  let outdir: string;

  beforeAll(async () => {
    outdir = mkdtempSync(join(root, 'dist', 'test-build-'));
    buildInto(outdir);
    keys = await createVirtualKeyHome();
    await keys.initKey({ label: 'built', pin: '123456' });
    env = { ...keys.env, YIKEY_PKCS11_MODULE: keys.modulePath, YIKEY_LANG: 'en' };
  }, 120_000);

  afterAll(async () => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
    await keys?.cleanup();
  });

  it('the built CLI lists the key and signs through the built token host; OpenSSL verifies', async () => {
    const builtCli = join(outdir, 'cli.cjs');
    const tokens = await runCli(['tokens', '--json'], { env, builtCli });
    expect(tokens.stderr).toBe('');
    expect(JSON.parse(tokens.stdout)).toEqual([expect.objectContaining({ label: 'built' })]);

    const record = join(keys.home, 'record.txt');
    await writeFile(record, '门诊病历：患者李四。\n');
    const signed = await runCli(['sign', '--in', record, '--out', `${record}.p7s`, '--pin-stdin'], {
      env,
      stdin: '123456\n',
      builtCli,
    });
    expect(signed.code, signed.stderr).toBe(0);
    const verified = opensslCmsVerify({ content: record, signature: `${record}.p7s`, caFile: keys.caPath });
    expect(verified.ok, verified.output).toBe(true);
  });

  it('built browser mode prints its single-use URL and stops on SIGTERM', async () => {
    const server = spawn(process.execPath, [join(outdir, 'web.mjs'), '--module', keys.modulePath], {
      env: { ...env, XDG_CONFIG_HOME: keys.home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
    const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
    const firstLine = (await lines.next()).value as string | undefined;
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[\w-]{43}$/);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('the built CLI starts one token host, early, without NODE_EXTRA_CA_CERTS in its environment', async () => {
    // The entry forks the host before reading the CLI's bundle; the bundle takes that one. Node
    // parses NODE_EXTRA_CA_CERTS at every start, and the host opens no TLS connection. (Without a
    // standby host, which the earlier commands here would have left: standby-token-host.test.ts.)
    const cli = spawn(process.execPath, [join(outdir, 'cli.cjs'), 'watch', '--json'], {
      env: { ...env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', YIKEY_STANDBY_HOST: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => cli.on('exit', (code) => done(code)));
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await expect.poll(() => stderr, { timeout: 30_000 }).toContain('Watching');
      const children = readFileSync(`/proc/${cli.pid}/task/${cli.pid}/children`, 'utf8').trim().split(/\s+/);
      expect(children).toHaveLength(1);
      const hostEnvironment = readFileSync(`/proc/${children[0]}/environ`, 'utf8').split('\0');
      expect(hostEnvironment).toContain(`VUSBKEY_HOME=${keys.home}`);
      expect(hostEnvironment.filter((entry) => entry.startsWith('NODE_EXTRA_CA_CERTS='))).toEqual([]);
    } finally {
      cli.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('the ES module twin of the CLI entry (cli.mjs) runs the same program', async () => {
    const tokens = await runCli(['tokens', '--json'], { env, builtCli: join(outdir, 'cli.mjs') });
    expect(tokens.stderr).toBe('');
    expect(JSON.parse(tokens.stdout)).toEqual([expect.objectContaining({ label: 'built' })]);
  });

  it.each(['token-host-body.cjs', 'cli-body.cjs'])(
    'the V8 code cache of %s is there and V8 accepts it for that bundle',
    (name) => {
      const bundle = join(outdir, name);
      const source = readFileSync(bundle, 'utf8');
      // Run by vm.Script, the bundle has no loader for import() (keytar's was one): only require().
      expect(source).not.toMatch(/(?<![.\w$])import\(\s*["'`]/);
      // The wrapper the entries put around the bundle (build/code-cached-bundle.ts).
      const script = new Script(wrapCommonJs(source), {
        filename: bundle,
        cachedData: readFileSync(`${bundle}.v8cache`),
      });
      expect(script.cachedDataRejected).toBe(false);
    },
  );

  it('every CLI command has a code cache of its own that V8 accepts, smaller than the cache of all of them', () => {
    // The commands cli-program.ts registers, read from its source: the build's list must name each.
    const program = readFileSync(join(root, 'src-main/cli/cli-program.ts'), 'utf8');
    const registered = [...program.matchAll(/names: \[([^\]]+)\]/g)].flatMap((match) =>
      [...match[1]!.matchAll(/'([a-z-]+)'/g)].map((name) => name[1]!),
    );
    expect(registered).toContain('tokens');
    expect([...cliCommands].sort()).toEqual([...registered].sort());
    const bundle = join(outdir, 'cli-body.cjs');
    const source = wrapCommonJs(readFileSync(bundle, 'utf8'));
    const allCommands = statSync(`${bundle}.v8cache`).size;
    for (const command of registered) {
      const cache = `${bundle}.${command}.v8cache`;
      const script = new Script(source, { filename: bundle, cachedData: readFileSync(cache) });
      expect(script.cachedDataRejected, command).toBe(false);
      expect(statSync(cache).size, command).toBeLessThanOrEqual(allCommands);
    }
    // What the per-command caches are for: `tokens` compiles none of the signing, certificate and
    // request code, so its cache is smaller than the one made after loading every command.
    expect(statSync(`${bundle}.tokens.v8cache`).size).toBeLessThan(allCommands);
  });

  it('the build’s cache-making flag, typed by a holder, is an unknown option that rewrites no cache', async () => {
    const cache = join(outdir, 'cli-body.cjs.v8cache');
    const builtAt = statSync(cache).mtimeMs;
    const typed = await runCli(['--write-code-cache'], { env, builtCli: join(outdir, 'cli.cjs') });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain("unknown option '--write-code-cache'");
    expect(statSync(cache).mtimeMs).toBe(builtAt);
  });

  it('--if-stale leaves a fresh build alone and rebuilds a missing bundle', () => {
    const cli = join(outdir, 'cli.cjs');
    const builtAt = statSync(cli).mtimeMs;
    buildInto(outdir, '--if-stale');
    expect(statSync(cli).mtimeMs).toBe(builtAt);
    rmSync(join(outdir, 'token-host.mjs'));
    buildInto(outdir, '--if-stale');
    expect(existsSync(join(outdir, 'token-host.mjs'))).toBe(true);
    // A missing code cache makes the build stale (asked directly: each rebuild takes seconds).
    for (const cache of [
      'token-host-body.cjs.v8cache',
      'cli-body.cjs.v8cache',
      'cli-body.cjs.sign.v8cache',
    ]) {
      renameSync(join(outdir, cache), join(outdir, `${cache}.aside`));
      expect(isFresh(outdir), cache).toBe(false);
      renameSync(join(outdir, `${cache}.aside`), join(outdir, cache));
      expect(isFresh(outdir), cache).toBe(true);
    }
    // Built by another Node (V8): its code cache would be ignored, so the build is stale.
    const inputsFile = join(outdir, 'build-inputs.json');
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as { v8: string };
    writeFileSync(inputsFile, JSON.stringify({ ...inputs, v8: '0.0.0' }));
    const cacheBuiltAt = statSync(join(outdir, 'token-host-body.cjs.v8cache')).mtimeMs;
    buildInto(outdir, '--if-stale');
    expect(statSync(join(outdir, 'token-host-body.cjs.v8cache')).mtimeMs).toBeGreaterThan(cacheBuiltAt);
  });
});
