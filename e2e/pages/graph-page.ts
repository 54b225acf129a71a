import { expect, type Locator, type Page } from '@playwright/test';
import type { AppHost } from '../fixtures.js';

/** The rule graph: the D3 canvas, its side list of nodes, legend and cycles. */
export class GraphPage {
  readonly canvas: Locator;
  readonly sideList: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('graph-canvas');
    this.sideList = page.getByTestId('graph-side-list');
  }

  async open(app: AppHost): Promise<void> {
    await app.open(this.page, 'graph');
    await expect(this.page.locator('section[data-screen="graph"][data-ready="true"]')).toBeVisible();
    await expect(this.page.locator('[data-testid="graph-canvas"][data-layout="ready"]')).toBeVisible();
  }

  nodes(kind: 'rule' | 'table' | 'column'): Locator {
    return this.canvas.locator(`g.node-${kind}`);
  }

  node(id: string): Locator {
    return this.page.getByTestId(`graph-node-${id}`);
  }

  /** Clicks the node's shape (its label lets clicks through to what is behind it). */
  async click(id: string): Promise<void> {
    await this.node(id).locator('path.node-shape').click();
  }
}
