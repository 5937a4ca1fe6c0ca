// The accessibility check every journey page passes: axe-core's WCAG 2.2 A and AA rules
// (the tags select 70 rules in axe 4.13), run in the real page. A failure lists each
// violation with the selectors it found, so the message says what to mend.
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';

const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page as it is now and fails on any WCAG 2.2 A/AA violation. */
export async function expectAccessible(page, what) {
  const result = await new AxeBuilder({ page }).withTags(WCAG22_AA).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe on ${what || page.url()}`).toEqual([]);
  // the rules really ran: a page with no passes would be a blank check
  expect(result.passes.length, 'axe found nothing to check').toBeGreaterThan(0);
}
