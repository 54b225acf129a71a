/** What the window's host can do beyond the workspace: the desktop app has native dialogs, the browser version does not. */
export interface HostInfo {
  host: 'electron' | 'web';
  /** True when `chooseFile` opens a dialog; otherwise a path is typed. */
  canChooseFiles: boolean;
}

/** What a file is chosen for: it decides the dialog's title and file types. */
export type FilePurpose = 'extract' | 'sqlite';

export interface ChooseFileArgs {
  purpose: FilePurpose;
  /** Choose a folder (of extracts) instead of a file. */
  directory?: boolean;
}

export interface HostApi {
  hostInfo(args: Record<string, never>): Promise<HostInfo>;
  /** Opens the host's file dialog; null when the user cancels. Refused (INVALID_INPUT) where `canChooseFiles` is false. */
  chooseFile(args: ChooseFileArgs): Promise<{ path: string } | null>;
}
