// What yikey says when the command line itself is wrong (an unknown command or option, a missing
// value): commander's own message is English only, so the holder gets a Chinese line first and
// commander's words after it, which still name the command or option at fault.
import type { Language } from '../contract/error-messages';

/** Commander's error codes (CommanderError.code) and what they mean to a holder. */
const chineseByCode: Record<string, string> = {
  'commander.unknownCommand': '没有这个命令，运行 yikey --help 查看可用的命令',
  'commander.unknownOption': '没有这个选项，在命令后加 --help 查看它的用法',
  'commander.missingMandatoryOptionValue': '缺少必需的选项',
  'commander.optionMissingArgument': '选项缺少取值',
  'commander.missingArgument': '缺少参数',
  'commander.excessArguments': '参数太多',
  'commander.invalidArgument': '参数取值无效',
  'commander.conflictingOption': '这两个选项不能同时使用',
};

const fallbackChinese = '命令行有误，运行 yikey --help 查看用法';

/** The line to print for a command-line error `code` with commander's `message`. */
export function commandLineErrorText(code: string, message: string, language: Language): string {
  const english = message.trim();
  if (language === 'en') return `${english}\n`;
  return `错误：${chineseByCode[code] ?? fallbackChinese} (${english})\n`;
}
