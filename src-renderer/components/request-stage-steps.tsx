// The path of a request as an ordered list: 已提交 → 单位审核 → 信息中心审批 → 制证 → 待安装 →
// 已完成, the steps behind it marked done and the current one marked for screen readers
// (aria-current="step"). A request that ended without a certificate shows no path. A
// revocation issues nothing: its path ends after the reviews (已提交 → 单位审核 → 信息中心审批 → 已完成).
import { useTranslation } from 'react-i18next';
import type { RequestKind, RequestProgress } from '../../src-main/contract/certificate-requests';

const path = [
  'submitted',
  'unit-review',
  'center-review',
  'issuing',
  'ready-to-install',
  'completed',
] as const;

const revocationPath = ['submitted', 'unit-review', 'center-review', 'completed'] as const;

/** Where on the path a stage sits; YiKey's own steps sit next to the backend's. */
function positionOf(progress: RequestProgress, steps: readonly string[]): number {
  if (progress === 'preparing') return 0;
  if (progress === 'installing' && steps.includes('ready-to-install'))
    return steps.indexOf('ready-to-install');
  // A revocation approved but not yet carried out is still at its last review.
  if (!steps.includes(progress)) return progress === 'issuing' ? steps.indexOf('center-review') : -1;
  return steps.indexOf(progress);
}

export function RequestStageSteps({ progress, kind }: { progress: RequestProgress; kind?: RequestKind }) {
  const { t } = useTranslation();
  const steps = kind === 'revoke' ? revocationPath : path;
  const current = positionOf(progress, steps);
  if (current < 0) return null;
  return (
    <ol className="stage-steps" aria-label={t('requests.steps.label')}>
      {steps.map((step, index) => {
        const state =
          index < current || progress === 'completed' ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={step}
            className={`stage-step stage-step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {t(`requests.steps.${step}`)}
            {state === 'current' && <span className="visually-hidden">{t('requests.current')}</span>}
          </li>
        );
      })}
    </ol>
  );
}
