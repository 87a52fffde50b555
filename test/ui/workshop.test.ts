// The questionnaire answered in the app, as a workshop does it: presentation mode driven by the
// keyboard, the scores following the answers, everything back after a reload, and the answers
// exported as the long CSV that loads back as an answers file with the same scores.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { metricsSchema, type Metrics } from '../../src/engine/metrics-schema.ts';
import { go, idle, openApp, SCREENSHOTS, startApp, type App } from './app.ts';

let app: App;
let page: Page;

const PILLARS = ['domain_ownership', 'data_as_product', 'self_serve_platform', 'federated_governance'] as const;

/** Waits until every change made so far is computed and saved. */
async function settled(p: Page): Promise<void> {
  await idle(p);
  await p.getByTestId('save-status').filter({ hasText: /^✓ Saved$/ }).waitFor({ timeout: 60_000 });
}

/** Every statement's answer as the list shows it (the pressed button), by question id. */
async function answersShown(p: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of await p.locator('[data-testid^="statement-"]').all()) {
    const id = (await item.getAttribute('data-testid'))!.replace('statement-', '');
    const pressed = item.locator('button[aria-pressed="true"]');
    out[id] = (await pressed.count()) > 0 ? (await pressed.innerText()).trim() : '';
  }
  return out;
}

async function workshopScores(p: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const pillar of PILLARS) out[pillar] = (await p.getByTestId(`workshop-score-${pillar}`).innerText()).trim();
  out.overall = (await p.getByTestId('workshop-overall').innerText()).trim();
  return out;
}

async function exportMetrics(p: Page): Promise<Metrics> {
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Export metrics (JSON)' }).click()]);
  return metricsSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
}

beforeAll(async () => {
  app = await startApp();
  await mkdir(SCREENSHOTS, { recursive: true });
  page = await app.newPage({ width: 1920, height: 1080 });
  await openApp(app, page);
  await settled(page);
});

afterAll(async () => {
  await app?.close();
});

describe('answering in the app', () => {
  const KEYS = ['1', '2', '3', '4', '5', 'd'];
  const SHOWN: Record<string, string> = { '1': '1', '2': '2', '3': '3', '4': '4', '5': '5', d: "Don't know" };
  const expected: Record<string, string> = {};

  it('answers every statement in presentation mode with the keyboard, the scores following', { timeout: 240_000 }, async () => {
    await go(page, 'Workshop');
    const before = await workshopScores(page);
    expect(before.domain_ownership).toBe('not assessed');
    const ids = (await page.locator('[data-testid^="statement-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('statement-', ''))));
    expect(ids.length).toBe(24);

    await page.getByRole('button', { name: 'Start presentation mode' }).click();
    const dialog = page.getByTestId('presentation');
    await dialog.getByTestId('presentation-statement').waitFor();
    expect(await dialog.getByTestId('presentation-scope').innerText()).toBe('The whole organisation');

    const timings: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      await expect.poll(() => dialog.getByTestId('presentation-count').innerText()).toBe(`Statement ${i + 1} of 24`);
      const key = KEYS[i % KEYS.length]!;
      const started = Date.now();
      await page.keyboard.press(key);
      expected[ids[i]!] = SHOWN[key]!;
      if (i === 0) {
        // The first answer reaches the scores: the pillar is assessed from here on.
        await expect.poll(() => dialog.getByTestId('presentation-score-domain_ownership').innerText(), { timeout: 30_000 }).not.toBe('not assessed');
        timings.push(Date.now() - started);
        // ← goes back to it; another number changes it; → moves on without answering.
        await expect.poll(() => dialog.getByTestId('presentation-count').innerText()).toBe('Statement 2 of 24');
        await page.keyboard.press('ArrowLeft');
        await expect.poll(() => dialog.getByTestId('presentation-count').innerText()).toBe('Statement 1 of 24');
        await page.keyboard.press('5');
        expected[ids[0]!] = '5';
        await expect.poll(() => dialog.getByTestId('choice-5').getAttribute('aria-pressed')).toBe('true');
        await expect.poll(() => dialog.getByTestId('presentation-count').innerText()).toBe('Statement 2 of 24');
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => dialog.getByTestId('presentation-count').innerText()).toBe('Statement 3 of 24');
        await page.keyboard.press('ArrowLeft');
      }
      if (i === 7) {
        await idle(page);
        await page.screenshot({ path: join(SCREENSHOTS, 'workshop-presentation-1920.png') });
      }
    }
    // The last statement stays on screen; its answer is shown pressed.
    await expect.poll(() => dialog.locator('button[aria-pressed="true"]').count()).toBe(1);
    await settled(page);
    console.log(`first answer to its score on screen: ${timings[0]} ms (demo organisation loaded)`);
    const live = await Promise.all(PILLARS.map((p) => dialog.getByTestId(`presentation-score-${p}`).innerText()));
    expect(live.every((s) => /^\d{1,3}\.\d$/.test(s))).toBe(true);

    await page.keyboard.press('Escape');
    await dialog.getByTestId('presentation-statement').waitFor({ state: 'detached' });
    expect(await answersShown(page)).toEqual(expected);
    const after = await workshopScores(page);
    // The same figures in the workshop's table and in presentation mode.
    expect(PILLARS.map((p) => after[p])).toEqual(live);
  });

  it('reads well on a 1280 × 720 projector too', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Start presentation mode' }).click();
    const dialog = page.getByTestId('presentation');
    await dialog.getByTestId('presentation-statement').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'workshop-presentation-1280.png') });
    // Nothing of the frame is cut off: the choices and the scores are inside the window.
    const box = await dialog.getByTestId('presentation-overall').boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(720);
    await page.keyboard.press('Escape');
    await dialog.getByTestId('presentation-statement').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('finds every answer and score again after a reload', { timeout: 240_000 }, async () => {
    const scores = await workshopScores(page);
    await go(page, 'Overview');
    const overall = (await page.getByTestId('overall-score').innerText()).trim();
    const pillars = await page.getByTestId('pillar-table').locator('tbody tr').allInnerTexts();

    await page.reload();
    await page.getByTestId('overall-score').filter({ hasText: /\d/ }).waitFor({ timeout: 90_000 });
    await settled(page);
    expect((await page.getByTestId('overall-score').innerText()).trim()).toBe(overall);
    expect(await page.getByTestId('pillar-table').locator('tbody tr').allInnerTexts()).toEqual(pillars);
    await go(page, 'Workshop');
    expect(await answersShown(page)).toEqual(expected);
    expect(await workshopScores(page)).toEqual(scores);
    const sessions = await page.getByTestId('workshop-sessions').locator('tbody tr').allInnerTexts();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatch(/The whole organisation\s+Workshop\s+24\s+4/);
  });

  it('answers for one domain: its own scores, and the domain count unchanged', async () => {
    await go(page, 'Overview');
    const domainCount = await exportMetrics(page).then((m) => m.readiness.domain_count);
    await go(page, 'Workshop');
    await page.getByRole('radio', { name: /One domain/ }).check();
    await page.getByLabel('Domain', { exact: true }).fill('payments');
    const list = page.getByTestId('statement-dp1');
    await list.getByRole('button', { name: 'Agree (4)', exact: true }).click();
    await settled(page);
    // `payments` is the demo's Payments: its data-as-product score now includes this answer.
    const metrics = await exportMetrics(page);
    expect(metrics.readiness.domain_count).toBe(domainCount);
    expect(metrics.maturity.by_domain.payments?.data_as_product).not.toBeNull();
    expect((await page.getByTestId('workshop-score-data_as_product').innerText()).trim()).toBe(
      metrics.maturity.by_domain.payments!.data_as_product!.toFixed(1),
    );
    expect(await page.getByTestId('workshop-sessions').locator('tbody tr').count()).toBe(2);
  });

  it('exports the answers as the long CSV, which loads back as an answers file with the same scores', { timeout: 240_000 }, async () => {
    // A name a spreadsheet would run as a formula is written as text.
    await page.getByRole('radio', { name: /The whole organisation/ }).check();
    await page.getByLabel('Answered by', { exact: true }).fill('=HYPERLINK("x")');
    await page.getByTestId('statement-fg1').getByRole('button', { name: 'Disagree (2)', exact: true }).click();
    await settled(page);
    const before = await exportMetrics(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export answers (CSV)' }).click()]);
    const csvPath = (await download.path())!;
    const csv = await readFile(csvPath, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('respondent,domain,question_id,answer');
    expect(lines).toHaveLength(1 + 24 + 1 + 1);
    expect(lines).toContain('Workshop,payments,dp1,4');
    expect(lines).toContain(`"'=HYPERLINK(""x"")",,fg1,2`);
    expect(lines.filter((l) => l.endsWith(",don't know"))).toHaveLength(4);

    // Loaded in another browser as the answers file (replacing the demo's answers): the room's
    // scores (`unassigned`) and Payments' are those of the entered rows.
    const other = await app.newPage({ width: 1280, height: 800 });
    await openApp(app, other);
    await go(other, 'Inputs');
    await other.getByLabel('Questionnaire answers', { exact: true }).setInputFiles({ name: 'workshop.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await idle(other);
    const after = await exportMetrics(other);
    const roomBefore = before.maturity.by_domain.unassigned!;
    const roomAfter = after.maturity.by_domain.unassigned!;
    for (const p of PILLARS) expect(roomAfter[p]).toBeCloseTo(roomBefore[p]!, 10);
    expect(after.maturity.by_domain.payments?.data_as_product).toBe(100 * (4 - 1) / 4);
    await other.close();
  });

  it('asked nothing of any other origin and logged no error', () => {
    const foreign = app.requests.filter((url) => new URL(url).origin !== app.origin);
    expect(foreign).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
