import type { Command } from 'commander';
import type { TokenSummary } from '../../contract/token-types';
import { withHolder, type GlobalOptions } from '../cli-context';

function describePin(pin: TokenSummary['pin']): string {
  if (pin.locked) return 'PIN已锁定 locked';
  if (pin.toBeChanged) return '待激活 to be changed';
  if (pin.finalTry) return '最后一次机会 final try';
  if (pin.countLow) return '此前有输错记录 wrong PIN entered before';
  return 'OK';
}

export function registerTokensCommand(program: Command): void {
  program
    .command('tokens')
    .description('list inserted USBKEYs')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const tokens = await withHolder(program.opts<GlobalOptions>(), (holder) => holder.listTokens());
      if (options.json) {
        process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
        return;
      }
      if (tokens.length === 0) {
        process.stdout.write('请插入USBKEY (no USBKEY inserted)\n');
        return;
      }
      for (const token of tokens) {
        const pinPad = token.pin.pinPad ? ', PIN pad' : '';
        process.stdout.write(
          `slot ${token.slotId}: ${token.label}  serial ${token.serial}  ${token.manufacturer} ${token.model}` +
            `  PIN: ${describePin(token.pin)}${pinPad}\n`,
        );
      }
    });
}
