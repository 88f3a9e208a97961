// The current UI language as the contract's Language type, re-rendering on switches.
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract/error-messages';

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}
