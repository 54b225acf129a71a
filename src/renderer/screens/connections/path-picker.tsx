import { useState } from 'react';
import { getApi } from '../../api/get-api.js';
import type { PickerButton } from './file-picking.js';

/** The host's file dialog beside a path field; the text field stays, so a path can still be typed or pasted. */
export function PathPicker({ buttons, onChosen }: { buttons: PickerButton[]; onChosen(path: string): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (buttons.length === 0) return null;

  const choose = async (button: PickerButton) => {
    setBusy(true);
    setError(null);
    try {
      const chosen = await getApi().chooseFile(button.args);
      if (chosen) onChosen(chosen.path);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {buttons.map((button) => (
        <button key={button.testId} type="button" className="button small" disabled={busy} onClick={() => void choose(button)} data-testid={button.testId}>
          {button.label}
        </button>
      ))}
      {error && (
        <div className="field-error path-picker-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
