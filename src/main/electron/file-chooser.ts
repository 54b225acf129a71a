import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { ChooseFileArgs, FilePurpose } from '../../shared/api/host.js';

/** The dialog's title and the files it offers, per purpose; a folder of extracts has no filter. */
export function openDialogOptions(args: ChooseFileArgs): OpenDialogOptions {
  if (args.directory) {
    return { title: 'Choose a folder of CSV, Parquet or XLSX files', properties: ['openDirectory'] };
  }
  return { title: TITLES[args.purpose], properties: ['openFile'], filters: FILTERS[args.purpose] };
}

const TITLES: { readonly [P in FilePurpose]: string } = {
  extract: 'Choose a CSV, Parquet or XLSX file',
  sqlite: 'Choose a SQLite database',
};

const FILTERS: { readonly [P in FilePurpose]: NonNullable<OpenDialogOptions['filters']> } = {
  extract: [
    { name: 'Extracts (CSV, Parquet, XLSX)', extensions: ['csv', 'tsv', 'txt', 'parquet', 'xlsx'] },
    { name: 'CSV', extensions: ['csv', 'tsv', 'txt'] },
    { name: 'Parquet', extensions: ['parquet'] },
    { name: 'Excel workbook', extensions: ['xlsx'] },
    { name: 'All files', extensions: ['*'] },
  ],
  sqlite: [
    { name: 'SQLite database', extensions: ['sqlite', 'sqlite3', 'db', 'db3'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/**
 * The desktop host's `chooseFile`: a native open dialog, modal to the app window when there is one.
 * `parent` is read per call because the window is created after the workspace is opened.
 */
export function createFileChooser(dialog: Pick<Dialog, 'showOpenDialog'>, parent: () => BrowserWindow | null): (args: ChooseFileArgs) => Promise<{ path: string } | null> {
  return async (args) => {
    const options = openDialogOptions(args);
    const win = parent();
    const { canceled, filePaths } = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const path = filePaths[0];
    return canceled || path === undefined ? null : { path };
  };
}
