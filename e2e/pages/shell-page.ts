import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

export type ScreenName = 'dashboard' | 'violations' | 'rules' | 'graph' | 'scans' | 'policies' | 'connections' | 'audit';

/** The shell around every screen: sidebar, skip link, and the screen section with its readiness flag. */
export class ShellPage {
  readonly errors: Locator;
  readonly emptyState: Locator;

  constructor(readonly page: Page) {
    this.errors = page.locator('.error-banner');
    this.emptyState = page.locator('main .empty-state');
  }

  /** The loaded screen section (several screens nest a section per sub-page: the first is the screen). */
  screen(name: ScreenName): Locator {
    return this.page.locator(`section[data-screen="${name}"][data-ready="true"]`).first();
  }

  /** Opens a screen from the sidebar, the way a user does, and waits until its data is in. */
  async go(app: AppHost, name: ScreenName): Promise<Locator> {
    if (!(await this.page.locator('.app[data-ready="true"]').isVisible())) await app.open(this.page);
    await this.page.getByTestId(`nav-${name}`).click();
    await expect(this.page.getByTestId(`nav-${name}`)).toHaveAttribute('aria-current', 'page');
    const screen = this.screen(name);
    await expect(screen).toBeVisible();
    return screen;
  }

  async expectNoErrors(): Promise<void> {
    await expect(this.errors).toHaveCount(0);
  }
}
