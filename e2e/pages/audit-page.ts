import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** The audit trail: filters, paged entries, expandable details and the chain check. */
export class AuditPage {
  readonly screen: Locator;
  readonly entries: Locator;

  constructor(readonly page: Page) {
    this.screen = page.locator('section[data-screen="audit"]');
    this.entries = page.getByTestId('audit-entry');
  }

  async open(app: AppHost, query = ''): Promise<void> {
    await app.open(this.page, `audit${query ? `?${query}` : ''}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('section[data-screen="audit"][data-ready="true"]')).toBeVisible();
  }

  async filterByAction(prefix: string): Promise<void> {
    await this.page.getByTestId('audit-filter-action').fill(prefix);
    await this.page.getByTestId('audit-filter-action').press('Enter');
    await expect(this.page).toHaveURL(new RegExp(`action=${encodeURIComponent(prefix).replace(/\./g, '\\.')}`));
    await this.waitReady();
  }

  entry(action: string): Locator {
    return this.page.locator(`[data-testid="audit-entry"][data-action="${action}"]`);
  }

  /** Expands an entry and returns its details JSON. */
  async expand(entry: Locator): Promise<Record<string, unknown>> {
    await entry.getByRole('button').click();
    const details = this.page.getByTestId('audit-details').first();
    await expect(details).toBeVisible();
    return JSON.parse(await details.innerText()) as Record<string, unknown>;
  }

  async verifyChain(): Promise<Locator> {
    await this.page.getByTestId('verify-chain').click();
    const verdict = this.page.getByTestId('verify-verdict');
    await expect(verdict).toBeVisible();
    return verdict;
  }
}
