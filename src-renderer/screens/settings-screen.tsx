// 设置: what a holder changes (language, the renewal reminder, the auto-logout time) first;
// the USBKEY driver and the trusted CA certificates — IT's business — in a collapsed
// 高级（信息科） section, opened by itself when something there needs attention. Values are
// checked here with the contract's limits so the holder learns at once what is wrong; main
// checks again, and a module is saved only after it loaded. A refusal is explained next to what
// it concerns; the confirmation sits by the save button and names what was saved. Only changed
// fields are sent: saving the same module again would restart the token host and log the
// holder out for nothing.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/contract/error-messages';
import type { Settings } from '../../src-main/contract/holder-api-schemas';
import {
  backendUrlProblem,
  boundedSettingProblem,
  settingLimits,
  type BoundedSetting,
  type SettingsPatch,
} from '../../src-main/contract/holder-settings';
import { BridgeApprovals } from '../components/bridge-approvals';
import { ErrorMessage } from '../components/error-message';
import { asYiKeyError } from '../i18n/contract-text';
import { ModuleChoice, type ModuleSelection } from '../components/module-choice';
import { ModuleInUse } from '../components/module-in-use';
import { NumberSettingField } from '../components/number-setting-field';
import { TrustedCaFiles } from '../components/trusted-ca-files';
import { BackendAddressField } from '../components/backend-address-field';
import { switchLanguage } from '../i18n/i18n';
import { useHolder } from '../state/holder-context';
import { savedSettingNames, settingsErrorPlace } from '../state/settings-error-place';

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

/** The advanced section opens by itself when the driver or a CA file needs IT's attention. */
function advancedNeedsAttention(settings: Settings): boolean {
  return (
    settings.module === null ||
    settings.moduleError !== null ||
    settings.trustedCas.some((ca) => ca.error !== null)
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { settings } = useHolder();
  // Kept here, not in the form: a save gives a fresh form, and neither must be forgotten.
  const [saved, setSaved] = useState<(keyof SettingsPatch)[] | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(
    () => settings !== null && advancedNeedsAttention(settings),
  );
  if (!settings) return null;
  return (
    <section className="panel panel-wide" aria-labelledby="settings-title" data-testid="settings-screen">
      <h1 id="settings-title" className="panel-title">
        {t('settings.title')}
      </h1>
      {/* A fresh form whenever main's settings change (saved here, or in another window). */}
      <SettingsForm
        key={JSON.stringify(settings)}
        settings={settings}
        saved={saved}
        onSaved={setSaved}
        advancedOpen={advancedOpen}
        onAdvancedOpen={setAdvancedOpen}
      />
      <BridgeApprovals />
    </section>
  );
}

function SettingsForm(props: {
  settings: Settings;
  saved: (keyof SettingsPatch)[] | null;
  onSaved: (saved: (keyof SettingsPatch)[] | null) => void;
  advancedOpen: boolean;
  onAdvancedOpen: (open: boolean) => void;
}) {
  const { settings, onSaved } = props;
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
  const [backendUrl, setBackendUrl] = useState(settings.backendUrl ?? '');
  const [checked, setChecked] = useState(false);
  const backendRule = backendUrl.trim() === '' ? null : backendUrlProblem(backendUrl);
  const backendProblem = checked && backendRule ? t(`requests.settings.problem.${backendRule}`) : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorPlace = error === null ? null : settingsErrorPlace(asYiKeyError(error).code);

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
    onSaved(null);
    const pathMissing = selection === 'custom' && customPath.trim() === '';
    if (pathMissing || backendRule) props.onAdvancedOpen(true);
    if (
      problemOf('renewalWindowDays', renewalDays) ||
      problemOf('autoLockMinutes', autoLockMinutes) ||
      pathMissing ||
      backendRule
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
    const typedBackend = backendUrl.trim() === '' ? null : backendUrl.trim();
    if (typedBackend !== settings.backendUrl) patch.backendUrl = typedBackend;
    // Nothing changed: nothing to send (the same settings back would not even refresh the form).
    if (savedSettingNames(patch).length === 0) {
      onSaved([]);
      return;
    }
    setBusy(true);
    try {
      const saved = await client.call('settings:set', patch);
      switchLanguage(saved.language);
      onSaved(savedSettingNames(patch));
      setSettings(saved);
      // Expiry badges depend on the renewal window, and a new module lists other keys.
      void refresh();
    } catch (caught) {
      setError(caught);
      // The refusal is explained inside the advanced section: it must be open to be read.
      if (settingsErrorPlace(asYiKeyError(caught).code) !== 'general') props.onAdvancedOpen(true);
    } finally {
      // Usually a fresh form replaces this one; when main answers with the same settings it does not.
      setBusy(false);
    }
  };

  const savedText =
    props.saved === null
      ? null
      : props.saved.length === 0
        ? t('settings.nothingChanged')
        : t('settings.savedWhat', {
            names: props.saved
              .map((name) => t(`settings.savedName.${name}`))
              .join(t('settings.listSeparator')),
          });

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
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
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
        <details
          className="advanced-settings"
          data-testid="advanced-settings"
          open={props.advancedOpen}
          onToggle={(event) => props.onAdvancedOpen(event.currentTarget.open)}
        >
          <summary>{t('settings.advanced')}</summary>
          <p className="field-hint">{t('settings.advancedHint')}</p>
          <h2 className="section-title">{t('settings.module')}</h2>
          <ModuleInUse settings={settings} />
          {settings.moduleError && <ErrorMessage error={settings.moduleError} />}
          <ModuleChoice
            installed={settings.installedModules}
            selection={selection}
            customPath={customPath}
            onSelect={setSelection}
            onCustomPath={setCustomPath}
          />
          {pathProblem && <p className="field-problem">{pathProblem}</p>}
          {errorPlace === 'module' && <ErrorMessage error={error} />}
          <TrustedCaFiles
            files={trustedCaFiles}
            loaded={settings.trustedCas}
            onChange={setTrustedCaFiles}
            refusedPath={refusedTrustedCa(error)}
          />
          {errorPlace === 'trusted-ca' && <ErrorMessage error={error} />}
          <BackendAddressField
            settings={settings}
            value={backendUrl}
            onChange={setBackendUrl}
            problem={backendProblem}
          />
        </details>
        {errorPlace === 'general' && <ErrorMessage error={error} />}
        <div className="save-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('settings.saving') : t('settings.save')}
          </button>
          {savedText && (
            <p
              className="message message-success save-confirmation"
              role="status"
              data-testid="settings-saved"
            >
              {savedText}
            </p>
          )}
        </div>
      </form>
    </>
  );
}
