// Shown until the API connection is ready, and when it is refused or lost.
import { useTranslation } from 'react-i18next';
import type { HolderConnection } from '../state/use-holder-state';

const textKeys = {
  connecting: 'connection.connecting',
  ready: 'connection.connecting',
  lost: 'connection.lost',
  refused: 'connection.refused',
  'no-secret': 'connection.noSecret',
} as const;

export function ConnectionScreen({ connection }: { connection: HolderConnection }) {
  const { t } = useTranslation();
  const problem = connection !== 'connecting' && connection !== 'ready';
  return (
    <main className="app-main centered">
      <section className="panel" aria-busy={!problem}>
        <h1 className="panel-title">{t('app.name')}</h1>
        <p className={problem ? 'message message-error' : 'message'} role={problem ? 'alert' : 'status'}>
          {t(textKeys[connection])}
        </p>
      </section>
    </main>
  );
}
