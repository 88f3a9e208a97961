// What yikey prints for a wrong command line (src-main/cli/command-line-error-text.ts).
import { describe, expect, it } from 'vitest';
import { commandLineErrorText } from '../../../src-main/cli/command-line-error-text';

describe('command-line errors', () => {
  it('say in Chinese first what is wrong, then commander’s words naming the command or option', () => {
    expect(commandLineErrorText('commander.unknownCommand', "error: unknown command 'foo'", 'zh-CN')).toBe(
      "错误：没有这个命令，运行 yikey --help 查看可用的命令 (error: unknown command 'foo')\n",
    );
    expect(
      commandLineErrorText(
        'commander.missingMandatoryOptionValue',
        "error: required option '--in <file>' not specified",
        'zh-CN',
      ),
    ).toBe("错误：缺少必需的选项 (error: required option '--in <file>' not specified)\n");
  });

  it('fall back to a general Chinese line for a code it does not know, and say English only in English', () => {
    expect(commandLineErrorText('commander.somethingNew', 'error: something new', 'zh-CN')).toBe(
      '错误：命令行有误，运行 yikey --help 查看用法 (error: something new)\n',
    );
    expect(commandLineErrorText('commander.unknownOption', "error: unknown option '--x'\n", 'en')).toBe(
      "error: unknown option '--x'\n",
    );
  });
});
