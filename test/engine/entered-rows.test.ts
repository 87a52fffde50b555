// Answers entered in the app are the same rows as imported ones: same validation, same scores.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fresh, load, metrics, openEngine, type Engine } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(() => engine.close());
beforeEach(() => fresh(engine.a));

describe('rows entered in the app', () => {
  it('score exactly like the same answers imported as a file, and report bad rows by position', async () => {
    const { a } = engine;
    await load(a, 'questions', `
      question_id,pillar,text,scale_min,scale_max
      q1,domain_ownership,Owners are named,1,5
    `);
    // Answers 5 and 3 in domain Sales: s = 100 and 50, mean 75. Row 3 answers a question that
    // does not exist: a problem at position 3.
    const staged = await a.stageRows('answers', 'Workshop answers', [
      { respondent: 'room', domain: 'Sales', question_id: 'q1', answer: '5' },
      { respondent: 'room', domain: 'Sales', question_id: 'q1', answer: '3' },
      { respondent: 'room', domain: 'Sales', question_id: 'nope', answer: '3' },
    ]);
    expect(staged.problems).toEqual([{ line: 3, reason: 'question "nope" is not in the question bank' }]);
    expect(staged.format).toBe('entered');
    await a.commit(staged, { add: true });
    const entered = await metrics(a);
    expect(entered.maturity.pillars.domain_ownership).toBe(75);

    await a.reset();
    await load(a, 'questions', `
      question_id,pillar,text,scale_min,scale_max
      q1,domain_ownership,Owners are named,1,5
    `);
    await load(a, 'answers', `
      respondent,domain,question_id,answer
      room,Sales,q1,5
      room,Sales,q1,3
    `);
    const imported = await metrics(a);
    expect(imported.maturity).toEqual(entered.maturity);
  });
});
