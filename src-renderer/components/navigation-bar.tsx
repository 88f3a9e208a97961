// The holder's functions as a tab-like list of buttons; the current one is marked for
// assistive technology with aria-current.
import { useTranslation } from 'react-i18next';

export type Page =
  'certificates' | 'sign' | 'verify' | 'requests' | 'change-pin' | 'settings' | 'diagnostics';

const loggedInPages: Page[] = [
  'certificates',
  'sign',
  'verify',
  'requests',
  'change-pin',
  'settings',
  'diagnostics',
];
const keylessPages: Page[] = ['verify', 'settings', 'diagnostics'];
const labelKeys = {
  certificates: 'nav.certificates',
  sign: 'nav.sign',
  verify: 'nav.verify',
  requests: 'nav.requests',
  'change-pin': 'nav.changePin',
  settings: 'nav.settings',
  diagnostics: 'nav.diagnostics',
} as const;

export function NavigationBar(props: { page: Page; onChange: (page: Page) => void; loggedIn: boolean }) {
  const { t } = useTranslation();
  const pages = props.loggedIn ? loggedInPages : keylessPages;
  return (
    <nav className="navigation" aria-label={t('nav.label')}>
      {!props.loggedIn && (
        <button type="button" className="nav-item" onClick={() => props.onChange('certificates')}>
          ← {t('header.back')}
        </button>
      )}
      {pages.map((page) => (
        <button
          key={page}
          type="button"
          className="nav-item"
          aria-current={props.page === page ? 'page' : undefined}
          onClick={() => props.onChange(page)}
        >
          {t(labelKeys[page])}
        </button>
      ))}
    </nav>
  );
}
