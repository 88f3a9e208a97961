// Assembles the diagnostics report (诊断, `yikey diagnose`): the app and OS, the module in use and
// why it was chosen, what the module says about itself and every slot, the trusted CA files and
// the recent error codes. Each part that cannot be read says why instead of failing the whole
// report: a report is most needed exactly when something does not work.
import { arch, platform, release } from 'node:os';
import type { ModuleView, TrustedCaView } from '../contract/holder-api-schemas';
import type { DiagnosticsReport, RecentError } from '../contract/diagnostics-schemas';
import type { SerializedError } from '../contract/wire-primitives';
import { YiKeyError } from '../contract/yikey-error';
import packageJson from '../../package.json';
import type { HolderPort } from './holder-port';

export interface DiagnosticsInput {
  holder: Pick<HolderPort, 'diagnostics'>;
  module: ModuleView | null;
  moduleError: SerializedError | null;
  trustedCas: TrustedCaView[];
  recentErrors: RecentError[];
  clock?: () => Date;
}

export async function collectDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsReport> {
  const clock = input.clock ?? (() => new Date());
  let moduleAnswer: Pick<DiagnosticsReport, 'library' | 'slots' | 'slotsError'>;
  try {
    moduleAnswer = { ...(await input.holder.diagnostics()), slotsError: null };
  } catch (error) {
    moduleAnswer = { library: null, slots: [], slotsError: YiKeyError.from(error).toJSON() };
  }
  return {
    generatedAt: clock().toISOString(),
    app: {
      version: packageJson.version,
      os: `${platform()} ${release()} ${arch()}`,
      runtime: process.versions.electron
        ? `Electron ${process.versions.electron}, Node ${process.versions.node}`
        : `Node ${process.versions.node}`,
    },
    module: input.module,
    moduleError: input.moduleError,
    ...moduleAnswer,
    trustedCas: input.trustedCas,
    recentErrors: input.recentErrors,
  };
}
