// 即将自动退出登录: the idle lock is near. 继续使用 (or any key or pointer activity, which the idle
// timer already listens to) takes the warning back; the button gets focus so Enter works.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdleLockWarning } from '../state/use-idle-lock';

export function IdleWarning({ warning }: { warning: IdleLockWarning }) {
  const { t } = useTranslation();
  // A countdown the holder can trust: worked out from the deadline every second.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(tick);
  }, []);
  const secondsLeft = Math.max(0, Math.ceil((warning.lockAt - now) / 1_000));
  return (
    <div
      className="idle-warning"
      role="alertdialog"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-body"
      data-testid="idle-warning"
    >
      <p id="idle-warning-title" className="idle-warning-title">
        {t('idle.title')}
      </p>
      <p id="idle-warning-body">{t('idle.body', { seconds: secondsLeft })}</p>
      {/* The click is activity: the idle timer sees it and takes the warning back. */}
      <button type="button" className="button button-primary" autoFocus>
        {t('idle.stay')}
      </button>
    </div>
  );
}
