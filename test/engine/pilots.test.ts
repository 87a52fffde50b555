// SPEC "Pilot domains": up to three domains (never `unassigned`) ranked by
// domain_ownership score + 100 × autonomy ratio (a missing one counts as 0), ties broken by
// lower fan_in, then by key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BANK_0_100, type Engine, fresh, load, metrics, openEngine } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(async () => {
  await engine?.close();
});
beforeEach(async () => {
  await fresh(engine.a);
});

describe('pilot domains', () => {
  it('ranks by ownership + 100 × autonomy, missing parts as 0, ties by fan_in; never unassigned', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK_0_100);
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,alpha,DO,80
      r2,beta,DO,30
      r3,gamma,DO,90
      r4,epsilon,DO,10
      r5,,DO,100
      `,
    );
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,independent
      2025-12-01T10:00:00Z,alpha,true
      2025-12-01T10:00:00Z,alpha,false
      2025-12-01T10:00:00Z,beta,true
      2025-12-01T10:00:00Z,delta,true
      2025-12-01T10:00:00Z,delta,true
      2025-12-01T10:00:00Z,epsilon,false
      2025-12-01T10:00:00Z,,true
      `,
    );
    await load(a, 'dependencies', 'from_domain,to_domain\ngamma,alpha\n');
    // domain      DO   autonomy  score                fan_in
    // alpha       80   1/2       80 + 50  = 130       1 (gamma → alpha)
    // beta        30   1/1       30 + 100 = 130       0
    // gamma       90   —         90 + 0   = 90        0
    // delta       —    2/2       0 + 100  = 100       0
    // epsilon     10   0/1       10 + 0   = 10        0
    // unassigned  100  1/1       200 — but never a pilot
    // ranking: beta 130 (fan_in 0) > alpha 130 (fan_in 1) > delta 100 > gamma 90 > epsilon 10
    const m = await metrics(a);
    expect(m.pilot_domains).toEqual(['beta', 'alpha', 'delta']);
  });

  it('breaks a tie of score and fan_in by key; at most three', async () => {
    const { a } = engine;
    await load(a, 'questions', BANK_0_100);
    // no deployments, no dependencies: score = DO, fan_in 0 everywhere
    // zeta 50, eta 50, iota 45, theta 40 → eta, zeta (key order), iota; theta is fourth
    await load(
      a,
      'answers',
      `
      respondent,domain,question_id,answer
      r1,zeta,DO,50
      r2,eta,DO,50
      r3,theta,DO,40
      r4,iota,DO,45
      `,
    );
    const m = await metrics(a);
    expect(m.pilot_domains).toEqual(['eta', 'zeta', 'iota']);
  });

  it('lower fan_in wins over key order', async () => {
    const { a } = engine;
    // aaa and bbb both 1/1 independent → 100 each. fan_in: aaa 2 (bbb → aaa, ccc → aaa), bbb 0,
    // ccc 0/1 → 0 with fan_in 0. Order: bbb, aaa, ccc.
    await load(
      a,
      'deployments',
      `
      deployed_at,domain,independent
      2025-12-01T10:00:00Z,aaa,true
      2025-12-01T10:00:00Z,bbb,true
      2025-12-01T10:00:00Z,ccc,false
      `,
    );
    await load(a, 'dependencies', 'from_domain,to_domain\nbbb,aaa\nccc,aaa\n');
    const m = await metrics(a);
    expect(m.pilot_domains).toEqual(['bbb', 'aaa', 'ccc']);
  });

  it('fewer domains, fewer pilots; only unassigned or nothing → none', async () => {
    const { a } = engine;
    // two domains: x 1/1 → 100, y 0/1 → 0 → [x, y]
    await load(
      a,
      'deployments',
      'deployed_at,domain,independent\n2025-12-01T10:00:00Z,x,true\n2025-12-01T10:00:00Z,y,false\n',
    );
    expect((await metrics(a)).pilot_domains).toEqual(['x', 'y']);
    // only rows in unassigned
    await load(a, 'deployments', 'deployed_at,service,independent\n2025-12-01T10:00:00Z,orphan,true\n');
    expect((await metrics(a)).pilot_domains).toEqual([]);
    await a.reset();
    expect((await metrics(a)).pilot_domains).toEqual([]);
  });
});
