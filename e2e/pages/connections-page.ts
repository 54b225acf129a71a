import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** Connections: the list, the add form (test / add), removal, and one connection's schema. */
export class ConnectionsPage {
  readonly rows: Locator;
  readonly form: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('connection-row');
    this.form = page.getByTestId('add-connection-form');
  }

  async open(app: AppHost): Promise<void> {
    await app.open(this.page, 'connections');
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('section[data-screen="connections"][data-ready="true"]')).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="connection-row"][data-name="${name}"]`);
  }

  async openForm(): Promise<void> {
    if (!(await this.form.isVisible())) await this.page.getByTestId('conn-open-form').click();
    await expect(this.form).toBeVisible();
  }

  async fillSqlite(name: string, path: string): Promise<void> {
    await this.openForm();
    await this.page.getByTestId('conn-engine').selectOption('sqlite');
    await this.page.getByTestId('conn-name').fill(name);
    await this.page.getByTestId('conn-path').fill(path);
  }

  /** A `files` connection: a CSV, Parquet or XLSX file, or a folder of them, typed as a path. */
  async fillFiles(name: string, path: string): Promise<void> {
    await this.openForm();
    await this.page.getByTestId('conn-engine').selectOption('files');
    await this.page.getByTestId('conn-name').fill(name);
    await this.page.getByTestId('conn-path').fill(path);
  }

  /** Clicks Test and returns the outcome's text (the result or the error). */
  async test(): Promise<{ ok: boolean; text: string }> {
    await this.page.getByTestId('conn-test').click();
    const outcome = this.page.getByTestId('conn-test-result').or(this.page.getByTestId('conn-test-error'));
    await expect(outcome).toBeVisible();
    const ok = await this.page.getByTestId('conn-test-result').isVisible();
    return { ok, text: await outcome.innerText() };
  }

  async add(): Promise<void> {
    await this.page.getByTestId('conn-add').click();
  }

  async openSchema(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name }).click();
    await expect(this.page.locator('[data-testid="connection-schema"][data-ready="true"]')).toBeVisible();
  }

  tableButton(table: string): Locator {
    return this.page.locator(`[data-testid="schema-table"][data-table="${table}"]`);
  }

  column(name: string): Locator {
    return this.page.locator(`[data-testid="schema-column"][data-column="${name}"]`);
  }
}
