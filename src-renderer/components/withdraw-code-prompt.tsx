// 撤回 of a re-issue whose authorisation code no system keychain kept: the withdrawal is a
// MAC-protected CMP message, so the code is asked for here and sent with it (requests:withdraw
// with the code). The code is held only until it is sent.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../../src-main/contract/certificate-requests';
import { AuthorisationCodeFields, useAuthorisationCode } from './authorisation-code-fields';

export function WithdrawCodePrompt(props: {
  request: RequestView;
  busy: boolean;
  onWithdraw: (code: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const code = useAuthorisationCode({ withReference: false });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (props.busy || !code.ready) return;
    const typed = code.code;
    code.clearCode();
    props.onWithdraw(typed);
  };

  return (
    <form className="form message message-warning" onSubmit={submit} data-testid="withdraw-code-prompt">
      <p>{t('reissue.withdrawCode', { reference: props.request.reference ?? '' })}</p>
      {/* Not disabled while busy: it appears while the refused withdrawal still finishes, and a
          disabled field would not take the focus. */}
      <AuthorisationCodeFields {...code.fields} autoFocus />
      <div className="button-row">
        <button type="submit" className="button" disabled={props.busy || !code.ready}>
          {t('reissue.withdrawSubmit')}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {t('requests.withdrawNo')}
        </button>
      </div>
    </form>
  );
}
