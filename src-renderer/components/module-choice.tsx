// Which PKCS#11 module to load: automatic, one of the known drivers found on this PC, or a
// path the holder (or IT) types. A radio group in a fieldset, so the choice is one tab stop and
// arrow keys move between options, as screen-reader users expect.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../src-main/contract/holder-api-schemas';

/** 'auto', 'custom', or the path of a detected module. */
export type ModuleSelection = string;

export interface ModuleChoiceProps {
  installed: Settings['installedModules'];
  selection: ModuleSelection;
  customPath: string;
  onSelect: (selection: ModuleSelection) => void;
  onCustomPath: (path: string) => void;
}

export function ModuleChoice(props: ModuleChoiceProps) {
  const { t } = useTranslation();
  const name = useId();
  const customId = `${name}-custom-path`;
  const option = (value: string, label: React.ReactNode) => (
    <label className="choice" key={value}>
      <input
        type="radio"
        name={name}
        value={value}
        checked={props.selection === value}
        onChange={() => props.onSelect(value)}
      />
      <span>{label}</span>
    </label>
  );
  return (
    <fieldset className="fieldset">
      <legend>{t('settings.moduleChoice')}</legend>
      {option('auto', t('settings.moduleAuto'))}
      <p className="field-hint choice-hint">{t('settings.moduleAutoHint')}</p>
      {props.installed.map((module) =>
        option(
          module.path,
          <>
            {module.vendor}: <code>{module.path}</code>
          </>,
        ),
      )}
      {props.installed.length === 0 && <p className="field-hint">{t('settings.installedNone')}</p>}
      {option('custom', t('settings.moduleCustom'))}
      {props.selection === 'custom' && (
        <div className="field field-indented">
          <label htmlFor={customId}>{t('settings.modulePath')}</label>
          <input
            id={customId}
            name="module-path"
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={props.customPath}
            onChange={(event) => props.onCustomPath(event.target.value)}
          />
        </div>
      )}
    </fieldset>
  );
}
