import type { Command } from 'commander';
import type { HolderEvent } from '../../holder/holder-service';
import { openHolder, type GlobalOptions } from '../cli-context';
import { onStdoutClosed } from '../stdout-reader';

/** Runs until interrupted, printing one line per key insertion or removal. */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description('print a line for each USBKEY insertion or removal until interrupted')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const holder = openHolder(program.opts<GlobalOptions>());
      await holder.start();
      const labels = new Map<string, string>();
      for (const token of await holder.listTokens()) labels.set(token.slotId, token.label);
      process.stderr.write('正在监视USBKEY插拔 Watching for USBKEY insertion and removal (Ctrl-C to stop)\n');
      const print = (event: HolderEvent & { label?: string }): void => {
        if (options.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else
          process.stdout.write(
            `${event.at} ${event.type}${'slotId' in event ? ` slot ${event.slotId}` : ''}${event.label ? ` ${event.label}` : ''}\n`,
          );
      };
      holder.onEvent((event) => {
        if (event.type === 'token-inserted') {
          // The label is looked up after the event so the event itself is never delayed.
          print(event);
          void holder.listTokens().then(
            (tokens) => tokens.forEach((token) => labels.set(token.slotId, token.label)),
            () => undefined,
          );
        } else if (event.type === 'token-removed') {
          const label = labels.get(event.slotId);
          print(label ? { ...event, label } : event);
        } else if (event.type !== 'logged-out') {
          // The logout that follows a removal is implied by the removal line.
          print(event);
        }
      });
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
        // The reader has what it wanted (`| head -1`): stop watching, as after Ctrl-C.
        onStdoutClosed(resolve);
      });
      // Logs out and finalises the module before the process ends.
      await holder.stop();
    });
}
