// Each check of a verification as one line that starts with its result in words (通过 / 未通过 /
// 未检查): the mark and the colour only repeat the word, so a screen reader and a colour-blind
// holder get the same answer.
import { useTranslation } from 'react-i18next';
import type { VerificationView } from '../../src-main/contract/holder-api-schemas';

type PointResult = 'pass' | 'fail' | 'not-checked';

const marks: Record<PointResult, string> = { pass: '✓', fail: '✗', 'not-checked': '–' };

function VerdictPoint({ result, text }: { result: PointResult; text: string }) {
  const { t } = useTranslation();
  return (
    <li className={`verdict-point verdict-point-${result}`} data-testid="verdict-point" data-result={result}>
      <span className="verdict-point-result">
        <span aria-hidden="true">{marks[result]} </span>
        {t(`verify.point.${result}`)}
      </span>{' '}
      {text}
    </li>
  );
}

export function VerdictPoints({ result }: { result: VerificationView }) {
  const { t } = useTranslation();
  const chain: PointResult =
    result.chain === 'trusted' ? 'pass' : result.chain === 'not-checked' ? 'not-checked' : 'fail';
  return (
    <ul className="verdict-points">
      <VerdictPoint
        result={result.integrity === 'ok' ? 'pass' : 'fail'}
        text={t(`verify.integrity.${result.integrity}`)}
      />
      <VerdictPoint
        result={result.certificateValidAtSigningTime ? 'pass' : 'fail'}
        text={t(`verify.certAtSigning.${result.certificateValidAtSigningTime ? 'true' : 'false'}`)}
      />
      <VerdictPoint result={chain} text={t(`verify.chain.${result.chain}`)} />
    </ul>
  );
}
