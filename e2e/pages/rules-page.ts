import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** The rules screens: the list, the editor (new or existing rule), its preview and history. */
export class RulesPage {
  readonly editor: Locator;
  readonly checkStatus: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('rule-editor');
    this.checkStatus = page.getByTestId('check-status');
  }

  async openList(app: AppHost): Promise<void> {
    await app.open(this.page, 'rules');
    await expect(this.page.locator('section[data-screen="rules"][data-ready="true"]')).toBeVisible();
  }

  async openNew(app: AppHost): Promise<void> {
    await app.open(this.page, 'rules/new');
    await expect(this.page.locator('[data-testid="new-rule-page"][data-ready="true"]')).toBeVisible();
  }

  async waitForRulePage(id: string): Promise<void> {
    await expect(this.page.locator(`[data-testid="rule-page"][data-path="${id}"][data-ready="true"]`)).toBeVisible();
  }

  row(id: string): Locator {
    return this.page.getByTestId(`rule-row-${id}`);
  }

  /** An expression field (`when`, `require`, `violation`, `join-0-on`). */
  expression(name: string): Locator {
    return this.page.getByTestId(`expr-${name}`);
  }

  problemsOf(name: string): Locator {
    return this.page.getByTestId(`expr-${name}-problems`);
  }

  markerOf(name: string): Locator {
    return this.page.getByTestId(`expr-${name}-marker`);
  }

  completions(name: string): Locator {
    return this.page.getByTestId(`expr-${name}-completions`);
  }

  /** The N-th further place under "Also check on" (0-based), added first when it is not there yet. */
  async mapping(index: number): Promise<Locator> {
    const row = this.page.getByTestId(`mapping-${index}`);
    if ((await row.count()) === 0) await this.page.getByTestId('add-mapping').click();
    await expect(row).toBeVisible();
    return row;
  }

  /** Waits until the live check has answered for what is in the fields now. */
  async waitChecked(): Promise<void> {
    await expect(this.page.locator('[data-testid="rule-editor"][data-checking="false"]')).toBeVisible();
  }

  async replaceExpression(name: string, text: string): Promise<void> {
    const field = this.expression(name);
    await field.fill('');
    await field.pressSequentially(text);
  }

  async preview(): Promise<{ inScope: number; violating: number }> {
    await this.page.getByTestId('preview-button').click();
    await expect(this.page.getByTestId('preview-result')).toBeVisible();
    const number = async (id: string) => Number((await this.page.getByTestId(id).innerText()).replace(/[^\d]/g, ''));
    return { inScope: await number('preview-in-scope'), violating: await number('preview-violating') };
  }
}
