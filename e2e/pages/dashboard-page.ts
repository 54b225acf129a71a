import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

export const SEVERITY_NAMES = ['critical', 'high', 'medium', 'low'] as const;

/** The dashboard: severity cards, trend chart, compliance table, scans and rule lists. */
export class DashboardPage {
  readonly screen: Locator;
  readonly complianceRows: Locator;
  readonly trendChart: Locator;

  constructor(readonly page: Page) {
    this.screen = page.locator('section[data-screen="dashboard"]');
    this.complianceRows = page.getByTestId('compliance-row');
    this.trendChart = page.getByTestId('trend-chart');
  }

  async open(app: AppHost, query = ''): Promise<void> {
    await app.open(this.page, `dashboard${query ? `?${query}` : ''}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('section[data-screen="dashboard"][data-ready="true"]')).toBeVisible();
  }

  async openCount(severity: (typeof SEVERITY_NAMES)[number]): Promise<number> {
    return Number((await this.page.getByTestId(`stat-${severity}-count`).innerText()).replace(/[^\d]/g, ''));
  }

  async useDarkTheme(): Promise<void> {
    if ((await this.page.locator('html').getAttribute('data-theme')) !== 'dark') {
      await this.page.getByRole('button', { name: /Switch to dark theme/ }).click();
    }
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  }
}
