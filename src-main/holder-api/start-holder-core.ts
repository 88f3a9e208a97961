// Everything a door to the renderer needs, started in one call: the saved settings, the holder
// façade on the chosen module (switchable from the settings), and the API dispatcher. Browser
// mode and the Electron shell both start the core this way, so they behave the same.
import type { HolderPreferences } from '../contract/holder-settings';
import { detectInstalledModules } from '../token/module-locator';
import { createHolderApiDispatcher, type HolderApiDispatcher } from './dispatcher';
import { HolderSession } from './holder-session';
import { openHolder, type OpenHolderOptions } from './open-holder';
import { createSettingsService, type SettingsService } from './settings-service';
import type { SettingsStore } from './settings-store';

export interface HolderCoreOptions {
  /** fileSettingsStore() for the holder's settings file; memorySettingsStore() in tests. */
  store: SettingsStore;
  /** Values for this run only (command-line flags), over the saved ones. */
  overrides?: Partial<HolderPreferences>;
  hostOptions?: Pick<OpenHolderOptions, 'pollIntervalMs' | 'launcher'>;
}

export interface HolderCore {
  dispatcher: HolderApiDispatcher;
  settings: SettingsService;
  session: HolderSession;
  stop(): void;
}

export async function startHolderCore(options: HolderCoreOptions): Promise<HolderCore> {
  const overrides = options.overrides ?? {};
  const initial = { ...options.store.load(), ...overrides };
  const hostOptions = options.hostOptions ?? {};
  const session = new HolderSession(
    await openHolder({
      ...hostOptions,
      modulePath: initial.modulePath,
      renewalWindowDays: initial.renewalWindowDays,
    }),
  );
  const settings = createSettingsService({
    store: options.store,
    session,
    installedModules: detectInstalledModules(),
    hostOptions,
    overrides,
  });
  const dispatcher = createHolderApiDispatcher({ holder: session, settings });
  return {
    dispatcher,
    settings,
    session,
    stop() {
      dispatcher.close();
      session.stop();
    },
  };
}
