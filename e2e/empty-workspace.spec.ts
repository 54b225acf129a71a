import { expect, screenshot, test } from './fixtures.js';
import { ShellPage, type ScreenName } from './pages/shell-page.js';

/** What each screen tells a first-time user, and where it sends them. */
const EMPTY: Array<{ screen: ScreenName; title: string }> = [
  { screen: 'violations', title: 'No violations yet' },
  { screen: 'rules', title: 'No rules yet' },
  { screen: 'graph', title: 'No rules to draw yet' },
  { screen: 'scans', title: 'No scans yet' },
  { screen: 'policies', title: 'No policy imported yet' },
  { screen: 'connections', title: 'No connection yet' },
];

test('a brand-new workspace: every screen says what to do next, none shows an error', async ({ emptyApp, page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const shell = new ShellPage(page);
  await emptyApp.open(page, 'dashboard');

  const dashboard = shell.screen('dashboard');
  await expect(dashboard).toBeVisible();
  const steps = page.getByTestId('first-steps');
  await expect(steps).toHaveAttribute('data-empty', 'true');
  await expect(steps.getByRole('heading', { name: 'Nothing to report yet' })).toBeVisible();
  await expect(page.getByTestId('first-step-connect')).toHaveAttribute('data-state', 'next');
  await expect(page.getByTestId('first-step-rules')).toHaveAttribute('data-state', 'later');
  await expect(page.getByTestId('first-step-scan')).toHaveAttribute('data-state', 'later');
  await shell.expectNoErrors();
  await screenshot(page, 'empty-dashboard');

  for (const { screen, title } of EMPTY) {
    await shell.go(emptyApp, screen);
    await expect(shell.emptyState.getByRole('heading', { name: title }), `${screen} shows its empty state`).toBeVisible();
    await shell.expectNoErrors();
  }

  // The audit trail is never empty: creating the workspace is its first entry.
  await shell.go(emptyApp, 'audit');
  await expect(page.getByText('workspace.created')).toBeVisible();
  await shell.expectNoErrors();

  // The dashboard's first step leads to the connections screen.
  await shell.go(emptyApp, 'dashboard');
  await page.getByTestId('first-step-connect').getByRole('link', { name: 'Add a connection' }).click();
  await expect(shell.screen('connections')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('keyboard: the first Tab stop skips to the screen, and focus is visible', async ({ emptyApp, page }) => {
  await emptyApp.open(page, 'dashboard');
  await expect(page.getByTestId('first-steps')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  expect(page.url()).toContain('#/dashboard');
  // The next stop is inside the screen, not back in the sidebar.
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => document.activeElement?.closest('main') !== null);
  expect(inMain).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
});
