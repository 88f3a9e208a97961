// 补办 (re-issue, issue 8) from the command line:
//   yikey request reissue --ref NUMBER [--serial TOKEN_SERIAL] [--pin-stdin] [--wait SECONDS]
// The holder's user PIN and then the authorisation code are read like PINs — a hidden prompt, or
// one per line on standard input with --pin-stdin — never from argv. The code is kept in the OS
// keychain until the request ends; without one, `yikey requests sync` asks for it again.
import type { Command } from 'commander';
import { YiKeyError } from '../../contract/yikey-error';
import type { CertificateRequests, RequestRecord } from '../../holder/certificate-requests';
import type { HolderService } from '../../holder/holder-service';
import { cliLanguage } from '../cli-context';
import { loginForCli } from '../login-flow';
import { pinSource, type PinSource } from '../pin-input';

interface ReissueOptions {
  ref: string;
  serial?: string;
  pinStdin?: boolean;
  wait?: string;
}

type RequestsRunner = <T>(
  action: (holder: HolderService, requests: CertificateRequests) => Promise<T>,
) => Promise<T>;

const zh = (): boolean => cliLanguage() === 'zh-CN';

export function registerReissueCommand(
  request: Command,
  runWithRequests: RequestsRunner,
  wait: (options: { wait?: string }) => number,
  report: (record: RequestRecord) => void,
): void {
  request
    .command('reissue')
    .description(
      '补办: a new key pair and certificate on this USBKEY, with the reference number and authorisation code from your unit administrator',
    )
    .requiredOption('--ref <number>', 'reference number (参考号) of the re-issue authorisation code')
    .option('--serial <serial>', 'token serial of the key to use (needed when several are inserted)')
    .option('--pin-stdin', 'read the PIN, then the authorisation code, one per line from standard input')
    .option('--wait <seconds>', 'keep polling while the backend asks to wait at most this long', '30')
    .action(async (options: ReissueOptions) => {
      const pins = pinSource(options);
      const started = await runWithRequests(async (holder, requests) => {
        const tokens = (await holder.listTokens()).filter(
          (token) => !options.serial || token.serial === options.serial,
        );
        if (tokens.length !== 1)
          throw new YiKeyError(
            tokens.length === 0 ? 'token-not-present' : 'invalid-input',
            tokens.length === 0
              ? 'No matching USBKEY is inserted'
              : 'Several USBKEYs are inserted: choose one with --serial',
          );
        await loginForCli(holder, tokens[0]!.slotId, pins);
        const code = await pins.next(zh() ? '授权码：' : 'Authorisation code: ');
        return requests.reissue(tokens[0]!.slotId, options.ref, code, { waitUpToSeconds: wait(options) });
      });
      process.stderr.write(`${codeKeptText(started.codeKept)}\n`);
      report(started.record);
    });
}

/** `yikey requests sync`: re-issues whose code no keychain holds get it typed again. */
export async function syncReissueCodes(
  requests: CertificateRequests,
  synced: RequestRecord[],
  pins: PinSource,
  waitUpToSeconds: number,
): Promise<RequestRecord[]> {
  const results: RequestRecord[] = [];
  for (const record of synced) {
    if (record.kind !== 'reissue' || record.lastError?.code !== 'request-code-needed') {
      results.push(record);
      continue;
    }
    const code = await pins.next(
      zh()
        ? `授权码（参考号 ${record.reference}）：`
        : `Authorisation code (reference ${record.reference}): `,
    );
    results.push(await requests.advance(record.id, { code, waitUpToSeconds }));
  }
  return results;
}

function codeKeptText(kept: boolean): string {
  if (zh())
    return kept
      ? '授权码已保存在系统钥匙串中，申请结束后自动删除。'
      : '系统钥匙串不可用：授权码未保存，每次同步（yikey requests sync）时需要再次输入。';
  return kept
    ? 'The authorisation code is kept in the system keychain and deleted when the request ends.'
    : 'No system keychain: the code was not kept; `yikey requests sync` will ask for it each time.';
}
