// One certificate request in 我的申请: what it is, for which USBKEY, its stage on the path,
// dates, what happens next in plain words, the reviewer's reason when 已驳回, a problem with
// the last step (its code behind 详细信息), and the actions that make sense now: 撤回 (after a
// confirmation), 重新提交, 安装续期证书.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../../src-main/contract/certificate-requests';
import { useLanguage } from '../state/use-language';
import { ErrorMessage } from './error-message';
import { formatDate } from './format-date';
import { RequestStageSteps } from './request-stage-steps';
import { ProgressLine } from './progress-line';
import { nextStepKeys, withdrawConfirmKeys } from './request-card-words';
import { ReissueCodePrompt } from './reissue-code-prompt';
import { WithdrawCodePrompt } from './withdraw-code-prompt';

export type RequestAction = 'withdraw' | 'resubmit' | 'install';

const actionProgressKeys: Record<RequestAction, string> = {
  withdraw: 'requests.withdrawing',
  install: 'requests.installing',
  resubmit: 'requests.resubmitting',
};

export function RequestCard({
  request,
  busy,
  onAction,
  withdrawCode = null,
}: {
  request: RequestView;
  /** Which action of this request is running, if any. */
  busy: RequestAction | null;
  /** `code`: a re-issue's authorisation code, for a withdrawal no keychain could sign for. */
  onAction: (action: RequestAction, code?: string) => void;
  /** 撤回 said request-code-needed: the code is asked for; onCancel gives up the withdrawal. */
  withdrawCode?: { onCancel: () => void } | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [confirmingWithdraw, setConfirmingWithdraw] = useState(false);
  const titleId = `request-${request.id}`;
  const anyBusy = busy !== null;
  return (
    <article className="card request-card" aria-labelledby={titleId} data-testid="request-card">
      <div className="card-head">
        <h2 id={titleId} className="card-title">
          {t(`requests.kind.${request.kind}`)}
        </h2>
        <span
          className={`request-progress request-progress-${request.progress}`}
          data-testid="request-progress"
        >
          {t(`requests.progress.${request.progress}`)}
        </span>
      </div>
      <p className="card-subtitle">{t('requests.forKey', { label: request.tokenLabel })}</p>
      {/* An unlock has no information-centre step and nothing to install: its own words, no path. */}
      {request.kind !== 'unlock' && <RequestStageSteps progress={request.progress} kind={request.kind} />}
      <p className="request-dates">
        {t('requests.submittedAt', { date: formatDate(request.createdAt, language, true) })}
        <br />
        {t('requests.updatedAt', { date: formatDate(request.updatedAt, language, true) })}
      </p>
      {request.rejectionReason && (
        <p className="message message-error" data-testid="request-reason">
          {t('requests.reason', { reason: request.rejectionReason })}
        </p>
      )}
      <p data-testid="request-next">{t(nextStepKeys(request.kind, request.progress))}</p>
      {request.problem && <ErrorMessage error={request.problem} />}
      {request.kind === 'reissue' && request.problem?.code === 'request-code-needed' && !withdrawCode && (
        <ReissueCodePrompt request={request} />
      )}
      {busy && <ProgressLine>{t(actionProgressKeys[busy])}</ProgressLine>}
      <div className="button-row">
        {request.canInstall && (
          <button
            type="button"
            className="button button-primary"
            disabled={anyBusy}
            onClick={() => onAction('install')}
          >
            {t(installLabel(request))}
          </button>
        )}
        {request.canResubmit && (
          <button
            type="button"
            className="button button-primary"
            disabled={anyBusy}
            onClick={() => onAction('resubmit')}
          >
            {t('requests.resubmit')}
          </button>
        )}
        {request.canWithdraw && !confirmingWithdraw && !withdrawCode && (
          <button
            type="button"
            className="button"
            disabled={anyBusy}
            onClick={() => setConfirmingWithdraw(true)}
          >
            {t('requests.withdraw')}
          </button>
        )}
      </div>
      {request.canWithdraw && withdrawCode && (
        <WithdrawCodePrompt
          request={request}
          busy={anyBusy}
          onWithdraw={(code) => onAction('withdraw', code)}
          onCancel={withdrawCode.onCancel}
        />
      )}
      {request.canWithdraw && confirmingWithdraw && (
        <div className="message message-warning" role="group" aria-label={t('requests.withdraw')}>
          <p>{t(withdrawConfirmKeys(request.kind))}</p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              autoFocus
              disabled={anyBusy}
              onClick={() => {
                setConfirmingWithdraw(false);
                onAction('withdraw');
              }}
            >
              {t('requests.withdrawYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingWithdraw(false)}>
              {t('requests.withdrawNo')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

function installLabel(request: RequestView) {
  if (request.kind === 'change') return 'forms.change.install' as const;
  if (request.kind === 'reissue') return 'reissue.install' as const;
  return 'requests.install' as const;
}
