import { expect, screenshot, test } from './fixtures.js';
import { GraphPage } from './pages/graph-page.js';
import { RulesPage } from './pages/rules-page.js';

test('the rule graph of the demo workspace: nodes, filter, and a click through to a rule', async ({ app, page }) => {
  const graph = new GraphPage(page);
  await graph.open(app);
  expect(await graph.nodes('rule').count()).toBeGreaterThan(1);
  expect(await graph.nodes('table').count()).toBeGreaterThan(0);
  expect(await graph.nodes('column').count()).toBeGreaterThan(0);
  await expect(page.getByTestId('graph-cycles')).toBeVisible();
  await screenshot(page, 'graph');

  // A link says why it is there when it has keyboard focus.
  const link = graph.canvas.locator('g.edge-depends-on line.edge-hit, g.edge-same-fields line.edge-hit').first();
  if ((await link.count()) > 0) {
    await link.focus();
    await expect(page.getByTestId('graph-edge-info')).toContainText(/read|checks/);
  }

  // Hiding columns leaves rules and tables.
  await page.getByTestId('graph-hide-columns').check();
  await expect(graph.nodes('column')).toHaveCount(0);
  expect(await graph.nodes('rule').count()).toBeGreaterThan(1);

  // Clicking a table lights its rules; clicking a rule opens it.
  await graph.click('table:demo.expenses');
  await expect(graph.node('rule:receipt-over-75')).not.toHaveClass(/dim/);
  await expect(graph.node('table:demo.vendors')).toHaveClass(/dim/);
  await graph.click('rule:receipt-over-75');
  await expect(page).toHaveURL(/#\/rules\/receipt-over-75$/);
  await new RulesPage(page).waitForRulePage('receipt-over-75');
});
