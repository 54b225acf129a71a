import { expect, screenshot, test } from './fixtures.js';
import { DashboardPage, SEVERITY_NAMES } from './pages/dashboard-page.js';
import { ViolationsPage } from './pages/violations-page.js';

test('first run on the demo workspace shows the dashboard with figures, in light and dark', async ({ app, page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.open(app);

  let sum = 0;
  for (const s of SEVERITY_NAMES) sum += await dashboard.openCount(s);
  expect(sum).toBeGreaterThan(0);
  await expect(page.getByTestId('open-total')).toContainText(sum.toLocaleString('en-US'));
  expect(await dashboard.complianceRows.count()).toBeGreaterThan(0);
  await expect(dashboard.complianceRows.first()).toContainText('%');
  await expect(dashboard.trendChart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('last-run-link')).toHaveAttribute('href', /#\/scans\/\d+/);
  await expect(page.getByTestId('next-scan')).toBeVisible();
  await expect(page.getByTestId('top-rule').first()).toBeVisible();
  await expect(page.getByTestId('computed-ms')).toContainText('computed in');
  await screenshot(page, 'dashboard-light');

  await page.getByTestId('trend-90').click();
  await expect(page).toHaveURL(/days=90/);
  await dashboard.waitReady();
  await expect(page.getByTestId('trend-90')).toHaveAttribute('aria-pressed', 'true');
  await expect(dashboard.trendChart).toHaveAttribute('aria-label', /90 days/);

  await dashboard.useDarkTheme();
  await screenshot(page, 'dashboard-dark');

  // A severity card opens the violations list filtered to it.
  const critical = await dashboard.openCount('critical');
  await page.getByTestId('stat-critical').click();
  const violations = new ViolationsPage(page);
  await violations.waitReady('severity=critical');
  expect(await violations.total()).toBe(critical);
});
