// What every CLI command needs: the holder façade on the chosen PKCS#11 module, the language
// for messages, and uniform error reporting (message on stderr, non-zero exit).
import { describeError, type Language } from '../contract/error-messages';
import { YiKeyError } from '../contract/yikey-error';
import { holderForModule } from '../holder/holder-for-module';
import { moduleSettingFrom } from './command-name';
import type { HolderService } from '../holder/holder-service';

export interface GlobalOptions {
  module?: string;
}

export function cliLanguage(environment: NodeJS.ProcessEnv = process.env): Language {
  const wanted = environment.YIKEY_LANG ?? '';
  return wanted.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function openHolder(options: GlobalOptions): HolderService {
  // A relative YIKEY_PKCS11_MODULE, which outlives the shell's directory, is refused by the host.
  return holderForModule(moduleSettingFrom(options.module));
}

/** Runs a command with a holder, always stopping the token host afterwards. */
export async function withHolder<T>(
  options: GlobalOptions,
  action: (holder: HolderService) => Promise<T>,
): Promise<T> {
  const holder = openHolder(options);
  try {
    await holder.start();
    return await action(holder);
  } finally {
    // Waits for the token host to log out and finalise the module before the CLI exits.
    await holder.stop();
  }
}

/** Prints "错误 [code]: 中文 (English: detail)" and returns the exit code. */
export function reportError(error: unknown): number {
  const yikeyError = YiKeyError.from(error);
  const language = cliLanguage();
  const summary = describeError(yikeyError.code, yikeyError.details, language);
  const label = language === 'zh-CN' ? '错误' : 'Error';
  process.stderr.write(`${label} [${yikeyError.code}]: ${summary} (${yikeyError.message})\n`);
  return yikeyError.code === 'invalid-input' ? 2 : 1;
}
