import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** Policies: import (file input, progress, outcome), the list, and one policy's review view. */
export class PoliciesPage {
  readonly rows: Locator;
  readonly candidates: Locator;
  readonly review: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('policy-row');
    this.candidates = page.getByTestId('candidate-item');
    this.review = page.getByTestId('candidate-review');
  }

  async open(app: AppHost): Promise<void> {
    await app.open(this.page, 'policies');
    await this.waitListReady();
  }

  async waitListReady(): Promise<void> {
    await expect(this.page.locator('section[data-screen="policies"][data-ready="true"]')).toBeVisible();
  }

  async waitPolicyReady(): Promise<void> {
    await expect(this.page.locator('[data-testid="policy-view"][data-ready="true"]')).toBeVisible();
  }

  /**
   * Records every progress label the import shows, so a test can check progress was reported even
   * when a small file is done within a few frames.
   */
  async watchProgress(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __importLabels: string[] }).__importLabels = seen;
      const record = () => {
        const label = document.querySelector('[data-testid="import-progress-label"]')?.textContent;
        if (label && seen[seen.length - 1] !== label) seen.push(label);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }

  async progressLabels(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __importLabels?: string[] }).__importLabels ?? []);
  }

  async choosePdf(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.page.getByTestId('pdf-input').setInputFiles(file);
  }

  candidate(id: string): Locator {
    return this.page.locator(`[data-testid="candidate-item"][data-candidate-id="${id}"]`);
  }
}
