// yikey diagnose [--json]: the diagnostics report for the IT helpdesk, the same report as the
// app's 诊断 page. It never asks for a PIN. A module that cannot be found or loaded is part of
// the report (with the reason), not a failure of the command: that is when IT needs it most.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { diagnosticsText } from '../../contract/diagnostics-text';
import { collectDiagnostics } from '../../holder-api/diagnostics-report';
import { moduleView, openHolder } from '../../holder-api/open-holder';
import { loadTrustStore, trustedCaSources } from '../../holder-api/trust-store';
import type { GlobalOptions } from '../cli-context';

export function registerDiagnoseCommand(program: Command): void {
  program
    .command('diagnose')
    .description('report for the IT helpdesk: module, every slot, token flags, mechanisms, trusted CA')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const modulePath = program.opts<GlobalOptions>().module?.trim();
      // The CLI has no settings file: the trusted CA is the one YIKEY_TRUSTED_CA names, if any.
      const trustStore = await loadTrustStore(trustedCaSources([], process.env.YIKEY_TRUSTED_CA));
      const opened = await openHolder({
        modulePath: modulePath ? resolve(modulePath) : null,
        renewalWindowDays: 30,
        trustedCertificatesDer: trustStore.certificatesDer,
      });
      try {
        const report = await collectDiagnostics({
          holder: opened.holder,
          module: moduleView(opened.module),
          moduleError: opened.moduleError?.toJSON() ?? null,
          trustedCas: trustStore.view,
          recentErrors: [],
        });
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : diagnosticsText(report));
      } finally {
        await opened.stop();
      }
    });
}
