// Survey exports (issue 3, item 4): Google Forms, Microsoft Forms and Typeform in wide form,
// read by their adapters and then validated and scored by the REAL engine (DuckDB-WASM, the SQL
// of src/engine/sql/maturity.sql). The mapping step for columns nothing matches, and for
// canonical CSVs with headers of their own. Expected figures are worked out by hand in the
// comments: answer score s = (answer − min) ÷ (max − min) × 100, reversed 100 − s; a domain's
// pillar = Σ weight·s ÷ Σ weight; the organisation's = mean of the domains'.
//
// The real files under test/fixtures/real/questionnaires/ (copied byte for byte from
// ../shared/fixtures/real/questionnaires/, see test/fixtures/real/SOURCES.md) are not about Data
// Mesh: the tests map their columns to a small question bank loaded first, as a user would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNodeConnector } from '../../../src/engine/db/node.ts';
import type { Connector } from '../../../src/engine/db/connector.ts';
import { Assessment } from '../../../src/engine/assessment.ts';
import { InputFileError, type InputFile, type StagedImport } from '../../../src/engine/inputs.ts';
import type { ColumnMapping, FormatAdapter, FormatContext, FormatFile } from '../../../src/engine/ingest/format.ts';
import { FORMATS } from '../../../src/engine/ingest/formats/index.ts';
import {
  MappingNeeded,
  SURVEY_FORMATS,
  mappingKey,
  scoreAnswer,
  type CsvColumnMapping,
} from '../../../src/engine/ingest/formats/survey-formats.ts';
import { deploymentLogCsv } from '../../../src/engine/ingest/deployment-log-csv.ts';
import { readCsvHeader, matchColumns } from '../../../src/engine/ingest/csv-header.ts';
import { stageCsv } from '../../../src/engine/ingest/stage-csv.ts';
import { bytesOf, fresh, load, metrics } from '../helpers.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const QUESTIONNAIRES = join(FIXTURES, 'real/questionnaires');
const SURVEYS = join(FIXTURES, 'surveys');

const adapter = (id: string): FormatAdapter => SURVEY_FORMATS.find((f) => f.id === id)!;
const googleForms = adapter('google-forms');
const microsoftForms = adapter('microsoft-forms');
const typeform = adapter('typeform');

function file(dir: string, path: string): InputFile {
  return { name: path, bytes: new Uint8Array(readFileSync(join(dir, path))) };
}
function text(dir: string, path: string): FormatFile {
  return { name: path, text: readFileSync(join(dir, path), 'utf8').replace(/^\uFEFF/, '') };
}
const recognisedBy = (f: FormatFile) => FORMATS.filter((a) => a.recognise(f)).map((a) => a.id);

let db: Connector;
let a: Assessment;
beforeAll(async () => {
  db = await openNodeConnector();
  a = await Assessment.open(db);
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await fresh(a);
});

/** The built-in bank as the engine hands it to an adapter. */
async function context(): Promise<FormatContext> {
  const questions = await db.query<FormatContext['questions'][number]>(
    'SELECT question_id, pillar, text, scale_min, scale_max FROM questions ORDER BY source, line',
  );
  return { questions };
}

async function mappingNeeded(run: () => Promise<unknown>): Promise<MappingNeeded> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MappingNeeded);
  expect(caught).toBeInstanceOf(InputFileError);
  return caught as MappingNeeded;
}

async function stageAndCommit(adapterOf: FormatAdapter, files: InputFile[], mapping?: ColumnMapping): Promise<StagedImport> {
  const staged = await a.stageFormat(adapterOf, files, { mapping });
  await a.commit(staged);
  return staged;
}

describe('recognising survey exports', () => {
  it('the real Google Forms and Typeform exports, each by its own adapter only', () => {
    expect(recognisedBy(text(QUESTIONNAIRES, 'google-forms/spack-user-survey-2020-responses.csv'))).toEqual(['google-forms']);
    expect(recognisedBy(text(QUESTIONNAIRES, 'typeform/cantera-user-survey-responses.csv'))).toEqual(['typeform']);
  });

  it('the hand-made exports', () => {
    expect(recognisedBy(text(SURVEYS, 'google-forms-mesh.csv'))).toEqual(['google-forms']);
    expect(recognisedBy(text(SURVEYS, 'microsoft-forms-mesh.csv'))).toEqual(['microsoft-forms']);
  });

  it('not the DORA item banks: they hold questions, not responses', () => {
    for (const name of [
      'dora-survey-questions-core.json',
      'dora-capability_prioritization_questions.json',
      'dora-quickcheck-metrics_question_responses.json',
    ]) {
      expect(SURVEY_FORMATS.filter((f) => f.recognise(text(QUESTIONNAIRES, `dora-items/${name}`)))).toEqual([]);
    }
  });

  it('not canonical CSVs, nor a deployment log whose first column is "Timestamp"', () => {
    const files: FormatFile[] = [
      { name: 'answers.csv', text: 'respondent,domain,question_id,answer\nr1,sales,do1,4\n' },
      { name: 'deploys.csv', text: 'Timestamp,Team,Service\n2026-03-02T10:00:00Z,Sales,orders\n' },
      { name: 'deploys2.csv', text: 'When,Team,Svc\n2026-03-02T10:00:00Z,Sales,orders\n' },
      { name: 'wide.csv', text: 'Timestamp,deployed_at,domain\nx,y,z\n' },
    ];
    for (const f of files) expect(SURVEY_FORMATS.filter((s) => s.recognise(f)).map((s) => s.id), f.name).toEqual([]);
  });
});

describe('Google Forms, against the built-in bank', () => {
  it('matches by id and text, scores labels, grid rows, unknown and blank answers', async () => {
    // Columns: Timestamp (ignored), Email Address (respondent), "Which domain do you work in?"
    // (domain); do1 by id ("do1. Every data set…"); do2 by text (the grid row of "How far do you
    // agree? [The team that runs…]"); do3 by id (the grid row "[do3]"); dp3 by text (upper case,
    // dashes for commas); ssp1 by id; Comments (ignored). Built-in weights: do1 2, do2 1,
    // do3 1.5 reversed, dp3 1, ssp1 2; every scale 1–5.
    //
    // line resp   domain   do1               do2                  do3 (rev)         dp3           ssp1
    // 2–3  ann    Sales    Strongly agree 100 Agree 75            Disagree 25→75    3 → 50        I don't know: unknown
    // 4    bob    Sales    4 → 75            Neither… 50          (blank) skipped   N/A: unknown  strongly disagree 0
    // 5    cy     billing  Disagree 25       Prefer not to say:   Strongly agree    Agree 75      2 → 25
    //                                        skipped              100→0
    // 6    (none) Billing  Maybe: problem    7: outside 1–5       Neutral 50→50     Don't know    "5 - Strongly agree" 100
    //
    // sales   DO = (2·100 + 2·75 + 1·75 + 1·50 + 1.5·75) ÷ (2+2+1+1+1.5) = 587.5 ÷ 7.5 = 78.333…
    // billing DO = (2·25 + 1.5·0 + 1.5·50) ÷ (2+1.5+1.5) = 125 ÷ 5 = 25
    // org     DO = (78.333… + 25) ÷ 2 = 51.666…
    // DP: sales 50, billing 75 → 62.5.  SSP: sales 0, billing (2·25 + 2·100) ÷ 4 = 62.5 → 31.25.
    // FG: not assessed. Overall = (51.666… + 62.5 + 31.25) ÷ 3 = 48.472…
    // Rows: 19 canonical (ann 5, bob 5, cy 5, the fourth 4: "Maybe" is a problem of the adapter)
    // + 1 problem = 20; skipped: bob's blank do3, cy's "Prefer not to say" = 2; problems 2.
    const staged = await a.stageFormat(googleForms, [file(SURVEYS, 'google-forms-mesh.csv')]);
    expect(staged.format).toBe('google-forms');
    expect(staged.rows).toBe(20);
    expect(staged.skipped).toBe(2);
    expect(staged.problemCount).toBe(2);
    expect(staged.accepted).toBe(16);
    expect(staged.problems).toEqual([
      {
        file: 'google-forms-mesh.csv',
        line: 6,
        reason: expect.stringMatching(/^answer "Maybe" to question "do1" is neither a number nor a scale label/),
      },
      { file: 'google-forms-mesh.csv', line: 6, reason: 'answer "7" is outside the scale 1-5 of question "do2"' },
    ]);
    expect(staged.warnings).toEqual(
      expect.arrayContaining([
        'Google Forms: 4 responses; 3 questions matched by id, 2 by text; 2 columns ignored (Timestamp, Comments)',
        'respondents from "Email Address"',
        'domains from "Which domain do you work in?"',
        '1 "prefer not to say" answer skipped like blank ones',
      ]),
    );
    await a.commit(staged);

    const m = await metrics(a);
    expect(m.maturity.pillars.domain_ownership).toBeCloseTo(155 / 3, 9);
    expect(m.maturity.pillars.data_as_product).toBeCloseTo(62.5, 9);
    expect(m.maturity.pillars.self_serve_platform).toBeCloseTo(31.25, 9);
    expect(m.maturity.pillars.federated_governance).toBeNull();
    expect(m.maturity.overall).toBeCloseTo(436.25 / 9, 9);
    expect(m.maturity.by_domain.sales?.domain_ownership).toBeCloseTo(587.5 / 7.5, 9);
    expect(m.maturity.by_domain.billing?.domain_ownership).toBeCloseTo(25, 9);
    expect(m.maturity.answers).toEqual({
      domain_ownership: { scored: 8, unknown: 0 },
      data_as_product: { scored: 2, unknown: 2 },
      self_serve_platform: { scored: 3, unknown: 1 },
      federated_governance: { scored: 0, unknown: 0 },
    });
    const summary = await a.summary();
    // ann, bob, cy, and the fourth response by its row number
    expect(summary.answers.respondents).toBe(4);
  });
});

describe('Microsoft Forms, against the built-in bank', () => {
  it('reads ID / Email / Name, "anonymous", matched statements and 5-point labels', async () => {
    // Columns: ID, Start time, Completion time, Email, Name, Team (domain); do1 and dp2 by their
    // full text, fg1 by id; "Any other comments?" ignored. Respondent: Email, then Name, then ID
    // ("anonymous" is no e-mail: the first response is respondent "1").
    //
    // resp  team      do1 (w2)               dp2 (w1)                  fg1 (w2)
    // 1     Platform  Agree 75               Somewhat agree 75         Strongly agree 100
    // dee   Platform  Slightly disagree 25   Not applicable: unknown   3 → 50
    // eve   Data      Strongly disagree 0    Agree 75                  Neither agree nor disagree 50
    //
    // DO: Platform (75+25)/2 = 50, Data 0 → 25. DP: 75, 75 → 75. FG: Platform 75, Data 50 → 62.5.
    // SSP not assessed. Overall = (25 + 75 + 62.5) ÷ 3 = 54.166…
    const staged = await stageAndCommit(microsoftForms, [file(SURVEYS, 'microsoft-forms-mesh.csv')]);
    expect(staged.problems).toEqual([]);
    expect(staged.accepted).toBe(9);
    expect(staged.warnings).toEqual(
      expect.arrayContaining([
        'Microsoft Forms: 3 responses; 1 question matched by id, 2 by text; 3 columns ignored (Start time, Completion time, Any other comments?)',
        'respondents from "Email", then "Name", then "ID"',
        'domains from "Team"',
      ]),
    );
    const m = await metrics(a);
    expect(m.maturity.pillars).toEqual({
      domain_ownership: 25,
      data_as_product: 75,
      self_serve_platform: null,
      federated_governance: 62.5,
    });
    expect(m.maturity.overall).toBeCloseTo(162.5 / 3, 9);
    expect(m.maturity.answers.data_as_product).toEqual({ scored: 2, unknown: 1 });
    expect((await a.summary()).answers.respondents).toBe(3);
  });
});

describe('the mapping step for a survey', () => {
  it('asks for columns nothing matches, with suggestions; the mapping is remembered by mappingKey', async () => {
    // "Tribe / chapter" and "How long have you worked here?" match no question or field, nor
    // does "Domain teams wait on the central data team for new tables" (do3 in other words).
    const ctx = await context();
    const first = file(SURVEYS, 'google-forms-extra-columns.csv');
    const e = await mappingNeeded(() => a.stageFormat(googleForms, [first]));
    expect(e.fileName).toBe('google-forms-extra-columns.csv');
    expect(e.line).toBe(1);
    expect(e.reason).toMatch(/^3 of 6 columns match no question/);
    expect(e.headers).toEqual([
      'Timestamp',
      'Email Address',
      'Tribe / chapter',
      'How long have you worked here?',
      'Domain teams wait on the central data team for new tables',
      'fg1',
    ]);
    expect(e.unmatched).toEqual([
      'Tribe / chapter',
      'How long have you worked here?',
      'Domain teams wait on the central data team for new tables',
    ]);
    expect(e.request.for).toBe('survey');
    expect(e.suggested).toEqual({
      Timestamp: { field: 'timestamp' },
      'Email Address': { field: 'respondent' },
      'Tribe / chapter': { field: 'domain' },
      'How long have you worked here?': { ignore: true },
      'Domain teams wait on the central data team for new tables': { question: 'do3' },
      fg1: { question: 'fg1' },
    });
    expect(e.samples['Tribe / chapter']).toEqual(['Growth']);
    expect(e.samples['How long have you worked here?']).toEqual(['2 years', '5 years']);
    expect(e.key).toBe(mappingKey(e.headers));
    // Every question of the bank is a choice, then the fields and "ignore".
    expect(e.request.targets).toHaveLength(ctx.questions.length + 4);
    expect(e.request.targets[0]).toEqual({
      target: { question: 'do1' },
      label: 'do1 — Every data set we publish has a named owner in the domain that produces it.',
      group: 'Domain ownership',
    });

    // The user confirms the suggestions; the UI remembers them under the file's key.
    const remembered = new Map<string, ColumnMapping>();
    remembered.set(e.key, e.suggested as ColumnMapping);

    // Growth: do3 (reversed, w1.5) fay Agree 75 → 25, gus Strongly disagree 0 → 100 → 62.5;
    //         fg1 (w2) fay Strongly agree 100, gus Agree 75 → 87.5.
    await stageAndCommit(googleForms, [first], remembered.get(e.key));

    // The next export of the form: other rows, a header spelt differently ("TRIBE /  Chapter").
    // Same key: the remembered mapping reads it without asking.
    const again = file(SURVEYS, 'google-forms-extra-columns-again.csv');
    const e2 = await mappingNeeded(() => a.stageFormat(googleForms, [again]));
    expect(e2.headers[2]).toBe('TRIBE /  Chapter');
    expect(e2.key).toBe(e.key);
    const staged = await a.stageFormat(googleForms, [again], { mapping: remembered.get(e2.key) });
    expect(staged.problems).toEqual([]);
    expect(staged.warnings[0]).toBe(
      'Google Forms: 1 response; 1 question matched by id, 1 by your mapping; 2 columns ignored (Timestamp, How long have you worked here?)',
    );
    await a.commit(staged, { add: true });
    // Risk: do3 Disagree 25 → 75; fg1 Disagree 25.
    // DO = (62.5 + 75) ÷ 2 = 68.75; FG = (87.5 + 25) ÷ 2 = 56.25.
    const m = await metrics(a);
    expect(m.maturity.by_domain.growth).toMatchObject({ domain_ownership: 62.5, federated_governance: 87.5 });
    expect(m.maturity.by_domain.risk).toMatchObject({ domain_ownership: 75, federated_governance: 25 });
    expect(m.maturity.pillars.domain_ownership).toBe(68.75);
    expect(m.maturity.pillars.federated_governance).toBe(56.25);
  });

  it('mappingKey ignores order, case and spacing, and tells other shapes apart', () => {
    expect(mappingKey(['When', 'Team', 'Svc'])).toBe(mappingKey([' svc', 'TEAM', 'when ']));
    expect(mappingKey(['When', 'Team', 'Svc'])).not.toBe(mappingKey(['When', 'Team']));
    expect(mappingKey(['When', 'Team', 'Svc'])).not.toBe(mappingKey(['When', 'Team', 'Service']));
    expect(mappingKey(['a'])).toMatch(/^m1-1-[0-9a-f]{14}$/);
  });

  it('a remembered mapping naming a question the bank no longer has asks again', async () => {
    const f = file(SURVEYS, 'google-forms-extra-columns.csv');
    const e = await mappingNeeded(() => a.stageFormat(googleForms, [f]));
    const stale = { ...(e.suggested as ColumnMapping), 'Domain teams wait on the central data team for new tables': { question: 'gone' } };
    const e2 = await mappingNeeded(() => a.stageFormat(googleForms, [f], { mapping: stale }));
    expect(e2.unmatched).toEqual(['Domain teams wait on the central data team for new tables']);
  });
});

describe('the real Google Forms export (Spack user survey 2020)', () => {
  const SPACK = 'google-forms/spack-user-survey-2020-responses.csv';
  const CI = 'Rank these TBD Spack features by importance [Build testing for every PR]';
  const FLAGS = 'Rank these TBD Spack features by importance [Better compiler flag handling]';

  it('is recognised and asks for a mapping: none of its 48 columns is a question of the bank', async () => {
    const e = await mappingNeeded(() => a.stageFormat(googleForms, [file(QUESTIONNAIRES, SPACK)]));
    expect(e.headers).toHaveLength(48);
    expect(e.unmatched).toHaveLength(47); // all but Timestamp
    expect(e.suggested.Timestamp).toEqual({ field: 'timestamp' });
    expect(e.samples['Where do you work?']).toEqual(['University HPC/Computing Center', 'Company']);
  });

  it('read through a mapping onto a bank of two questions, scores the importance grid', async () => {
    // A bank of our own: CI on 1–5, FLAGS on 0–100. The importance labels are 5-point:
    // Not Important 1, Slightly 2, Somewhat 3, Very 4, Critical 5 → on both scales
    // s = 0, 25, 50, 75, 100. "Where do you work?" is the domain; no e-mail column (the
    // publisher removed it): each response is its own respondent.
    await load(
      a,
      'questions',
      `
      question_id,pillar,text,weight,reverse,scale_min,scale_max
      CI,self_serve_platform,Build testing for every pull request matters to us,1,false,1,5
      FLAGS,federated_governance,Compiler flags are handled the same way everywhere,1,false,0,100
      `,
    );
    const spack = file(QUESTIONNAIRES, SPACK);
    const e = await mappingNeeded(() => a.stageFormat(googleForms, [spack]));
    const mapping: ColumnMapping = {
      ...(e.suggested as ColumnMapping), // everything else ignored
      'Where do you work?': { field: 'domain' },
      [CI]: { question: 'CI' },
      [FLAGS]: { question: 'FLAGS' },
    };
    const staged = await stageAndCommit(googleForms, [spack], mapping);
    expect(staged.problems).toEqual([]);
    expect(staged.rows).toBe(340); // 170 responses × 2 questions, none blank
    expect(staged.accepted).toBe(340);
    expect(staged.warnings[0]).toBe(
      'Google Forms: 170 responses; 2 questions matched by your mapping; 45 columns ignored (Timestamp, What kind of user are you?, What country are you in?, Are you part of the U.S. Exascale Computing Project (ECP)?, What are your primary application areas?, How did you find out about Spack? and 39 more)',
    );
    // Counted in the file, per "Where do you work?" (s of each label as above):
    // CI (Build testing for every PR):
    //   Cloud Provider           Slightly 1, Not 1                                   → 25/2 = 12.5
    //   Company                  Very 5, Somewhat 3, Slightly 6, Not 3, Critical 2 → 875/19 = 46.052…
    //   DOE/NNSA Lab             Critical 4, Somewhat 12, Very 7, Slightly 7, Not 4 → 1700/34 = 50
    //   DOE/Office of Science    Slightly 9, Somewhat 10, Very 9, Critical 2        → 1600/30 = 53.333…
    //   Other Public Research    Somewhat 10, Very 9, Not 5, Critical 2, Slightly 5 → 1500/31 = 48.387…
    //   Private Research Lab     Slightly 1                                         → 25
    //   University HPC           Somewhat 16, Slightly 12, Very 14, Not 6, Critical 5 → 2650/53 = 50
    //   organisation = mean of the seven
    const ci = [12.5, 875 / 19, 50, 1600 / 30, 1500 / 31, 25, 50];
    // FLAGS (Better compiler flag handling):
    //   Cloud Provider           Somewhat 1, Slightly 1                              → 75/2 = 37.5
    //   Company                  Very 5, Slightly 5, Critical 4, Somewhat 4, Not 1  → 1100/19 = 57.894…
    //   DOE/NNSA Lab             Very 13, Not 3, Somewhat 9, Critical 5, Slightly 4 → 2025/34 = 59.558…
    //   DOE/Office of Science    Slightly 6, Somewhat 10, Critical 4, Very 8, Not 2 → 1650/30 = 55
    //   Other Public Research    Somewhat 11, Slightly 1, Very 14, Critical 3, Not 2 → 1925/31 = 62.096…
    //   Private Research Lab     Critical 1                                         → 100
    //   University HPC           Slightly 9, Somewhat 19, Very 14, Critical 6, Not 5 → 2825/53 = 53.301…
    const flags = [37.5, 1100 / 19, 2025 / 34, 55, 1925 / 31, 100, 2825 / 53];
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const m = await metrics(a);
    expect(m.maturity.pillars.self_serve_platform).toBeCloseTo(mean(ci), 9); // 40.753…
    expect(m.maturity.pillars.federated_governance).toBeCloseTo(mean(flags), 9); // 60.764…
    expect(m.maturity.by_domain['cloud-provider']).toMatchObject({ self_serve_platform: 12.5, federated_governance: 37.5 });
    expect(m.maturity.by_domain['private-research-lab']).toMatchObject({ self_serve_platform: 25, federated_governance: 100 });
    expect(m.domains).toHaveLength(7);
    expect((await a.summary()).answers.respondents).toBe(170);
  });
});

describe('the real Typeform export (Cantera user survey)', () => {
  const CANTERA = 'typeform/cantera-user-survey-responses.csv';
  const PY = 'How often do you use the *Python* interface?';
  const PHASE = 'Do you use phase models other than the ideal gas model?';
  const HOME = 'Where is your primary residence? Where do you live?';

  it('is recognised with its two header rows; repeated option labels are told apart by column', async () => {
    const e = await mappingNeeded(() => a.stageFormat(typeform, [file(QUESTIONNAIRES, CANTERA)]));
    expect(e.headers).toHaveLength(112);
    expect(e.headers[0]).toBe('#');
    expect(e.suggested['#']).toEqual({ field: 'respondent' });
    expect(e.headers.filter((h) => /^Other\b/.test(h))).toEqual([
      'Other',
      'Other (column 21)',
      'Other (column 40)',
      'Other (column 85)',
      'Other (column 87)',
      'Other (column 89)',
      'Other (column 109)',
    ]);
    expect(e.unmatched).toHaveLength(111);
  });

  it('read through a mapping: frequency labels scored, "I\'m not sure" unknown, Yes/No refused by line', async () => {
    // A bank of our own, both 1–5. PY takes the frequency labels: Rarely 2 → 25,
    // Sometimes 3 → 50, Often 4 → 75. PHASE is answered Yes / No / I'm not sure: "I'm not sure" is
    // unknown; Yes and No are no scale's labels, so each is a row problem at its response's line.
    // The `#` response token is the respondent; the residence is the domain.
    await load(
      a,
      'questions',
      `
      question_id,pillar,text,weight,reverse,scale_min,scale_max
      PY,self_serve_platform,We use the Python interface,1,false,1,5
      PHASE,data_as_product,We use phase models beyond the ideal gas,1,false,1,5
      `,
    );
    const cantera = file(QUESTIONNAIRES, CANTERA);
    const e = await mappingNeeded(() => a.stageFormat(typeform, [cantera]));
    // What the step suggests besides "ignore": the token, and the two questions by their words.
    expect(Object.entries(e.suggested).filter(([, t]) => !('ignore' in t))).toEqual([
      ['#', { field: 'respondent' }],
      [PY, { question: 'PY' }],
      [PHASE, { question: 'PHASE' }],
    ]);
    const mapping: ColumnMapping = {
      ...(e.suggested as ColumnMapping),
      [HOME]: { field: 'domain' },
      [PY]: { question: 'PY' },
      [PHASE]: { question: 'PHASE' },
    };
    const staged = await a.stageFormat(typeform, [cantera], { mapping });
    // 60 responses: PY 56 answered + 4 blank; PHASE No 35, Yes 19 (problems), I'm not sure 6.
    // Canonical rows 60 + 6 = 66, problems 54 → rows 120; skipped 4; accepted 56 + 6 = 62.
    expect(staged.rows).toBe(120);
    expect(staged.problemCount).toBe(54);
    expect(staged.skipped).toBe(4);
    expect(staged.accepted).toBe(62);
    // The header takes lines 1–9 (a recall header spans 8 lines): the first response is line 10.
    expect(staged.problems[0]).toEqual({
      file: CANTERA,
      line: 10,
      reason: expect.stringMatching(/^answer "No" to question "PHASE" is neither a number nor a scale label/),
    });
    expect(staged.warnings).toContain('respondents from "#"');
    await a.commit(staged);
    // PY per residence (Often 75, Sometimes 50, Rarely 25):
    //   (blank: unassigned)          Often 1                      → 75
    //   Asia                         Sometimes 2, Often 5         → 475/7 = 67.857…
    //   Europe                       Rarely 1, Often 13, Sometimes 3 → 1150/17 = 67.647…
    //   North America                Often 27, Rarely 1, Sometimes 1 → 2100/29 = 72.413…
    //   Oceania or Non-continental Asia  Often 1                  → 75
    //   South America                Often 1                      → 75
    const py = [75, 475 / 7, 1150 / 17, 2100 / 29, 75, 75];
    const m = await metrics(a);
    expect(m.maturity.pillars.self_serve_platform).toBeCloseTo(py.reduce((s, x) => s + x, 0) / py.length, 9); // 72.152…
    // PHASE: only unknowns were accepted → data as a product is not assessed, 6 unknown.
    expect(m.maturity.pillars.data_as_product).toBeNull();
    expect(m.maturity.answers.data_as_product).toEqual({ scored: 0, unknown: 6 });
    expect(m.maturity.answers.self_serve_platform).toEqual({ scored: 56, unknown: 0 });
    // The four who left PY blank answered PHASE Yes or No: nothing of theirs is loaded.
    expect((await a.summary()).answers.respondents).toBe(56);
  });
});

describe('answer labels on the question scale', () => {
  const q = (min: number, max: number) => ({ id: 'q', min, max });
  it.each([
    ['Strongly disagree', 1, 5, '1'],
    ['strongly AGREE', 1, 5, '5'],
    ['Agree', 1, 5, '4'],
    ['Neither agree nor disagree', 1, 5, '3'],
    ['Neutral', 1, 5, '3'],
    ['Disagree', 1, 5, '2'],
    ['Agree', 0, 100, '75'],
    ['Strongly agree', 0, 10, '10'],
    ['Disagree', 1, 4, '1.75'],
    // a 7-point scale: agreement labels take their 7-point places
    ['Agree', 1, 7, '6'],
    ['Somewhat agree', 1, 7, '5'],
    ['Mostly disagree', 1, 7, '2'],
    ['Neither agree nor disagree', 1, 7, '4'],
    ['Often', 1, 7, '5.5'],
    ['Critical', 1, 5, '5'],
    ['4', 1, 5, '4'],
    ['3,5', 1, 5, '3.5'],
    ['4 - Agree', 1, 5, '4'],
    ['Agree (4)', 1, 5, '4'],
    ["I don't know", 1, 5, 'dk'],
    ['Don’t know', 1, 5, 'dk'],
    ['N/A', 1, 5, 'dk'],
    ['Not applicable', 1, 5, 'dk'],
    ["I don't know or NA", 1, 5, 'dk'],
    ["I'm not sure", 1, 5, 'dk'],
  ])('%s on %d–%d → %s', (answer, min, max, expected) => {
    expect(scoreAnswer(answer, q(min, max))).toEqual({ answer: expected });
  });

  it('blank is blank; "Prefer not to say" is skipped like blank; anything else is a problem', () => {
    expect(scoreAnswer('  ', q(1, 5))).toEqual({ answer: null });
    expect(scoreAnswer('Prefer not to say', q(1, 5))).toEqual({ answer: null, declined: true });
    expect(scoreAnswer('Maybe', q(1, 5))).toEqual({ problem: expect.stringContaining('"Maybe"') });
    expect(scoreAnswer('Yes', q(1, 5))).toEqual({ problem: expect.stringContaining('"Yes"') });
  });
});

describe('whole-file failures of a survey export', () => {
  const read = (name: string, body: string, layout = googleForms) => () => layout.read([{ name, text: body }], { questions: [] });
  const HEAD = 'Timestamp,Email Address,Which domain do you work in?,How far do you agree?';
  it.each([
    ['a repeated header', `${HEAD},How far do you agree?\n1/1/2026 1:00:00,a@x,s,4,4\n`, 1, /names column "How far do you agree\?" twice \(columns 4 and 5\)/],
    ['an empty header name', `${HEAD},\n1/1/2026 1:00:00,a@x,s,4,4\n`, 1, /column 5 of the header has no name/],
    ['an unclosed quote', `${HEAD}\n1/1/2026 1:00:00,a@x,s,4\n1/1/2026 1:00:00,"a@x,s,4\n`, 3, /unclosed quote/],
    ['a row with more values than the header', `${HEAD}\n1/1/2026 1:00:00,a@x,s,4\n\n1/1/2026 1:00:00,a@x,s,4,5\n`, 4, /has 5 values where the header has 4/],
    ['a header but no responses', `${HEAD}\n`, null, /no responses/],
  ])('%s', (_what, body, line, reason) => {
    let caught: unknown;
    try {
      read('bad.csv', body)();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputFileError);
    expect(caught).not.toBeInstanceOf(MappingNeeded);
    const err = caught as InputFileError;
    expect(err.fileName).toBe('bad.csv');
    expect(err.line).toBe(line);
    expect(err.reason).toMatch(reason);
  });

  it('a failed survey file changes nothing that is loaded', async () => {
    await stageAndCommit(microsoftForms, [file(SURVEYS, 'microsoft-forms-mesh.csv')]);
    const before = await metrics(a);
    await expect(
      a.stageFormat(microsoftForms, [{ name: 'x.csv', bytes: bytesOf('ID,Start time,Completion time,fg1,fg1\n1,a,b,4,4\n') }]),
    ).rejects.toThrow(/names column "fg1" twice/);
    await expect(a.stageFormat(googleForms, [file(SURVEYS, 'google-forms-extra-columns.csv')])).rejects.toBeInstanceOf(MappingNeeded);
    expect(await metrics(a)).toEqual(before);
  });
});

describe('the mapping step for a canonical CSV with headers of its own', () => {
  // A fresh copy per use: staging hands the bytes to DuckDB, which takes them (as in the browser).
  const own = () => file(SURVEYS, 'deployments-own-headers.csv');

  it('a missing required column asks for a mapping, with a readable reason and suggestions', async () => {
    const e = await mappingNeeded(() => a.stage('deployments', own()));
    expect(e.message).toBe(
      'deployments-own-headers.csv:1: has no "deployed_at" column (its header has "When", "Team", "Svc", "Notes")',
    );
    expect(e.request.for).toBe('csv');
    expect(e.headers).toEqual(['When', 'Team', 'Svc', 'Notes']);
    expect(e.unmatched).toEqual(['When', 'Team', 'Svc', 'Notes']);
    expect(e.suggested).toEqual({
      When: { column: 'deployed_at' },
      Team: { column: 'domain' },
      Svc: { column: 'service' },
      Notes: { ignore: true },
    });
    expect(e.samples.When).toEqual(['2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z']);
    expect(e.request.targets.map((t) => t.label)).toEqual([
      'deployed_at (required)',
      'domain (this or service)',
      'service (this or domain)',
      'deployment_id',
      'change_id',
      'coordinated_with',
      'independent',
      'status',
      'environment',
      'Ignore this column',
    ]);
  });

  it('suggests from the usual other names', () => {
    const suggest = (fields: string[], columns = deploymentLogCsv.columns, oneOf = deploymentLogCsv.requireOneOf) => {
      try {
        matchColumns('f.csv', { fields, delimiter: ',' }, columns, oneOf);
      } catch (e) {
        if (e instanceof MappingNeeded) return e.suggested;
        throw e;
      }
      return undefined;
    };
    expect(suggest(['Deploy time (UTC)', 'Squad', 'Application', 'Env', 'Result', 'Release'])).toEqual({
      'Deploy time (UTC)': { column: 'deployed_at' },
      Squad: { column: 'domain' },
      Application: { column: 'service' },
      Env: { column: 'environment' },
      Result: { column: 'status' },
      Release: { column: 'change_id' },
    });
    // a canonical header needs no mapping
    expect(suggest(['deployed_at', 'domain'])).toBeUndefined();
  });

  it('stageCsv reads the file through the confirmed mapping; canonical headers still match by themselves', async () => {
    const e = await mappingNeeded(() => a.stage('deployments', own()));
    const mapping = e.suggested as CsvColumnMapping;
    const staged = await stageCsv(db, 900_001, own(), deploymentLogCsv, Infinity, { columnMapping: mapping });
    try {
      expect(staged.problems).toEqual([]);
      expect(staged.accepted).toBe(3);
      const rows = await db.query<{ line: number; deployed_at: unknown; domain: string; service: string }>(
        `SELECT line, strftime(deployed_at, '%Y-%m-%d %H:%M') AS deployed_at, domain, service FROM ${staged.table} ORDER BY line`,
      );
      expect(rows).toEqual([
        { line: 2, deployed_at: '2026-03-02 10:00', domain: 'Sales', service: 'orders-api' },
        { line: 3, deployed_at: '2026-03-02 11:00', domain: 'Sales', service: 'orders-web' },
        { line: 4, deployed_at: '2026-03-03 09:30', domain: 'Billing', service: 'invoices' },
      ]);
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${staged.table}`);
    }
  });

  it('a mapping can ignore a canonical header, and refuses two headers on one column', () => {
    const header = readCsvHeader('f.csv', 'deployed_at,domain,Team\nx,y,z\n');
    // "Team" mapped to domain, the file's own "domain" column ignored
    const matched = matchColumns('f.csv', header, deploymentLogCsv.columns, deploymentLogCsv.requireOneOf, {
      domain: { ignore: true },
      team: { column: 'domain' },
    });
    expect(matched.get('domain')).toBe(2);
    expect(matched.get('deployed_at')).toBe(0);
    expect(() =>
      matchColumns('f.csv', header, deploymentLogCsv.columns, deploymentLogCsv.requireOneOf, {
        Team: { column: 'domain' },
        domain: { column: 'domain' },
      }),
    ).toThrow(/columns "domain" and "Team" are both mapped to "domain"/);
    expect(() =>
      matchColumns('f.csv', header, deploymentLogCsv.columns, deploymentLogCsv.requireOneOf, { Team: { column: 'owner' } }),
    ).toThrow(/"Team" is mapped to "owner", which is not a column of this input/);
  });

  it('Assessment.stage reads the file through the confirmed mapping', async () => {
    const e = await mappingNeeded(() => a.stage('deployments', own()));
    const staged = await a.stage('deployments', own(), { columnMapping: e.suggested as CsvColumnMapping });
    // three deployments, none flagged: two by Sales, one by Billing, all independent (no
    // coordination named, no shared change) → autonomy 1
    expect(staged.accepted).toBe(3);
    await a.commit(staged);
    const m = await metrics(a);
    expect(m.autonomy.total).toBe(3);
    expect(m.domains.map((d) => d.key)).toEqual(['billing', 'sales']);
  });
});

describe('headers named like object properties', () => {
  it('a CSV header named "__proto__", "constructor" or "prototype" is refused, naming the column', async () => {
    for (const name of ['__proto__', 'constructor', 'Prototype']) {
      const hostile = bytesOf(`${name},When\nSales,2026-03-02T10:00:00Z\n`);
      await expect(a.stage('deployments', { name: 'h.csv', bytes: hostile })).rejects.toMatchObject({
        fileName: 'h.csv',
        line: 1,
        reason: `column 1 of the header is named "${name}", a name no input has (it is reserved in JavaScript); rename or remove the column`,
      });
    }
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('malformed entries of a stored mapping are left out, as if absent', async () => {
    const f = file(SURVEYS, 'google-forms-extra-columns.csv');
    const e = await mappingNeeded(() => a.stageFormat(googleForms, [f]));
    const broken = { ...(e.suggested as ColumnMapping), 'Tribe / chapter': { column: 'domain' }, fg1: 'fg1' } as unknown as ColumnMapping;
    const e2 = await mappingNeeded(() => a.stageFormat(googleForms, [f], { mapping: broken }));
    expect(e2.unmatched).toEqual(['Tribe / chapter']); // fg1 still matches by id
  });
});
