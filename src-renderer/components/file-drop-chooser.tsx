// Choosing files in the holder's language: the browser's own file input says "Choose Files"
// in the browser's language, so it is visually hidden (still focusable: Tab reaches it, Space
// or Enter opens the chooser) and a styled label shows 选择文件 with the input's focus ring.
// Files can also be dropped onto the zone around it.
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function FileDropChooser({
  label,
  disabled,
  onFiles,
  multiple = true,
  buttonText,
  accept,
  chosenName,
  testId = 'drop-zone',
}: {
  /** The input's accessible name (what a screen reader and the tests find it by). */
  label: string;
  disabled: boolean;
  onFiles: (files: File[]) => void;
  /** One file (the verify screen) or several (signing). */
  multiple?: boolean;
  /** The button's words; 选择文件 by default. */
  buttonText?: string;
  accept?: string;
  /** The file chosen so far, shown in the zone so the holder sees what will be used. */
  chosenName?: string | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const chosenId = `${inputId}-chosen`;
  const [over, setOver] = useState(false);

  const acceptsDrop = (event: DragEvent): boolean =>
    !disabled && [...event.dataTransfer.types].includes('Files');
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (!acceptsDrop(event)) return;
    // Without preventDefault the browser would open the dropped file instead.
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}${disabled ? ' drop-zone-disabled' : ''}`}
      data-testid={testId}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="drop-zone-label">
        {label}
      </label>
      <input
        id={inputId}
        className="visually-hidden file-chooser-input"
        type="file"
        multiple={multiple}
        accept={accept}
        disabled={disabled}
        aria-describedby={chosenName ? chosenId : undefined}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared so that choosing the same file again still counts as a choice.
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <div className="drop-zone-actions">
        <label htmlFor={inputId} className="button file-chooser-button">
          {buttonText ?? t('sign.chooseButton')}
        </label>
        <span className="drop-zone-hint">{multiple ? t('sign.dropHint') : t('files.dropOneHint')}</span>
      </div>
      {chosenName && (
        <p className="drop-zone-chosen" id={chosenId} data-testid={`${testId}-chosen`}>
          {t('files.chosen', { name: chosenName })}
        </p>
      )}
    </div>
  );
}
