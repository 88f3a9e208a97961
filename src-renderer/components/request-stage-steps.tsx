// The path of a request as an ordered list: 已提交 → 单位审核 → 信息中心审批 → 制证 → 待安装 →
// 已完成, the steps behind it marked done and the current one marked for screen readers
// (aria-current="step"). A request that ended without a certificate shows no path.
import { useTranslation } from 'react-i18next';
import type { RequestProgress } from '../../src-main/contract/certificate-requests';

const path = [
  'submitted',
  'unit-review',
  'center-review',
  'issuing',
  'ready-to-install',
  'completed',
] as const;

/** Where on the path a stage sits; YiKey's own steps sit next to the backend's. */
function positionOf(progress: RequestProgress): number {
  if (progress === 'preparing') return 0;
  if (progress === 'installing') return path.indexOf('ready-to-install');
  return path.indexOf(progress as (typeof path)[number]);
}

export function RequestStageSteps({ progress }: { progress: RequestProgress }) {
  const { t } = useTranslation();
  const current = positionOf(progress);
  if (current < 0) return null;
  return (
    <ol className="stage-steps" aria-label={t('requests.steps.label')}>
      {path.map((step, index) => {
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
