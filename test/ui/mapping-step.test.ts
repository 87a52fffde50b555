// The mapping step as a user meets it: a file whose columns are not canonical asks what they
// are, with guesses; confirmed, it loads; the next file of the same columns loads without asking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { go, idle, openApp, pick, startApp, text, type App } from './app.ts';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = await app.newPage();
  await openApp(app, page);
});

afterAll(async () => {
  await app?.close();
});

describe('the mapping step', () => {
  it('asks what the columns of a non-canonical file are, with guesses, and loads it as mapped', async () => {
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-own-headers.csv');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('deployments-own-headers.csv');
    // The guesses from the usual names.
    expect(await dialog.getByRole('combobox', { name: 'When' }).locator('option:checked').innerText()).toMatch(/^deployed_at/);
    expect(await dialog.getByRole('combobox', { name: 'Team' }).locator('option:checked').innerText()).toMatch(/^domain/);
    expect(await dialog.getByRole('combobox', { name: 'Svc' }).locator('option:checked').innerText()).toMatch(/^service/);
    await dialog.getByRole('button', { name: 'Use this mapping' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle(page);
    await go(page, 'Autonomy');
    // Worked out in test/fixtures/ui/README.md: 3 of 3 independent.
    expect(await text(page, 'autonomy-ratio')).toBe('1.00');
    expect(await text(page, 'excluded')).toMatch(/Counted\s+3/);
  });

  it('remembers the mapping for the next file of the same columns', async () => {
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-own-headers-again.csv');
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    await go(page, 'Autonomy');
    expect(await text(page, 'excluded')).toMatch(/Counted\s+1/);
  });

  it('Cancel loads nothing', async () => {
    await go(page, 'Autonomy');
    const before = await text(page, 'excluded');
    await page.evaluate(() => localStorage.clear());
    await go(page, 'Inputs');
    await pick(page, 'Deployment log', 'deployments-own-headers.csv');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle(page);
    await go(page, 'Autonomy');
    expect(await text(page, 'excluded')).toBe(before);
  });
});
