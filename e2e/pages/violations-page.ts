import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** The violations screen: filter bar, virtualized table, detail panel and review dialogs. */
export class ViolationsPage {
  readonly screen: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly grid: Locator;

  constructor(readonly page: Page) {
    this.screen = page.locator('section[data-screen="violations"]');
    this.rows = page.getByTestId('violation-row');
    this.detail = page.getByTestId('violation-detail');
    this.grid = page.getByRole('grid', { name: 'Violations' });
  }

  async open(app: AppHost, query = ''): Promise<void> {
    await app.open(this.page, `violations${query ? `?${query}` : ''}`);
    await this.waitReady();
  }

  /** Waits until the table answered for a query containing `fragment` (e.g. `ruleId=x`). */
  async waitReady(fragment = ''): Promise<void> {
    // `[attr*=""]` matches nothing in CSS, so the query is only checked when one is given.
    const query = fragment ? `[data-query*="${fragment}"]` : '';
    await expect(this.page.locator(`section[data-screen="violations"][data-ready="true"]${query}`)).toBeVisible();
  }

  async total(): Promise<number> {
    return Number(await this.screen.getAttribute('data-total'));
  }

  async filterByRule(ruleId: string): Promise<void> {
    await this.page.getByTestId('filter-rule').selectOption(ruleId);
    await this.waitReady(`ruleId=${ruleId}`);
  }

  async filterBySeverity(severity: string): Promise<void> {
    await this.page.getByTestId('filter-severity').selectOption(severity);
    await this.waitReady(`severity=${severity}`);
  }

  async openRow(index: number): Promise<number> {
    const row = this.rows.nth(index);
    const id = Number(await row.getAttribute('data-id'));
    await row.click();
    await expect(this.page.locator(`[data-testid="violation-detail"][data-ready="true"][aria-label="Violation ${id}"]`)).toBeVisible();
    return id;
  }

  async detailStatus(): Promise<string> {
    return (await this.detail.getByTestId('detail-status').innerText()).trim().toLowerCase();
  }

  /** Opens the dismiss dialog and submits `reason` (empty to see the refusal). */
  async dismiss(reason: string): Promise<void> {
    await this.detail.getByTestId('review-dismiss').click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByTestId('reason-input').fill(reason);
    await dialog.getByTestId('reason-confirm').click();
  }
}
