import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations } from './browser-chromium.js';

/** Where the screenshots go (committed; the README links them) for a reviewer to look at. */
export const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');
const WIDTHS = [1280, 375];

async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
}

/**
 * The page as it is now, at 1280 and 375 px wide, written to docs/screenshots/<name>-<width>.png;
 * at each width axe finds no violation, and at 320 px and at 200% zoom (a 1280 px window at 200%
 * lays out as 640 CSS px) nothing scrolls sideways. Leaves the page 1280 px wide.
 */
export async function capturePage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Wait for what loads after the heading (lists, counts) before looking.
  await page.waitForLoadState('networkidle');
  const height = page.viewportSize()?.height ?? 900;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    await expectNoAxeViolations(page);
  }
  for (const width of [320, 640]) {
    await page.setViewportSize({ width, height });
    expect({ page: name, width, fits: await hasNoHorizontalScroll(page) }).toEqual({ page: name, width, fits: true });
  }
  await page.setViewportSize({ width: 1280, height });
}
