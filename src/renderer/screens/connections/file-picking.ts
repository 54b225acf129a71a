import type { ChooseFileArgs, HostInfo } from '../../../shared/api/host.js';
import type { EngineField } from './engine-fields.js';

/** One button beside a path field that opens the host's file dialog. */
export interface PickerButton {
  label: string;
  args: ChooseFileArgs;
  testId: string;
}

/** The dialog buttons a path field gets: none until the host is known, or where it has no dialog. */
export function pickerButtons(field: EngineField, host: HostInfo | null): PickerButton[] {
  if (!field.picker || !host?.canChooseFiles) return [];
  const { purpose, folders } = field.picker;
  const file: PickerButton = { label: folders ? 'Choose file…' : 'Choose…', args: { purpose }, testId: `conn-${field.key}-choose` };
  if (!folders) return [file];
  // Native dialogs choose a file or a folder, not either: a folder of extracts needs its own button.
  return [file, { label: 'Choose folder…', args: { purpose, directory: true }, testId: `conn-${field.key}-choose-folder` }];
}

/** The hint under a path field: where the path must be typed, it says so. */
export function pathFieldHint(field: EngineField, host: HostInfo | null): string | undefined {
  if (!field.picker || !host || host.canChooseFiles) return field.hint;
  const typed = field.picker.folders ? 'Type the full path of the file or folder on this machine.' : 'Type the full path of the file on this machine.';
  return field.hint ? `${typed} ${field.hint}` : typed;
}
