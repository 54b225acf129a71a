import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** Scans: the run-a-scan panel with its progress, the history of runs, and the schedules card. */
export class ScansPage {
  readonly panel: Locator;
  readonly runs: Locator;
  readonly detail: Locator;
  readonly schedules: Locator;
  readonly jobs: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('scan-panel');
    this.runs = page.getByTestId('runs-table').locator('tbody tr');
    this.detail = page.getByTestId('run-detail');
    this.schedules = page.getByTestId('schedules-card');
    this.jobs = page.getByTestId('job-row');
  }

  async open(app: AppHost, path = 'scans'): Promise<void> {
    await app.open(this.page, path);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('section[data-screen="scans"][data-ready="true"]')).toBeVisible();
    await expect(this.page.locator('[data-testid="schedules-card"][data-ready="true"]')).toBeVisible();
  }

  /** Starts a scan of all active rules and waits until the panel shows it running (or already finished). */
  async startScan(): Promise<void> {
    await this.page.getByTestId('scan-run').click();
    await expect(this.panel).toHaveAttribute('data-state', /running|finished/);
  }

  async waitFinished(): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-state', 'finished', { timeout: 60_000 });
  }

  /** How many progress events the panel has drawn for the current run. */
  async progressUpdates(): Promise<number> {
    return Number(await this.panel.getAttribute('data-progress-updates'));
  }

  async runId(): Promise<number> {
    return Number(await this.panel.getAttribute('data-run'));
  }

  runLink(id: number): Locator {
    return this.page.getByTestId('runs-table').getByRole('link', { name: `#${id}`, exact: true });
  }

  job(name: string): Locator {
    return this.page.locator(`[data-testid="job-row"][data-name="${name}"]`);
  }

  async openJobForm(): Promise<Locator> {
    const form = this.page.getByTestId('add-job-form');
    if (!(await form.isVisible())) await this.page.getByTestId('job-open-form').click();
    await expect(form).toBeVisible();
    return form;
  }

  /** Presses "Run now"; once the core took it, the row unfolds its history by itself. */
  async runNow(name: string): Promise<void> {
    await this.job(name).getByTestId('job-run-now').click();
    await expect(this.job(name).getByTestId('job-history-toggle')).toHaveAttribute('aria-expanded', 'true');
  }

  /** The execution rows of the job's history (unfolded first if needed). */
  async history(name: string): Promise<Locator> {
    const toggle = this.job(name).getByTestId('job-history-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(this.page.locator('[data-testid="job-history"][data-ready="true"]')).toBeVisible();
    return this.page.getByTestId('job-execution');
  }
}
