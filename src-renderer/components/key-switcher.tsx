// With several keys inserted: one row per key with its own login state, a way to switch to it
// and its own logout, so no key stays logged in out of the holder's sight.
import { useTranslation } from 'react-i18next';
import type { TokenSummary } from '../../src-main/contract/token-types';
import { keyStateOf } from '../state/active-key';
import { useHolder } from '../state/holder-context';

const stateLabels = {
  'logged-in': 'keys.state.loggedIn',
  'logged-out': 'keys.state.loggedOut',
  'pin-locked': 'keys.state.pinLocked',
  'to-be-activated': 'keys.state.toBeActivated',
} as const;

export function KeySwitcher(props: {
  tokens: TokenSummary[];
  activeSlotId: string | undefined;
  onSelect: (slotId: string) => void;
}) {
  const { t } = useTranslation();
  const { client, refresh } = useHolder();
  const logOut = async (slotId: string): Promise<void> => {
    await client.call('session:logout', { slotId });
    await refresh();
  };
  return (
    <section className="key-switcher" aria-labelledby="key-switcher-title" data-testid="key-switcher">
      <h2 id="key-switcher-title" className="key-switcher-title">
        {t('keys.title', { count: props.tokens.length })}
      </h2>
      <ul className="key-switcher-list">
        {props.tokens.map((token) => {
          const active = token.slotId === props.activeSlotId;
          const name = t('keys.name', { label: token.label, serial: token.serial });
          return (
            <li
              key={token.slotId}
              className={active ? 'key-row key-row-active' : 'key-row'}
              data-testid="key-row"
              aria-current={active ? 'true' : undefined}
            >
              <span className="key-row-name">{name}</span>
              <span className="key-row-state" data-testid="key-state">
                {t(stateLabels[keyStateOf(token)])}
              </span>
              {!active && (
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('keys.selectNamed', { name })}
                  onClick={() => props.onSelect(token.slotId)}
                >
                  {t('keys.select')}
                </button>
              )}
              {token.loggedIn && (
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('keys.logoutNamed', { name })}
                  onClick={() => void logOut(token.slotId)}
                >
                  {t('keys.logout')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
