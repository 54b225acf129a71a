import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Dialog } from 'electron';
import { createFileChooser, openDialogOptions } from './file-chooser.js';

type ShowOpen = Dialog['showOpenDialog'];

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn(async () => answer) as unknown as ShowOpen & ReturnType<typeof vi.fn>;
  return { showOpenDialog };
}

describe('the desktop file chooser', () => {
  it('offers extracts, SQLite files, or folders', () => {
    const extract = openDialogOptions({ purpose: 'extract' });
    expect(extract.properties).toEqual(['openFile']);
    expect(extract.filters?.[0]?.extensions).toEqual(expect.arrayContaining(['csv', 'parquet', 'xlsx']));
    const sqlite = openDialogOptions({ purpose: 'sqlite' });
    expect(sqlite.filters?.[0]?.extensions).toEqual(expect.arrayContaining(['sqlite', 'db']));
    expect(sqlite.filters?.[0]?.extensions).not.toContain('csv');
    const folder = openDialogOptions({ purpose: 'extract', directory: true });
    expect(folder.properties).toEqual(['openDirectory']);
    expect(folder.filters).toBeUndefined();
  });

  it('opens the dialog modal to the window and returns the chosen path', async () => {
    const dialog = fakeDialog({ canceled: false, filePaths: ['/data/orders.csv'] });
    const win = { id: 1 } as unknown as BrowserWindow;
    const choose = createFileChooser(dialog, () => win);
    expect(await choose({ purpose: 'extract' })).toEqual({ path: '/data/orders.csv' });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ properties: ['openFile'] }));
  });

  it('answers null when the user cancels, and works without a window', async () => {
    const cancelled = fakeDialog({ canceled: true, filePaths: [] });
    expect(await createFileChooser(cancelled, () => null)({ purpose: 'sqlite' })).toBeNull();
    expect(cancelled.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ title: 'Choose a SQLite database' }));
    const empty = fakeDialog({ canceled: false, filePaths: [] });
    expect(await createFileChooser(empty, () => null)({ purpose: 'extract', directory: true })).toBeNull();
  });
});
