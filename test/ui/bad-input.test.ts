// Every bad input of issue #3, dropped after a good assessment (the demo) is loaded: each shows a
// message naming the file (or the review dialog listing its bad rows, then Cancel), and the
// assessment is exactly as it was: what is loaded and the figures on screen after each, and the
// exported metrics document at the end. (Chromium lets one tab download about ten files in a row
// before it asks the user, so the full document is compared once, not after every input.)
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { go, idle, openApp, startApp, type App } from './app.ts';

let app: App;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'mesh-bad-'));
const dialogs: string[] = [];

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function utf16(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array([0xff, 0xfe, ...body]);
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
const ALIAS_BOMB = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(Array.from({ length: 8 }, (_, i) => {
    const me = String.fromCharCode(98 + i);
    const prev = String.fromCharCode(97 + i);
    return `${me}: &${me} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }))
  .join('\n');
const MISSING_REFERENCE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
spec:
  type: service
  owner: team-checkout
  system: checkout
  dependsOn:
    - component:default/payments-api
    - component:default/ghost-service
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
spec:
  type: service
  owner: team-payments
  system: checkout
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: checkout
spec:
  owner: team-checkout
  domain: checkout
`;

/** File → what the page must say about it (an alert), or the line the review dialog lists. */
const REFUSED: [string, string | Uint8Array, RegExp][] = [
  ['empty.csv', '', /empty\.csv was not loaded: it is empty/],
  ['header-only.csv', 'deployed_at,domain\n', /header-only\.csv was not loaded: has a header but no data rows/],
  ['picture.csv', PNG, /picture\.csv was not loaded: it is not a text file/],
  ['utf16.csv', utf16('deployed_at,domain\n2026-03-02,Sales\n'), /utf16\.csv was not loaded: it is UTF-16 text/],
  ['unclosed.csv', 'deployed_at,domain\n2026-03-02,"Sales\n', /unclosed\.csv was not loaded \(line 2\): a quoted value is never closed/],
  ['mixed.csv', 'deployed_at,domain,service\n2026-03-02,Sales,a\n2026-03-03;Sales;a\n', /mixed\.csv was not loaded \(line 3\): this row has 1 value where the header has 3 columns/],
  ['duplicate-header.csv', 'deployed_at,domain,Domain\n2026-03-02,a,b\n', /duplicate-header\.csv was not loaded: the header names column "Domain" twice/],
  ['empty-header.csv', 'deployed_at,,domain\n2026-03-02,x,a\n', /empty-header\.csv was not loaded: column 2 of the header has no name/],
  ['proto-header.csv', '__proto__,deployed_at,domain\nx,2026-03-02,a\n', /proto-header\.csv was not loaded: column 1 of the header is named "__proto__"/],
  ['constructor-header.csv', 'deployed_at,constructor,domain\n2026-03-02,x,a\n', /constructor-header\.csv was not loaded: column 2 of the header is named "constructor"/],
  ['huge-field.csv', `deployed_at,domain,service\n2026-03-02,Sales,"${'x'.repeat(50 * 1024 * 1024)}"\n`, /huge-field\.csv was not loaded \(line 2\): a line is longer than 4 MB/],
  ['alias-bomb.yaml', ALIAS_BOMB, /alias-bomb\.yaml was not loaded: .*alias/i],
  ['empty-array.json', '[]', /empty-array\.json was not loaded: .+/],
  ['empty-object.json', '{}', /empty-object\.json was not loaded: .+/],
  ['deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /deep\.json was not loaded: .*(nest|deep)/i],
];

const REVIEWED: [string, string, RegExp][] = [
  ['impossible-date.csv', 'deployed_at,domain\n2024-02-30T10:00:00Z,Sales\n2026-03-02,Sales\n', /^line 2: deployed_at "2024-02-30T10:00:00Z" is not a valid date/],
  ['blank-date.csv', 'deployed_at,domain\n,Sales\n2026-03-02,Sales\n', /^line 2: deployed_at is empty/],
  ['independent.csv', 'deployed_at,domain,independent\n2026-03-02,Sales,perhaps\n2026-03-03,Sales,true\n', /^line 2: independent "perhaps" is neither true nor false/],
  ['catalog.yaml', MISSING_REFERENCE, /ghost-service/],
];

beforeAll(async () => {
  app = await startApp();
  page = await app.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openApp(app, page);
  await go(page, 'Inputs');
});

afterAll(async () => {
  await app?.close();
});

async function exported(): Promise<unknown> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export metrics (JSON)' }).click(),
  ]);
  return JSON.parse(await readFile((await download.path())!, 'utf8'));
}

/** What is loaded (file, format, rows, rejected, domains, span) and the headline figures. */
async function shown(): Promise<string> {
  const loaded = await page.getByRole('table', { name: 'Loaded files' }).innerText();
  const header = await page.locator('header').first().innerText();
  return `${loaded}\n${header}`;
}

async function drop(path: string): Promise<void> {
  await page.getByLabel('Add files').setInputFiles(path);
  await idle(page);
}

describe('bad input after a good assessment', () => {
  let before: unknown;
  let shownBefore: string;

  it('starts from the demo', async () => {
    before = await exported();
    expect(before).toMatchObject({ readiness: { verdict: 'pilot' } });
    shownBefore = await shown();
  });

  it.each(REFUSED)('refuses %s with a message, changing nothing', async (name, content, says) => {
    await drop(file(name, content));
    const alert = page.getByRole('alert').filter({ hasText: name });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(says);
    expect(await shown()).toBe(shownBefore);
  });

  it('refuses a file over the size cap before reading it', async () => {
    const path = join(dir, 'too-big.csv');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024); // sparse: no 600 MB on disk
    closeSync(fd);
    await drop(path);
    const alert = page.getByRole('alert').filter({ hasText: 'too-big.csv' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/too-big\.csv was not loaded: is 600 MB, more than the 512 MB a browser tab can hold/);
    expect(await shown()).toBe(shownBefore);
  });

  it.each(REVIEWED)('lists the bad rows of %s; Cancel changes nothing', async (name, content, listed) => {
    await page.getByLabel('Add files').setInputFiles(file(name, content));
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const rows = await dialog.getByRole('list', { name: "Rows that can't be loaded" }).locator('li').allInnerTexts();
    expect(rows[0]).toMatch(listed);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle(page);
    expect(await shown()).toBe(shownBefore);
  });

  it('ends with the very metrics document it started with', async () => {
    expect(await exported()).toEqual(before);
  });

  it('never raised a browser dialog nor logged an error', () => {
    expect(dialogs).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
