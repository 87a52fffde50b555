// Deployment formats (issue 3, item 3): GitHub deployments and statuses, GitLab deployments
// and pipelines, Apache DevLake's tables, and the Four Keys BigQuery schema — each read by its
// adapter and then validated and counted by the REAL engine (DuckDB-WASM, the SQL of
// src/engine/sql/autonomy.sql). Expected figures are worked out by hand in the comments.
//
// Every real file under test/fixtures/real/deployments/ (copied byte for byte from
// ../shared/fixtures/real/deployments/, see test/fixtures/real/SOURCES.md) has a test saying
// whether it is loaded or refused, and why.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputFileError, type InputFile, type StagedImport } from '../../../src/engine/inputs.ts';
import type { FormatAdapter, FormatContext, FormatFile } from '../../../src/engine/ingest/format.ts';
import { FORMATS } from '../../../src/engine/ingest/formats/index.ts';
import { DEPLOYMENT_FORMATS } from '../../../src/engine/ingest/formats/deployment-formats.ts';
import { githubDeployments } from '../../../src/engine/ingest/formats/github-deployments.ts';
import { gitlabDeployments } from '../../../src/engine/ingest/formats/gitlab-deployments.ts';
import { devlakeDeployments } from '../../../src/engine/ingest/formats/devlake-deployments.ts';
import { bigQuerySchema } from '../../../src/engine/ingest/formats/bigquery-schema.ts';
import { MAX_JSON_DEPTH, utcIso } from '../../../src/engine/ingest/formats/deployment-common.ts';
import { type Engine, bytesOf, csv, fresh, load, metrics, openEngine } from '../helpers.ts';

const REAL = join(import.meta.dirname, '../../fixtures/real');
const DEPLOYMENTS = join(REAL, 'deployments');
const CONTEXT: FormatContext = { questions: [] };

/** A real file as the engine receives it, named by its path under deployments/. */
function real(path: string): InputFile {
  return { name: path, bytes: new Uint8Array(readFileSync(join(DEPLOYMENTS, path))) };
}
function realText(path: string): FormatFile {
  return { name: path, text: readFileSync(join(DEPLOYMENTS, path), 'utf8') };
}
function inline(name: string, text: string): InputFile {
  return { name, bytes: bytesOf(text) };
}
/** Hand-made JSON fixtures are written as template strings: strip the common indentation. */
function json(text: string): string {
  return csv(text);
}

function recognisedBy(file: FormatFile): string[] {
  return FORMATS.filter((f) => f.recognise(file)).map((f) => f.id);
}

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine();
});
afterAll(() => engine.close());
beforeEach(() => fresh(engine.a));

async function stageFormat(adapter: FormatAdapter, files: InputFile[]): Promise<StagedImport> {
  return engine.a.stageFormat(adapter, files);
}
async function loadFormat(adapter: FormatAdapter, files: InputFile[]): Promise<StagedImport> {
  const staged = await stageFormat(adapter, files);
  await engine.a.commit(staged, { add: true });
  return staged;
}
async function refusal(adapter: FormatAdapter, files: InputFile[]): Promise<InputFileError> {
  let caught: unknown;
  try {
    await stageFormat(adapter, files);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputFileError);
  return caught as InputFileError;
}

// ---------------------------------------------------------------------------------------------

describe('every real deployment file is loaded or refused with a reason', () => {
  it('each file is recognised by exactly one adapter, its own', () => {
    const expected: Record<string, string> = {
      'github-webhooks/deployment.payload.json': 'github-deployments',
      'github-webhooks/deployment_status.payload.json': 'github-deployments',
      'gitlab-webhooks/deployment.json': 'gitlab-deployments',
      'gitlab-webhooks/pipeline.json': 'gitlab-deployments',
      'devlake/gitlab-e2e-cicd_deployments.csv': 'devlake-deployments',
      'devlake/gitlab-e2e-cicd_deployment_commits.csv': 'devlake-deployments',
      'devlake/dora-e2e-change_lead_time-cicd_deployment_commits.csv': 'devlake-deployments',
      'devlake/dora-e2e-deployment_generator-project_mapping.csv': 'devlake-deployments',
      'fourkeys/events_raw_schema.json': 'bigquery-schema',
    };
    const onDisk = walk(DEPLOYMENTS).map((p) => relative(DEPLOYMENTS, p)).sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
    for (const [path, id] of Object.entries(expected)) {
      expect(recognisedBy(realText(path)), path).toEqual([id]);
    }
  });

  it('github deployment.payload.json: loaded; a deployment without a status is pending, so it does not count', async () => {
    // The `deployment` webhook fires when a deployment is created, before it runs. Alone it says
    // nothing of the outcome: status "pending", left out by SPEC rule 1 (excluded.status = 1).
    const staged = await loadFormat(githubDeployments, [real('github-webhooks/deployment.payload.json')]);
    expect(staged.rows).toBe(1);
    expect(staged.accepted).toBe(1);
    expect(staged.problems).toEqual([]);
    expect(staged.warnings.join('\n')).toMatch(/no status.*pending/);
    const m = await metrics(engine.a);
    expect(m.autonomy.total).toBe(0);
    expect(m.autonomy.excluded).toEqual({ status: 1, environment: 0, duplicate_id: 0 });
  });

  it('github deployment_status.payload.json: loaded; one successful production deployment of Codertocat/Hello-World', async () => {
    // Ownership: Codertocat/Hello-World → Developer Experience. One counted deployment, no
    // other domain shares its commit: independent. Ratio 1/1.
    await load(engine.a, 'ownership', 'service,domain\nCodertocat/Hello-World,Developer Experience\n');
    const staged = await loadFormat(githubDeployments, [real('github-webhooks/deployment_status.payload.json')]);
    expect(staged.accepted).toBe(1);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ ratio: 1, independent: 1, total: 1 });
    expect(m.autonomy.by_domain['developer-experience']).toEqual({ ratio: 1, independent: 1, total: 1 });
    expect((await engine.a.summary()).deployments.first).toBe('2019-05-15T15:20:55Z');
  });

  it('both GitHub payloads read together are one deployment: the status merges into it', () => {
    const result = githubDeployments.read(
      [realText('github-webhooks/deployment.payload.json'), realText('github-webhooks/deployment_status.payload.json')],
      CONTEXT,
    );
    expect(result.rows.map((r) => r.values)).toEqual([
      {
        // the success status's created_at (the deployment was created 2 s before)
        deployed_at: '2019-05-15T15:20:55.000Z',
        domain: null,
        service: 'Codertocat/Hello-World',
        deployment_id: 'github:145988746',
        change_id: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        coordinated_with: null,
        independent: null,
        status: 'success',
        environment: 'production',
      },
    ]);
    expect(result.rows[0]!.file).toBe('github-webhooks/deployment.payload.json');
    expect(result.rows[0]!.line).toBe(1);
  });

  it('gitlab deployment.json: loaded; its non-ISO time is converted; a staging deployment does not count', async () => {
    // status_changed_at "2021-04-28 21:50:00 +0200" = 19:50 UTC. Environment staging: left out
    // by SPEC rule 2 (excluded.environment = 1).
    const [row] = gitlabDeployments.read([realText('gitlab-webhooks/deployment.json')], CONTEXT).rows;
    expect(row!.values).toMatchObject({
      deployed_at: '2021-04-28T19:50:00.000Z',
      service: 'root/test-deployment-webhooks',
      deployment_id: 'gitlab:15',
      change_id: '279484c09fbe69ededfced8c1bb6e6d24616b468', // from commit_url, not the short sha
      status: 'success',
      environment: 'staging',
    });
    const staged = await loadFormat(gitlabDeployments, [real('gitlab-webhooks/deployment.json')]);
    expect(staged.accepted).toBe(1);
    const m = await metrics(engine.a);
    expect(m.autonomy.total).toBe(0);
    expect(m.autonomy.excluded).toEqual({ status: 0, environment: 1, duplicate_id: 0 });
    expect((await engine.a.summary()).deployments.first).toBe('2021-04-28T19:50:00Z');
  });

  it('gitlab pipeline.json: loaded; its one deployment job (production) was skipped, and the pipeline came from another project', async () => {
    // builds: "production" (stage deploy, environment production, action start) → a deployment
    // job, status skipped (manual, never run) → left out by SPEC rule 1. "staging" has no
    // environment object: not a deployment job. source_pipeline names
    // gitlab-org/upstream-project: coordinated_with carries it.
    const result = gitlabDeployments.read([realText('gitlab-webhooks/pipeline.json')], CONTEXT);
    expect(result.rows.map((r) => r.values)).toEqual([
      {
        deployed_at: '2016-08-12T15:23:28.000Z', // "2016-08-12 15:23:28 UTC", the job's creation
        domain: null,
        service: 'gitlab-org/gitlab-test',
        deployment_id: 'gitlab:job:380',
        change_id: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
        coordinated_with: 'gitlab-org/upstream-project',
        independent: null,
        status: 'skipped',
        environment: 'production',
      },
    ]);
    expect(result.notes.join('\n')).toMatch(/gitlab-org\/gitlab-test ← gitlab-org\/upstream-project/);
    await loadFormat(gitlabDeployments, [real('gitlab-webhooks/pipeline.json')]);
    const m = await metrics(engine.a);
    expect(m.autonomy.total).toBe(0);
    expect(m.autonomy.excluded).toEqual({ status: 1, environment: 0, duplicate_id: 0 });
  });

  it('devlake gitlab-e2e cicd_deployments + cicd_deployment_commits: loaded; 8 deployments of one repository, none a production success', async () => {
    // Both tables hold the same 8 deployments (one commit each, repository
    // https://gitlab.com/gitlab-data/snowflake_spend → gitlab-data/snowflake_spend); the commit
    // rows decide. By SPEC's order (status first, then environment):
    //   13426753 SUCCESS staging    → environment     13436532 FAILURE production → status
    //   13432654 SUCCESS staging    → environment     13436763 (OTHER) production → status
    //   13432768 FAILURE staging    → status          13436778 (IN_PROGRESS) stg   → status
    //   13436915 (OTHER) staging    → status          13436986 (OTHER) production → status
    // Counted 0: excluded status 6, environment 2. The domain comes from the ownership map.
    await load(engine.a, 'ownership', 'service,domain\ngitlab-data/snowflake_spend,Data Platform\n');
    const staged = await loadFormat(devlakeDeployments, [
      real('devlake/gitlab-e2e-cicd_deployments.csv'),
      real('devlake/gitlab-e2e-cicd_deployment_commits.csv'),
    ]);
    expect(staged.rows).toBe(8);
    expect(staged.accepted).toBe(8);
    expect(staged.warnings.join('\n')).toMatch(/all also in cicd_deployment_commits/);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ ratio: null, independent: 0, total: 0 });
    expect(m.autonomy.excluded).toEqual({ status: 6, environment: 2, duplicate_id: 0 });
    expect(m.domains).toEqual([{ key: 'data-platform', label: 'Data Platform' }]);
    const summary = await engine.a.summary();
    expect([summary.deployments.first, summary.deployments.last]).toEqual(['2019-03-13T14:17:47Z', '2019-03-13T15:28:32Z']);
  });

  it('devlake gitlab-e2e cicd_deployments alone: loaded, but without repositories its rows are unassigned (and the user is told)', async () => {
    const staged = await loadFormat(devlakeDeployments, [real('devlake/gitlab-e2e-cicd_deployments.csv')]);
    expect(staged.accepted).toBe(8);
    const warnings = staged.warnings.join('\n');
    expect(warnings).toMatch(/Load cicd_deployment_commits with it/);
    expect(warnings).toMatch(/8 rows have no domain.*"unassigned"/);
  });

  it('devlake dora-e2e cicd_deployment_commits + project_mapping: loaded; DevLake projects stand for domains', async () => {
    // 16 commit rows of 9 deployments (cicd_deployment_id) over REPO111, REPO222, REPO333
    // become 14 rows, one per (deployment, repository):
    //   pipeline1 cicd1: 111, 222  success prod      pipeline6 cicd1: 111, 222 success prod
    //   pipeline2 cicd2: 111, 333  success prod      pipeline7 cicd2: 111 (failure 07:55, then
    //   pipeline4 cicd1: 111, 222  success prod          success 07:57 → success), 333 success
    //   pipeline5 cicd1: 111 ×2 commits, STAGING     pipeline8 cicd3: 111 FAILURE
    //   pipeline9 cicd3: 111 success prod            pipeline10 cicd3: 333, no environment
    // Excluded: status 1 (pipeline8), environment 2 (pipeline5 staging, pipeline10 unclassified).
    // Counted 11. project_mapping: cicd1, cicd2 → project1; cicd3 → project2. Every deployment
    // lies in one CI scope, so all its repositories share one project: nothing is coordinated.
    //   project1: pipelines 1, 2, 4, 6, 7 × 2 repositories = 10 of 10 independent
    //   project2: pipeline9 = 1 of 1. Overall 11/11 = 1.
    const staged = await loadFormat(devlakeDeployments, [
      real('devlake/dora-e2e-change_lead_time-cicd_deployment_commits.csv'),
      real('devlake/dora-e2e-deployment_generator-project_mapping.csv'),
    ]);
    expect(staged.rows).toBe(14);
    expect(staged.problems).toEqual([]);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ ratio: 1, independent: 11, total: 11 });
    expect(m.autonomy.excluded).toEqual({ status: 1, environment: 2, duplicate_id: 0 });
    expect(m.autonomy.by_domain).toEqual({
      project1: { ratio: 1, independent: 10, total: 10 },
      project2: { ratio: 1, independent: 1, total: 1 },
    });
  });

  it('devlake dora-e2e cicd_deployment_commits with an ownership map: deployments spanning domains are coordinated', async () => {
    // Ownership: REPO111, REPO222 → Payments; REPO333 → Checkout (no project_mapping).
    // The 11 counted rows as above; a deployment's rows share change_id devlake:<pipeline>:
    //   pipeline1 111+222 Payments only  → 2 independent
    //   pipeline2 111+333 Payments+Checkout → 2 coordinated
    //   pipeline4, pipeline6 as pipeline1 → 4 independent
    //   pipeline7 111+333 → 2 coordinated;  pipeline9 111 alone → 1 independent
    // Overall 7/11. Payments: 9 counted (p1 2, p2 1, p4 2, p6 2, p7 1, p9 1), 7 independent.
    // Checkout: 2 counted (p2, p7), 0 independent. All in ISO week 2023-W15 (10–13 April).
    await load(engine.a, 'ownership', 'service,domain\nREPO111,Payments\nREPO222,Payments\nREPO333,Checkout\n');
    await loadFormat(devlakeDeployments, [real('devlake/dora-e2e-change_lead_time-cicd_deployment_commits.csv')]);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ independent: 7, total: 11 });
    expect(m.autonomy.ratio).toBeCloseTo(7 / 11, 12);
    expect(m.autonomy.by_domain.payments).toEqual({ ratio: 7 / 9, independent: 7, total: 9 });
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 0, independent: 0, total: 2 });
    expect(m.autonomy.weekly).toEqual([{ week: '2023-W15', ratio: 7 / 11, independent: 7, total: 11 }]);
  });

  it('devlake project_mapping alone: refused; it maps projects but holds no deployment', async () => {
    const error = await refusal(devlakeDeployments, [real('devlake/dora-e2e-deployment_generator-project_mapping.csv')]);
    expect(error.fileName).toBe('devlake/dora-e2e-deployment_generator-project_mapping.csv');
    expect(error.reason).toMatch(/project_mapping.*holds no deployment.*together with cicd_deployment_commits/);
  });

  it('fourkeys events_raw_schema.json: refused; it is a BigQuery schema (column definitions), not data', async () => {
    // Four Keys' setup file describes the events_raw table; it has no deployment to count.
    // Recognised (so the user hears why, not "unrecognised file") and refused as a whole.
    await load(engine.a, 'deployments', 'deployed_at,domain\n2026-01-05T10:00:00Z,sales\n');
    const before = await metrics(engine.a);
    const error = await refusal(bigQuerySchema, [real('fourkeys/events_raw_schema.json')]);
    expect(error.fileName).toBe('fourkeys/events_raw_schema.json');
    expect(error.reason).toMatch(/BigQuery schema of Four Keys' events_raw table \(7 column definitions: event_type, id, metadata/);
    expect(error.reason).toMatch(/not data: it holds no deployment/);
    expect(await metrics(engine.a)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('GitHub: statuses merge into their deployments; a shared commit is a coordinated change', () => {
  // REST: GET /repos/{owner}/{repo}/deployments for two repositories, collected in one list.
  const deployments = json(`
    [
      { "url": "https://api.github.com/repos/octo-org/payments-api/deployments/101", "id": 101,
        "sha": "aaa1", "ref": "main", "task": "deploy", "environment": "production",
        "created_at": "2026-01-05T09:00:00Z",
        "statuses_url": "https://api.github.com/repos/octo-org/payments-api/deployments/101/statuses",
        "repository_url": "https://api.github.com/repos/octo-org/payments-api" },
      { "url": "https://api.github.com/repos/octo-org/payments-api/deployments/102", "id": 102,
        "sha": "bbb2", "ref": "main", "task": "deploy", "environment": "production",
        "created_at": "2026-01-05T10:00:00Z",
        "repository_url": "https://api.github.com/repos/octo-org/payments-api" },
      { "url": "https://api.github.com/repos/octo-org/payments-api/deployments/103", "id": 103,
        "sha": "ccc3", "ref": "main", "task": "deploy", "environment": "production",
        "created_at": "2026-01-05T11:00:00Z",
        "repository_url": "https://api.github.com/repos/octo-org/payments-api" },
      { "url": "https://api.github.com/repos/octo-org/checkout-web/deployments/104", "id": 104,
        "sha": "aaa1", "ref": "main", "task": "deploy", "environment": "production",
        "created_at": "2026-01-05T09:30:00Z",
        "repository_url": "https://api.github.com/repos/octo-org/checkout-web" },
      { "url": "https://api.github.com/repos/octo-org/checkout-web/deployments/105", "id": 105,
        "sha": "ddd4", "ref": "main", "task": "deploy", "environment": "staging",
        "created_at": "2026-01-05T12:00:00Z",
        "repository_url": "https://api.github.com/repos/octo-org/checkout-web" },
      { "url": "https://api.github.com/repos/octo-org/payments-api/deployments/106", "id": 106,
        "sha": "eee5", "ref": "main", "task": "deploy", "environment": "production",
        "created_at": "2026-01-06T09:00:00Z",
        "repository_url": "https://api.github.com/repos/octo-org/payments-api" }
    ]
  `);
  // Statuses, newline-delimited (…/deployments/{id}/statuses collected), not in time order:
  // 101's "inactive" (it was replaced by 106 the next day) comes before its success.
  const statuses = [
    { id: 3, state: 'inactive', deployment: 101, at: '2026-01-06T09:05:00Z' },
    { id: 1, state: 'in_progress', deployment: 101, at: '2026-01-05T09:00:10Z' },
    { id: 2, state: 'success', deployment: 101, at: '2026-01-05T09:05:00Z' },
    { id: 4, state: 'in_progress', deployment: 102, at: '2026-01-05T10:00:10Z' },
    { id: 5, state: 'failure', deployment: 102, at: '2026-01-05T10:03:00Z' },
    { id: 6, state: 'success', deployment: 104, at: '2026-01-05T09:35:00Z' },
    { id: 7, state: 'success', deployment: 105, at: '2026-01-05T12:05:00Z' },
    { id: 8, state: 'success', deployment: 106, at: '2026-01-06T09:05:00Z' },
  ]
    .map(({ id, state, deployment, at }) => {
      const repo = deployment === 104 || deployment === 105 ? 'checkout-web' : 'payments-api';
      return JSON.stringify({
        url: `https://api.github.com/repos/octo-org/${repo}/deployments/${deployment}/statuses/${id}`,
        id,
        state,
        environment: deployment === 105 ? 'staging' : 'production',
        created_at: at,
        deployment_url: `https://api.github.com/repos/octo-org/${repo}/deployments/${deployment}`,
        repository_url: `https://api.github.com/repos/octo-org/${repo}`,
      });
    })
    .join('\n');

  it('maps each deployment to one row: the latest status decides, "inactive" keeps the success before it', () => {
    const files = [
      { name: 'deployments.json', text: deployments },
      { name: 'statuses.ndjson', text: statuses },
    ];
    expect(recognisedBy(files[0]!)).toEqual(['github-deployments']);
    expect(recognisedBy(files[1]!)).toEqual(['github-deployments']);
    const result = githubDeployments.read(files, CONTEXT);
    const byId = Object.fromEntries(result.rows.map((r) => [r.values.deployment_id, r]));
    expect(byId['github:101']!.values).toMatchObject({ status: 'success', deployed_at: '2026-01-05T09:05:00.000Z', change_id: 'aaa1', service: 'octo-org/payments-api' });
    expect(byId['github:102']!.values).toMatchObject({ status: 'failure', deployed_at: '2026-01-05T10:00:00.000Z' });
    expect(byId['github:103']!.values).toMatchObject({ status: 'pending' });
    expect(byId['github:104']!.values).toMatchObject({ status: 'success', change_id: 'aaa1', service: 'octo-org/checkout-web' });
    expect(byId['github:105']!.values).toMatchObject({ status: 'success', environment: 'staging' });
    // Lines point into the list: deployment 102 starts on line 7 of deployments.json.
    expect(byId['github:102']!.line).toBe(7);
    expect(result.notes.join('\n')).toMatch(/1 deployment was later marked inactive/);
  });

  it('counts by SPEC: failure and pending out by status, staging out by environment; commit aaa1 in two domains is coordinated', async () => {
    // Ownership: payments-api → Payments, checkout-web → Checkout.
    // Counted: 101 (Payments, aaa1), 104 (Checkout, aaa1), 106 (Payments, eee5).
    // aaa1 is shared by counted deployments of two domains → 101 and 104 coordinated.
    // Overall 1/3; Payments 1/2; Checkout 0/1. Excluded: status 2 (102, 103), environment 1 (105).
    await load(engine.a, 'ownership', 'service,domain\nocto-org/payments-api,Payments\nocto-org/checkout-web,Checkout\n');
    await loadFormat(githubDeployments, [inline('deployments.json', deployments), inline('statuses.ndjson', statuses)]);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ independent: 1, total: 3 });
    expect(m.autonomy.excluded).toEqual({ status: 2, environment: 1, duplicate_id: 0 });
    expect(m.autonomy.by_domain.payments).toEqual({ ratio: 0.5, independent: 1, total: 2 });
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 0, independent: 0, total: 1 });
  });

  it('the same deployment loaded twice (webhook file, then the REST list) counts once', async () => {
    // github:145988746 from the real status payload, then again from a second file: SPEC rule 3.
    await loadFormat(githubDeployments, [real('github-webhooks/deployment_status.payload.json')]);
    await loadFormat(githubDeployments, [real('github-webhooks/deployment_status.payload.json')]);
    const m = await metrics(engine.a);
    expect(m.autonomy.total).toBe(1);
    expect(m.autonomy.excluded.duplicate_id).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('GitLab: times, merged status changes, the API list, pipelines from another project', () => {
  it('converts the times GitLab writes to ISO 8601 in UTC, and refuses dates that do not exist', () => {
    expect(utcIso('2021-04-28 21:50:00 +0200')).toBe('2021-04-28T19:50:00.000Z');
    expect(utcIso('2016-08-12 15:23:28 UTC')).toBe('2016-08-12T15:23:28.000Z');
    expect(utcIso('2026-01-05 00:30:00 -0530')).toBe('2026-01-05T06:00:00.000Z');
    expect(utcIso('2016-08-11T07:36:40.222Z')).toBe('2016-08-11T07:36:40.222Z');
    expect(utcIso('2016-08-11T13:28:26.000+02:00')).toBe('2016-08-11T11:28:26.000Z');
    expect(utcIso('2023-4-10 6:51:47')).toBe('2023-04-10T06:51:47.000Z'); // DevLake's created_date
    expect(utcIso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(utcIso('2024-02-30 10:00:00 UTC')).toBeNull();
    expect(utcIso('2023-02-29T10:00:00Z')).toBeNull();
    expect(utcIso('2024-01-01 24:00:00')).toBeNull();
    expect(utcIso('yesterday')).toBeNull();
  });

  it('merges the webhook events of one deployment (running, then success) and converts their offset', async () => {
    // Deployment 7 of shop/checkout-web: running, then success at "2026-01-05 00:30:00 +0100"
    // = 2026-01-04T23:30Z, a Sunday: ISO week 2026-W01 (it would be W02 read as UTC).
    const events = [
      { status: 'running', at: '2026-01-05 00:20:00 +0100' },
      { status: 'success', at: '2026-01-05 00:30:00 +0100' },
    ]
      .map(({ status, at }) =>
        JSON.stringify({
          object_kind: 'deployment',
          status,
          status_changed_at: at,
          deployment_id: 7,
          deployable_id: 700,
          environment: 'production',
          project: { id: 3, path_with_namespace: 'shop/checkout-web' },
          short_sha: 'abcdef12',
          commit_url: 'https://gitlab.example.com/shop/checkout-web/-/commit/abcdef1234567890abcdef1234567890abcdef12',
        }),
      )
      .join('\n');
    const result = gitlabDeployments.read([{ name: 'events.ndjson', text: events }], CONTEXT);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.values).toMatchObject({ status: 'success', deployed_at: '2026-01-04T23:30:00.000Z', deployment_id: 'gitlab:7' });
    await load(engine.a, 'ownership', 'service,domain\nshop/checkout-web,Checkout\n');
    await loadFormat(gitlabDeployments, [inline('events.ndjson', events)]);
    const m = await metrics(engine.a);
    expect(m.autonomy.weekly).toEqual([{ week: '2026-W01', ratio: 1, independent: 1, total: 1 }]);
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 1, independent: 1, total: 1 });
  });

  it('reads the API list: the project from the pipeline URL, the time of a success from its job', () => {
    // The shape of GET /projects/:id/deployments (docs.gitlab.com/api/deployments), trimmed.
    const list = json(`
      [
        { "created_at": "2016-08-11T07:36:40.222Z", "updated_at": "2016-08-11T07:38:12.414Z",
          "status": "success",
          "deployable": { "id": 657, "status": "success", "finished_at": "2016-08-11T07:36:39.851Z",
            "pipeline": { "id": 36, "sha": "99d03678b90d914dbb1b109132516d71a4a03ea8",
                          "web_url": "http://gitlab.dev/root/project/pipelines/12" } },
          "environment": { "external_url": "https://about.gitlab.com", "id": 9, "name": "production" },
          "id": 41, "iid": 1, "ref": "main", "sha": "99d03678b90d914dbb1b109132516d71a4a03ea8" },
        { "created_at": "2016-08-11T11:32:35.444Z", "updated_at": "2016-08-11T11:34:01.123Z",
          "status": "created", "deployable": null,
          "environment": { "id": 9, "name": "production" },
          "id": 42, "iid": 2, "ref": "main", "sha": "a91957a858320c0e17f3a0eca7cfacbff50ea29a" }
      ]
    `);
    const file = { name: 'deployments.json', text: list };
    expect(recognisedBy(file)).toEqual(['gitlab-deployments']);
    const result = gitlabDeployments.read([file], CONTEXT);
    expect(result.rows.map((r) => [r.line, r.values.service, r.values.status, r.values.deployed_at])).toEqual([
      [2, 'root/project', 'success', '2016-08-11T07:36:39.851Z'],
      [9, null, 'created', '2016-08-11T11:32:35.444Z'],
    ]);
    expect(result.notes.join('\n')).toMatch(/1 deployment does not say its project/);
  });

  // A pipeline event: project `path`, triggered from `upstream` (or not), with one deployment
  // job to production that succeeded.
  function pipeline(id: number, path: string, upstream: string | null, jobId: number, sha: string): string {
    return JSON.stringify({
      object_kind: 'pipeline',
      object_attributes: {
        id, sha, source: upstream ? 'pipeline' : 'push', status: 'success',
        created_at: '2026-01-06 10:00:00 UTC', finished_at: '2026-01-06 10:10:00 UTC',
      },
      project: { id, path_with_namespace: path },
      ...(upstream ? { source_pipeline: { project: { id: 99, path_with_namespace: upstream }, pipeline_id: 1, job_id: 2 } } : {}),
      builds: [
        { id: jobId + 1, stage: 'test', name: 'test', status: 'success', created_at: '2026-01-06 10:00:00 UTC', finished_at: '2026-01-06 10:05:00 UTC' },
        {
          id: jobId, stage: 'deploy', name: 'deploy', status: 'success',
          created_at: '2026-01-06 10:00:00 UTC', started_at: '2026-01-06 10:06:00 UTC', finished_at: '2026-01-06 10:09:00 UTC',
          environment: { name: 'production', action: 'start', deployment_tier: 'production' },
        },
        {
          id: jobId + 2, stage: 'deploy', name: 'stop-review', status: 'success',
          created_at: '2026-01-06 10:00:00 UTC', environment: { name: 'review/x', action: 'stop' },
        },
      ],
    });
  }

  it('a pipeline triggered from another domain\'s project is coordinated; from its own domain, independent', async () => {
    // Ownership: shop/checkout-web, shop/checkout-api → Checkout; platform/release-train → Platform.
    //   line 1: checkout-web triggered from platform/release-train (Platform ≠ Checkout) → coordinated
    //   line 2: checkout-web triggered from shop/checkout-api (Checkout itself) → independent
    //   line 3: checkout-api, not triggered → independent
    //   line 4: a deployment event naming job 400 (line 3's deployment job): the same deployment,
    //           so it merges with it (no second row)
    // Only the "start" jobs deploy (the "stop" job of review/x does not). Checkout: 2/3.
    const events = [
      pipeline(1, 'shop/checkout-web', 'platform/release-train', 100, 'c1'),
      pipeline(2, 'shop/checkout-web', 'shop/checkout-api', 200, 'c2'),
      pipeline(3, 'shop/checkout-api', null, 400, 'c3'),
      JSON.stringify({
        object_kind: 'deployment', status: 'success', status_changed_at: '2026-01-06 11:09:00 +0100',
        deployment_id: 55, deployable_id: 400, environment: 'production',
        project: { path_with_namespace: 'shop/checkout-api' },
        commit_url: 'https://gitlab.example.com/shop/checkout-api/-/commit/c3',
      }),
    ].join('\n');
    const result = gitlabDeployments.read([{ name: 'hooks.ndjson', text: events }], CONTEXT);
    expect(result.rows.map((r) => [r.line, r.values.deployment_id, r.values.coordinated_with, r.values.deployed_at])).toEqual([
      [1, 'gitlab:job:100', 'platform/release-train', '2026-01-06T10:09:00.000Z'],
      [2, 'gitlab:job:200', 'shop/checkout-api', '2026-01-06T10:09:00.000Z'],
      [4, 'gitlab:55', null, '2026-01-06T10:09:00.000Z'],
    ]);
    await load(engine.a, 'ownership', 'service,domain\nshop/checkout-web,Checkout\nshop/checkout-api,Checkout\nplatform/release-train,Platform\n');
    await loadFormat(gitlabDeployments, [inline('hooks.ndjson', events)]);
    const m = await metrics(engine.a);
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 2 / 3, independent: 2, total: 3 });
  });

  it('a pipeline with no deployment job is refused: a CI run is not a deployment', async () => {
    const run = JSON.stringify({
      object_kind: 'pipeline',
      object_attributes: { id: 9, sha: 'x', status: 'success', created_at: '2026-01-06 10:00:00 UTC' },
      project: { path_with_namespace: 'shop/checkout-web' },
      builds: [{ id: 1, stage: 'test', name: 'test', status: 'success' }],
    });
    const error = await refusal(gitlabDeployments, [inline('pipeline.json', run)]);
    expect(error.reason).toMatch(/1 GitLab pipeline event and no deployment: no job of the pipeline deploys to an environment/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('DevLake: one row per (deployment, repository); a deployment spanning domains is coordinated', () => {
  // dep-A ships payments-api and checkout-web (two domains); dep-B ships payments-api and
  // payments-worker (one domain); dep-C's date does not exist. A commit message spans two lines.
  const commits = csv(`
    id,commit_sha,cicd_scope_id,cicd_deployment_id,result,status,environment,created_date,started_date,finished_date,commit_msg,repo_id,repo_url
    1,s1,scope1,dep-A,SUCCESS,DONE,PRODUCTION,2026-01-07 10:00:00,,2026-01-07T10:05:00.000+00:00,"fix: rounding
    in totals",r1,https://github.com/acme/payments-api
    2,s2,scope1,dep-A,SUCCESS,DONE,PRODUCTION,2026-01-07 10:00:00,,2026-01-07T10:06:00.000+00:00,ui,r2,https://github.com/acme/checkout-web.git
    3,s3,scope1,dep-B,SUCCESS,DONE,PRODUCTION,2026-01-08 10:00:00,,2026-01-08T10:05:00.000+00:00,x,r1,https://github.com/acme/payments-api
    4,s4,scope1,dep-B,SUCCESS,DONE,PRODUCTION,2026-01-08 10:00:00,,2026-01-08T10:05:30.000+00:00,y,r3,https://github.com/acme/payments-worker
    5,s5,scope1,dep-C,SUCCESS,DONE,PRODUCTION,2026-02-30 10:00:00,,2026-02-30T10:05:00.000+00:00,z,r3,https://github.com/acme/payments-worker
  `);
  const owners = 'service,domain\nacme/payments-api,Payments\nacme/payments-worker,Payments\nacme/checkout-web,Checkout\n';

  it('coordinated across domains, independent within one; a bad date is a problem at its line', async () => {
    // Rows: dep-A × payments-api (Payments), dep-A × checkout-web (Checkout) → change
    // devlake:dep-A shared by two domains → both coordinated. dep-B × payments-api,
    // dep-B × payments-worker → both Payments → independent. dep-C: line 7 (the quoted line
    // break makes line 2–3 one row) has finished_date 2026-02-30 → problem, not loaded.
    // Payments: dep-A 1 coordinated + dep-B 2 independent = 2/3; Checkout 0/1. Overall 2/4.
    await load(engine.a, 'ownership', owners);
    const staged = await loadFormat(devlakeDeployments, [inline('cicd_deployment_commits.csv', commits)]);
    expect(staged.problems).toEqual([
      { file: 'cicd_deployment_commits.csv', line: 7, reason: 'finished_date "2026-02-30T10:05:00.000+00:00" is not a valid date and time' },
    ]);
    expect(staged.accepted).toBe(4);
    const m = await metrics(engine.a);
    expect(m.autonomy).toMatchObject({ ratio: 0.5, independent: 2, total: 4 });
    expect(m.autonomy.by_domain.payments).toEqual({ ratio: 2 / 3, independent: 2, total: 3 });
    expect(m.autonomy.by_domain.checkout).toEqual({ ratio: 0, independent: 0, total: 1 });
  });

  it('the repository path comes from repo_url; the ownership map (where the engine passes it) wins over the DevLake project', () => {
    const mapping = csv(`
      project_name,table,row_id
      Storefront,cicd_scopes,scope1
    `);
    const files = [
      { name: 'cicd_deployment_commits.csv', text: commits },
      { name: 'project_mapping.csv', text: mapping },
    ];
    // Without the ownership map every repository of scope1 counts under the project.
    const plain = devlakeDeployments.read(files, CONTEXT);
    expect(plain.rows.map((r) => [r.values.service, r.values.domain])).toEqual([
      ['acme/payments-api', 'Storefront'],
      ['acme/checkout-web', 'Storefront'],
      ['acme/payments-api', 'Storefront'],
      ['acme/payments-worker', 'Storefront'],
    ]);
    // With it (FormatContext.owners, asset key → domain), a repository it names is left to it.
    const context: FormatContext & { owners: Map<string, string> } = { questions: [], owners: new Map([['acme/checkout-web', 'Checkout']]) };
    const owned = devlakeDeployments.read(files, context);
    expect(owned.rows.map((r) => r.values.domain)).toEqual(['Storefront', null, 'Storefront', 'Storefront']);
    expect(owned.notes.join('\n')).toMatch(/1 row takes its domain from the ownership map/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('bad input: refused as a whole, or a problem at its line, never a crash', () => {
  const JSON_ADAPTERS = [githubDeployments, gitlabDeployments];

  it('refuses [] , {} , a bare value, broken JSON (with its line) and JSON nested too deep', () => {
    const read = (adapter: FormatAdapter, text: string) => () => adapter.read([{ name: 'x.json', text }], CONTEXT);
    for (const adapter of JSON_ADAPTERS) {
      expect(read(adapter, '[]')).toThrow(/is an empty JSON list \(\[\]\)/);
      expect(read(adapter, ' {} ')).toThrow(/is an empty JSON object/);
      expect(read(adapter, '42')).toThrow(/is not JSON/);
      expect(read(adapter, '[\n  {"id": 1},\n  {"id": 2,}\n]')).toThrow(/is not valid JSON: .*\(line 3, column \d+\)/);
      const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
      expect(read(adapter, deep)).toThrow(new RegExp(`nests JSON deeper than ${MAX_JSON_DEPTH} levels`));
      expect(read(adapter, '[' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + ']')).toThrow(InputFileError);
    }
  });

  it('a refused file leaves what was loaded exactly as it was', async () => {
    await load(engine.a, 'deployments', 'deployed_at,domain,independent\n2026-01-05T10:00:00Z,sales,true\n2026-01-05T11:00:00Z,sales,false\n');
    const before = await metrics(engine.a);
    for (const text of ['[]', '{}', '{"object_kind": "deployment", ', '['.repeat(200) + ']'.repeat(200)]) {
      await refusal(gitlabDeployments, [inline('bad.json', text)]);
    }
    expect(await metrics(engine.a)).toEqual(before);
  });

  it('an entry that is not a deployment is a problem at its line; the rest loads', async () => {
    const text = json(`
      [
        { "id": 1, "sha": "a", "task": "deploy", "environment": "production",
          "created_at": "2026-01-05T10:00:00Z", "repository_url": "https://api.github.com/repos/o/r" },
        { "hello": "world" },
        { "id": 2, "sha": "b", "task": "deploy", "environment": "production",
          "created_at": "2026-02-30T10:00:00Z", "repository_url": "https://api.github.com/repos/o/r" }
      ]
    `);
    // Still recognised (two of its three entries are GitHub deployments), so the user sees the
    // bad entries by line rather than an unrecognised file.
    expect(recognisedBy({ name: 'list.json', text })).toEqual(['github-deployments']);
    const staged = await stageFormat(githubDeployments, [inline('list.json', text)]);
    expect(staged.accepted).toBe(1);
    expect(staged.problems).toEqual([
      { file: 'list.json', line: 4, reason: expect.stringMatching(/not a GitHub deployment/) },
      { file: 'list.json', line: 5, reason: 'GitHub deployment 2: created_at "2026-02-30T10:00:00Z" is not a valid date and time' },
    ]);
    await engine.a.discard(staged);
  });

  it('a broken line of newline-delimited events is a problem of that line', () => {
    const good = readFileSync(join(DEPLOYMENTS, 'github-webhooks/deployment_status.payload.json'), 'utf8');
    const text = `${JSON.stringify(JSON.parse(good))}\n{"deployment_status": {\n\n`;
    const result = githubDeployments.read([{ name: 'events.ndjson', text }], CONTEXT);
    expect(result.rows).toHaveLength(1);
    expect(result.problems).toEqual([{ file: 'events.ndjson', line: 2, reason: expect.stringMatching(/^line is not valid JSON/) }]);
  });

  it('`__proto__` and `constructor` keys are plain keys: nothing is polluted, nothing inherited is read', () => {
    // Written as text: a JSON.stringify'd object literal would drop a literal __proto__ key.
    const hostile =
      '[{"__proto__": {"state": "success"}, "deployment_url": "https://api.github.com/repos/o/r/deployments/1", "id": 9},\n' +
      ' {"constructor": {"prototype": {"polluted": true}}, "__proto__": {"polluted": true}, "id": 3, "sha": "a", "task": "deploy",' +
      ' "environment": "production", "created_at": "2026-01-05T10:00:00Z", "repository_url": "https://api.github.com/repos/o/r"}]';
    const result = githubDeployments.read([{ name: 'hostile.json', text: hostile }], CONTEXT);
    // The first entry's only "state" is inside __proto__: it is not a status.
    expect(result.problems.map((p) => p.line)).toEqual([1]);
    expect(result.rows.map((r) => r.values.deployment_id)).toEqual(['github:3']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).state).toBeUndefined();
  });

  it('hostile names pass through as text', () => {
    const name = '<img src=x onerror=alert(1)>/javascript:alert(1)';
    const text = JSON.stringify({
      object_kind: 'deployment', status: 'success', status_changed_at: '2026-01-05 10:00:00 UTC', deployment_id: 1,
      environment: 'production', project: { path_with_namespace: name },
    });
    expect(gitlabDeployments.read([{ name: 'x.json', text }], CONTEXT).rows[0]!.values.service).toBe(name);
  });

  it('recognise never throws and claims no file of another kind', () => {
    const junk = ['', ' ', '[', '{', '{"a":', '[1,2', 'a,b,c\n1,2,3', '\u0000\u0001', '['.repeat(100_000), '"x"', 'null', '[null]', '[[]]'];
    for (const text of junk) {
      for (const adapter of DEPLOYMENT_FORMATS) {
        expect(adapter.recognise({ name: 'junk', text }), `${adapter.id} on ${JSON.stringify(text.slice(0, 10))}`).toBe(false);
      }
    }
    // Every other real fixture in the repository (dependency and survey formats, canonical CSVs).
    const others = [
      ...walk(REAL).filter((p) => !p.startsWith(DEPLOYMENTS)),
      ...walk(join(REAL, '../small')),
      ...walk(join(REAL, '../ui')),
    ];
    for (const path of others) {
      const file = { name: path, text: readFileSync(path, 'utf8') };
      for (const adapter of DEPLOYMENT_FORMATS) {
        expect(adapter.recognise(file), `${adapter.id} claims ${relative(REAL, path)}`).toBe(false);
      }
    }
  });
});

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.md') ? [] : [path];
  });
}
