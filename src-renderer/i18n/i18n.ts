// i18next setup: Simplified Chinese by default, English switchable. Error texts and PIN rules
// come from the contract's tables (error-messages.ts, pin-policy.ts) so the CLI and the UI
// say the same thing.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../src-main/contract/error-messages';
import { en } from './en';
import { zhCN } from './zh-cn';

export function initI18n(language: Language = 'zh-CN'): void {
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: 'zh-CN',
    // React escapes text itself; escaping twice would show &amp; to the holder.
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
}

export function switchLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}
