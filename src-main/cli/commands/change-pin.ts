import type { Command } from 'commander';
import { YiKeyError } from '../../contract/yikey-error';
import { pinLockedError } from '../../contract/pin-locked-error';
import { withHolder, type GlobalOptions } from '../cli-context';
import { pinSource } from '../pin-input';

interface ChangePinOptions {
  slot?: string;
  pinStdin?: boolean;
}

export function registerChangePinCommand(program: Command): void {
  program
    .command('change-pin')
    .description('change the USBKEY user PIN (also activates a new key)')
    .option('--slot <id>', 'which key, when several are inserted')
    .option('--pin-stdin', 'read the old PIN, then the new PIN, one per line from standard input')
    .action(async (options: ChangePinOptions) => {
      await withHolder(program.opts<GlobalOptions>(), async (holder) => {
        const tokens = await holder.listTokens();
        const candidates = options.slot ? tokens.filter((token) => token.slotId === options.slot) : tokens;
        const [token] = candidates;
        if (!token) throw new YiKeyError('token-not-present', 'Insert your USBKEY (or check --slot)');
        if (candidates.length > 1) {
          throw new YiKeyError(
            'invalid-input',
            `Several keys are inserted; choose one with --slot (${tokens.map((t) => t.slotId).join(', ')})`,
          );
        }
        if (token.pin.locked) throw pinLockedError();
        const pins = pinSource(options);
        const oldPin = await pins.next('当前PIN码 Current PIN: ');
        const newPin = await pins.next('新PIN码 New PIN: ');
        if (!options.pinStdin) {
          const confirmation = await pins.next('确认新PIN码 Confirm new PIN: ');
          if (confirmation !== newPin) throw new YiKeyError('pin-policy', 'The confirmation does not match');
        }
        await holder.changePin(token.slotId, oldPin, newPin);
      });
      process.stderr.write('PIN码已修改 PIN changed\n');
    });
}
