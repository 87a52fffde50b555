// The drop zone as a user works it: several files at once, files of one kind adding up, a file
// removed, a file replaced, a file nothing recognises. Figures from test/fixtures/small/README.md.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { go, idle, openApp, ROOT, SCREENSHOTS, startApp, text, type App } from './app.ts';

const small = (name: string) => join(ROOT, 'test/fixtures/small', name);

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

const loadedTable = () => page.getByRole('table', { name: 'Loaded files' });

async function autonomy(): Promise<string> {
  await go(page, 'Autonomy');
  const shown = await text(page, 'autonomy-ratio');
  await go(page, 'Inputs');
  return shown;
}

describe('the drop zone', () => {
  it('lists every loaded file and removes them one by one', async () => {
    await go(page, 'Inputs');
    // The demo: ownership, deployments, dependencies, answers and the built-in question bank.
    await expect(loadedTable().locator('tbody tr').count()).resolves.toBe(5);
    for (const name of ['deployments.csv', 'dependencies.csv', 'answers.csv', 'ownership.csv']) {
      await page.getByRole('button', { name: `Remove ${name}` }).click();
      await idle(page);
    }
    await expect(loadedTable().locator('tbody tr').count()).resolves.toBe(1); // the question bank
    await go(page, 'Autonomy');
    expect(await text(page, 'autonomy-ratio')).toBe('—');
  });

  it('reads several files at once; files of one kind add up, a repeated id counted once', async () => {
    await go(page, 'Inputs');
    await page.getByLabel('Add files').setInputFiles([
      small('deployments.csv'),
      small('deployments-second.csv'),
      small('ownership.csv'),
    ]);
    await idle(page);
    const rows = await loadedTable().locator('tbody tr').allInnerTexts();
    expect(rows.find((r) => r.startsWith('deployments.csv'))).toMatch(/Deployment log\s+Canonical CSV\s+7\s+0\s+2\s+2 Mar 2026 – 9 Mar 2026/);
    expect(rows.find((r) => r.startsWith('deployments-second.csv'))).toMatch(/Deployment log\s+Canonical CSV\s+2\s+0\s+2\s+2 Mar 2026 – 10 Mar 2026/);
    expect(rows.find((r) => r.startsWith('ownership.csv'))).toMatch(/Ownership map/);
    await page.screenshot({ path: join(SCREENSHOTS, 'drop-zone-1280.png'), fullPage: true });
    // d1, d2, d3, d6 + d7 counted (the second d1 left out): 3 independent of 5.
    expect(await autonomy()).toBe('0.60');
  });

  it('removes one file and replaces another', async () => {
    await page.getByRole('button', { name: 'Remove deployments-second.csv' }).click();
    await idle(page);
    expect(await autonomy()).toBe('0.50'); // back to 2 of 4
    // deployments.csv replaced by deployments-second.csv: d1 and d7, both independent.
    await page.getByLabel('Replace deployments.csv').setInputFiles(small('deployments-second.csv'));
    await idle(page);
    expect(await autonomy()).toBe('1.00');
    const names = await loadedTable().locator('tbody tr td:first-child').allInnerTexts();
    expect(names.map((n) => n.trim()).sort()).toEqual(['built-in question bank', 'deployments-second.csv', 'ownership.csv']);
  });

  it('says which files it did not recognise, and changes nothing', async () => {
    const before = await autonomy();
    await page.getByLabel('Add files').setInputFiles(small('not-an-input.csv'));
    await idle(page);
    const alert = page.getByRole('alert').filter({ hasText: 'not-an-input.csv' });
    expect(await alert.innerText()).toContain('not-an-input.csv was not loaded: its columns (colour, size) match no input.');
    expect(await autonomy()).toBe(before);
  });
});
