// The text 复制证书信息 puts on the clipboard for the helpdesk: which key (label, serial) and
// which certificate (serial, holder, unit), one fact a line in the holder's language. Public
// facts only — never a PIN; the ID number stays out (the DN shown elsewhere is masked).
import type { TFunction } from 'i18next';
import type { CertificateEntryView } from '../../src-main/contract/holder-api-schemas';

export function certificateInfoText(
  t: TFunction,
  key: { label: string; serial: string },
  entries: CertificateEntryView[],
): string {
  const lines = [`${t('copyInfo.keyLabel')}: ${key.label}`, `${t('copyInfo.keySerial')}: ${key.serial}`];
  for (const entry of entries) {
    if (!entry.readable || entry.certificate.isCa) continue;
    const { certificate } = entry;
    lines.push(
      `${t('copyInfo.certificateSerial')}: ${certificate.serialNumber}`,
      `${t('copyInfo.holder')}: ${certificate.subject.commonName ?? certificate.subject.dn}`,
      `${t('copyInfo.unit')}: ${certificate.subject.organization ?? t('copyInfo.none')}`,
    );
  }
  return lines.join('\n');
}
