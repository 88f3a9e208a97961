// 设置: the PKCS#11 module (automatic, a detected driver or a path), the renewal reminder, the
// auto-lock time, the trusted CA certificates and the language. Values are checked here with the contract's limits so the
// holder learns at once what is wrong; main checks again, and a module is saved only after it
// loaded. Only changed fields are sent: saving the same module again would restart the token
// host and log the holder out for nothing.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract/error-messages';
import type { Settings } from '../../src-main/contract/holder-api-schemas';
import {
  boundedSettingProblem,
  settingLimits,
  type BoundedSetting,
  type SettingsPatch,
} from '../../src-main/contract/holder-settings';
import { BridgeApprovals } from '../components/bridge-approvals';
import { ErrorMessage } from '../components/error-message';
import { asYiKeyError } from '../i18n/contract-text';
import { ModuleChoice, type ModuleSelection } from '../components/module-choice';
import { NumberSettingField } from '../components/number-setting-field';
import { TrustedCaFiles } from '../components/trusted-ca-files';
import { switchLanguage } from '../i18n/i18n';
import { useHolder } from '../state/holder-context';

function selectionOf(settings: Settings): ModuleSelection {
  if (settings.modulePath === null) return 'auto';
  return settings.installedModules.some((module) => module.path === settings.modulePath)
    ? settings.modulePath
    : 'custom';
}

/** The CA file named by a refusal from main, so its row can say so. */
function refusedTrustedCa(error: unknown): string | null {
  if (error === null) return null;
  const { code, details } = asYiKeyError(error);
  return code.startsWith('trusted-ca-') && typeof details.path === 'string' ? details.path : null;
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings } = useHolder();
  const [saved, setSaved] = useState(false);
  if (!settings) return null;
  return (
    <section className="panel panel-wide" aria-labelledby="settings-title" data-testid="settings-screen">
      <h1 id="settings-title" className="panel-title">
        {t('settings.title')}
      </h1>
      {saved && (
        <p className="message message-success" role="status" data-testid="settings-saved">
          {t('settings.saved')}
        </p>
      )}
      {/* A fresh form whenever main's settings change (saved here, or in another window). */}
      <SettingsForm key={JSON.stringify(settings)} settings={settings} onSaved={setSaved} />
      <BridgeApprovals />
    </section>
  );
}

function SettingsForm({ settings, onSaved }: { settings: Settings; onSaved: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { client, setSettings, refresh } = useHolder();
  const [selection, setSelection] = useState<ModuleSelection>(selectionOf(settings));
  const [customPath, setCustomPath] = useState(
    selectionOf(settings) === 'custom' ? (settings.modulePath ?? '') : '',
  );
  const [renewalDays, setRenewalDays] = useState(String(settings.renewalWindowDays));
  const [autoLockMinutes, setAutoLockMinutes] = useState(String(settings.autoLockMinutes));
  const [language, setLanguage] = useState<Language>(settings.language);
  const [trustedCaFiles, setTrustedCaFiles] = useState<string[]>(settings.trustedCaFiles);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const problemOf = (setting: BoundedSetting, typed: string): string | null => {
    const { min, max } = settingLimits[setting];
    const problem = boundedSettingProblem(setting, typed.trim() === '' ? Number.NaN : Number(typed));
    return problem && t(`settings.problem.${setting}`, { min, max });
  };
  const renewalProblem = checked ? problemOf('renewalWindowDays', renewalDays) : null;
  const autoLockProblem = checked ? problemOf('autoLockMinutes', autoLockMinutes) : null;
  const pathProblem =
    checked && selection === 'custom' && customPath.trim() === '' ? t('settings.problem.modulePath') : null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setChecked(true);
    setError(null);
    onSaved(false);
    if (
      problemOf('renewalWindowDays', renewalDays) ||
      problemOf('autoLockMinutes', autoLockMinutes) ||
      (selection === 'custom' && customPath.trim() === '')
    ) {
      return;
    }
    const modulePath = selection === 'auto' ? null : selection === 'custom' ? customPath.trim() : selection;
    const patch: SettingsPatch = {};
    if (modulePath !== settings.modulePath || settings.moduleError) patch.modulePath = modulePath;
    if (Number(renewalDays) !== settings.renewalWindowDays) patch.renewalWindowDays = Number(renewalDays);
    if (Number(autoLockMinutes) !== settings.autoLockMinutes) patch.autoLockMinutes = Number(autoLockMinutes);
    if (language !== settings.language) patch.language = language;
    if (trustedCaFiles.join('\n') !== settings.trustedCaFiles.join('\n'))
      patch.trustedCaFiles = trustedCaFiles;
    setBusy(true);
    try {
      const saved = await client.call('settings:set', patch);
      switchLanguage(saved.language);
      onSaved(true);
      setSettings(saved);
      // Expiry badges depend on the renewal window, and a new module lists other keys.
      void refresh();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <>
      {settings.fileWarning && (
        <p className="message message-warning" role="alert" data-testid="settings-file-warning">
          {t(`settings.fileWarning.${settings.fileWarning}`)}
        </p>
      )}
      {settings.adminPolicyWarning && (
        <p className="message message-warning" role="alert" data-testid="policy-file-warning">
          {t(`settings.policyWarning.${settings.adminPolicyWarning}`)}
        </p>
      )}
      <h2 className="section-title">{t('settings.module')}</h2>
      <p data-testid="module-in-use">
        {settings.module ? (
          <>
            {t('settings.moduleInUse')} <code>{settings.module.path}</code>
            {settings.module.vendor && ` — ${settings.module.vendor}`} (
            {t(`settings.moduleSource.${settings.module.source}`)})
          </>
        ) : (
          t('settings.moduleNone')
        )}
      </p>
      {settings.moduleError && <ErrorMessage error={settings.moduleError} />}
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <ModuleChoice
          installed={settings.installedModules}
          selection={selection}
          customPath={customPath}
          onSelect={setSelection}
          onCustomPath={setCustomPath}
        />
        {pathProblem && <p className="field-problem">{pathProblem}</p>}
        <NumberSettingField
          setting="renewalWindowDays"
          label={t('settings.renewalDays')}
          hint={t('settings.renewalHint', settingLimits.renewalWindowDays)}
          value={renewalDays}
          onChange={setRenewalDays}
          problem={renewalProblem}
        />
        <NumberSettingField
          setting="autoLockMinutes"
          label={t('settings.autoLock')}
          hint={t('settings.autoLockHint', settingLimits.autoLockMinutes)}
          value={autoLockMinutes}
          onChange={setAutoLockMinutes}
          problem={autoLockProblem}
        />
        <TrustedCaFiles
          files={trustedCaFiles}
          loaded={settings.trustedCas}
          onChange={setTrustedCaFiles}
          refusedPath={refusedTrustedCa(error)}
        />
        <div className="field">
          <label htmlFor="settings-language">{t('settings.language')}</label>
          <select
            id="settings-language"
            value={language}
            onChange={(event) => setLanguage(event.target.value as Language)}
          >
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
      </form>
    </>
  );
}
