// Apache DevLake's deployment tables, exported as CSV from its database and read together:
// `cicd_deployment_commits` (one row per commit a deployment shipped, with its repository),
// `cicd_deployments` (one row per deployment) and `project_mapping` (DevLake projects → the CI
// scopes, repositories and boards they hold). Each is recognised by its header.
//
// One canonical row per (deployment, repository), from cicd_deployment_commits as DevLake's own
// DORA metrics count it; several commit rows of one repository in one deployment are one row,
// the latest to finish deciding (a retried job that succeeded is a success).
//   service        ← the repository: `group/project` of repo_url (or repo_url / repo_id as given)
//   change_id      ← `devlake:<deployment id>`, shared by the rows of one deployment: a
//                    deployment spanning repositories of different domains is coordinated by
//                    SPEC's shared-change rule; repositories of one domain stay independent
//   deployment_id  ← `devlake:<deployment id>:<repository>`
//   status         ← result (SUCCESS → success); no result yet → the DevLake status (in_progress…)
//   environment    ← environment (PRODUCTION → production); DevLake leaves it empty when its
//                    rules did not classify the job, and its DORA metrics then do not count it:
//                    it becomes `unclassified` here, which SPEC's environment rule leaves out
//   deployed_at    ← finished_date, else started_date, else created_date (UTC unless written)
// Domain: the repository's owner in the ownership map (the row's domain is left empty and the
// SQL resolves the repository); where the map does not name the repository, the DevLake project
// of the deployment's CI scope (project_mapping, table `cicd_scopes`; or the repository's own,
// table `repos`) stands for the domain. DevLake projects group pipelines the way teams do, and
// without an ownership map they are the only domain-like grouping the tables hold. The adapter
// sees the ownership map only where the engine passes it as `context.owners`; without it the
// project decides for every mapped row.
// A deployment in cicd_deployments without commit rows is one row of its own (no repository).
import Papa from 'papaparse';
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatContext, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import { count, deploymentRow, inFileOrder, ownerLookup, repositoryPathOfUrl, tally, timeOrder, utcIso } from './deployment-common.ts';

type TableKind = 'commits' | 'deployments' | 'projects';

interface TableRow {
  line: number;
  get(column: string): string | null;
}

const DELIMITERS = [',', ';', '\t', '|'];

function headerOf(text: string): { fields: string[]; delimiter: string } | null {
  const head = text.replace(/^\uFEFF/, '').slice(0, 16 * 1024);
  const parsed = Papa.parse<string[]>(head, { preview: 1, delimitersToGuess: DELIMITERS, skipEmptyLines: true });
  const first = parsed.data[0];
  if (!Array.isArray(first) || first.length < 3) return null;
  return { fields: first.map((f) => String(f).trim().toLowerCase()), delimiter: parsed.meta.delimiter };
}

function kindOf(fields: readonly string[]): TableKind | null {
  const has = (...names: string[]) => names.every((n) => fields.includes(n));
  const any = (...names: string[]) => names.some((n) => fields.includes(n));
  if (has('project_name', 'table', 'row_id')) return 'projects';
  const timed = any('finished_date', 'started_date', 'created_date');
  if (has('cicd_deployment_id', 'commit_sha', 'result', 'environment') && any('repo_url', 'repo_id') && timed) return 'commits';
  if (has('id', 'cicd_scope_id', 'result', 'environment') && timed && !any('cicd_deployment_id', 'commit_sha')) return 'deployments';
  return null;
}

function recognise(file: FormatFile): boolean {
  try {
    const first = file.text.trimStart()[0];
    if (first === undefined || first === '{' || first === '[') return false;
    const header = headerOf(file.text);
    return header !== null && kindOf(header.fields) !== null;
  } catch {
    return false;
  }
}

/** Every data row of a DevLake CSV with its line (quoted line breaks counted). */
function readTable(file: FormatFile, problems: FormatProblem[]): { kind: TableKind; rows: TableRow[] } {
  const text = file.text.replace(/^\uFEFF/, '');
  const header = headerOf(text);
  const kind = header ? kindOf(header.fields) : null;
  if (!header || !kind) throw new InputFileError(file.name, 'is not a DevLake cicd_deployments, cicd_deployment_commits or project_mapping table', 1);
  const seen = new Set<string>();
  for (const f of header.fields) {
    if (f === '') throw new InputFileError(file.name, 'the header has a column without a name', 1);
    if (seen.has(f)) throw new InputFileError(file.name, `the header names column "${f}" twice`, 1);
    seen.add(f);
  }
  const index = new Map(header.fields.map((f, i) => [f, i]));
  const rows: TableRow[] = [];
  let line = 1;
  let cursor = 0;
  let first = true;
  let fatal: string | null = null;
  Papa.parse<string[]>(text, {
    delimiter: header.delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      const end = result.meta.cursor;
      for (let i = cursor; i < end && i < text.length; i++) if (text[i] === '\n') line++;
      cursor = end;
      if (first) {
        first = false;
        return;
      }
      const cells = result.data;
      if (cells.length === 1 && (cells[0] ?? '').trim() === '') return;
      if (result.errors.some((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes')) {
        fatal ??= `line ${startLine} has a quote that is never closed`;
        return;
      }
      if (cells.length !== header.fields.length) {
        problems.push({ file: file.name, line: startLine, reason: `the row has ${cells.length} values; the header has ${header.fields.length}` });
        return;
      }
      rows.push({
        line: startLine,
        get(column) {
          const at = index.get(column);
          const value = at === undefined ? undefined : cells[at];
          return value === undefined || value.trim() === '' ? null : value.trim();
        },
      });
    },
  });
  if (fatal !== null) throw new InputFileError(file.name, `is not a readable CSV: ${fatal}`);
  return { kind, rows };
}

/** The repository a commit row names: `group/project` of a URL, else as written. */
function repositoryOf(row: TableRow): string | null {
  const url = row.get('repo_url');
  if (url !== null) return repositoryPathOfUrl(url) ?? url.replace(/\.git$/, '');
  return row.get('repo_id');
}

function statusOf(row: TableRow): string {
  const result = row.get('result');
  if (result !== null) return result.toLowerCase();
  const status = row.get('status');
  return status !== null && status.toUpperCase() !== 'DONE' ? status.toLowerCase() : 'unknown';
}

function environmentOf(row: TableRow): string {
  return row.get('environment')?.toLowerCase() ?? 'unclassified';
}

function rawTimeOf(row: TableRow): { column: string; value: string } | null {
  for (const column of ['finished_date', 'started_date', 'created_date']) {
    const value = row.get(column);
    if (value !== null) return { column, value };
  }
  return null;
}

interface Shipped {
  deployment: string;
  repository: string | null;
  scope: string | null;
  repoId: string | null;
  row: TableRow;
  file: string;
  deployedAt: string;
}

function read(files: readonly FormatFile[], context: FormatContext): FormatResult {
  const problems: FormatProblem[] = [];
  const tables = files.map((file) => ({ file, ...readTable(file, problems) }));
  const of = (kind: TableKind) => tables.filter((t) => t.kind === kind);
  const commitTables = of('commits');
  const deploymentTables = of('deployments');
  const projectTables = of('projects');
  if (commitTables.length === 0 && deploymentTables.length === 0) {
    throw new InputFileError(
      projectTables[0]?.file.name ?? files[0]?.name ?? 'DevLake tables',
      'is DevLake\'s project_mapping: it maps projects to CI scopes and repositories but holds no deployment. Load it together with cicd_deployment_commits (or cicd_deployments)',
    );
  }

  // project_mapping: CI scope → project, repository id → project (first row wins).
  const projectOf = { cicd_scopes: new Map<string, string[]>(), repos: new Map<string, string[]>() };
  for (const table of projectTables) {
    for (const row of table.rows) {
      const project = row.get('project_name');
      const kind = row.get('table');
      const id = row.get('row_id');
      if (project === null || kind === null || id === null) {
        problems.push({ file: table.file.name, line: row.line, reason: 'a project_mapping row needs project_name, table and row_id' });
        continue;
      }
      if (kind !== 'cicd_scopes' && kind !== 'repos') continue;
      const list = projectOf[kind].get(id) ?? [];
      if (!list.includes(project)) list.push(project);
      projectOf[kind].set(id, list);
    }
  }

  const timeOf = (row: TableRow, file: string, what: string): string | null => {
    const raw = rawTimeOf(row);
    if (raw === null) {
      problems.push({ file, line: row.line, reason: `${what} has no finished_date, started_date or created_date` });
      return null;
    }
    const iso = utcIso(raw.value);
    if (iso === null) problems.push({ file, line: row.line, reason: `${raw.column} "${raw.value.slice(0, 40)}" is not a valid date and time` });
    return iso;
  };

  // Commit rows, grouped by (deployment, repository) in order of first appearance.
  const groups = new Map<string, Shipped[]>();
  let commitRows = 0;
  for (const table of commitTables) {
    for (const row of table.rows) {
      commitRows++;
      const deployment = row.get('cicd_deployment_id');
      if (deployment === null) {
        problems.push({ file: table.file.name, line: row.line, reason: 'cicd_deployment_id is empty' });
        continue;
      }
      const deployedAt = timeOf(row, table.file.name, `commit row of deployment ${deployment}`);
      if (deployedAt === null) continue;
      const repository = repositoryOf(row);
      const key = `${deployment}\u0000${repository ?? ''}`;
      const list = groups.get(key) ?? [];
      list.push({ deployment, repository, scope: row.get('cicd_scope_id'), repoId: row.get('repo_id'), row, file: table.file.name, deployedAt });
      groups.set(key, list);
    }
  }
  const withCommits = new Set([...groups.values()].map((g) => g[0]!.deployment));

  // Deployments without commit rows stand alone (no repository).
  const scopeOfDeployment = new Map<string, string>();
  let deploymentRows = 0;
  let covered = 0;
  for (const table of deploymentTables) {
    for (const row of table.rows) {
      deploymentRows++;
      const id = row.get('id');
      if (id === null) {
        problems.push({ file: table.file.name, line: row.line, reason: 'id is empty' });
        continue;
      }
      const scope = row.get('cicd_scope_id');
      if (scope !== null && !scopeOfDeployment.has(id)) scopeOfDeployment.set(id, scope);
      if (withCommits.has(id)) {
        covered++;
        continue;
      }
      const deployedAt = timeOf(row, table.file.name, `deployment ${id}`);
      if (deployedAt === null) continue;
      const key = `${id}\u0000`;
      if (groups.has(key)) continue; // the same deployment listed twice: the first row wins
      groups.set(key, [{ deployment: id, repository: null, scope, repoId: null, row, file: table.file.name, deployedAt }]);
    }
  }

  const owner = ownerLookup(context);
  const rows: CanonicalRow[] = [];
  const projectRows: string[] = [];
  let ownedRows = 0;
  const ambiguous = new Set<string>();
  let unmapped = 0;
  const deployments = new Set<string>();
  const repositories = new Set<string>();
  for (const group of groups.values()) {
    const latest = [...group].sort((a, b) => timeOrder(a.deployedAt) - timeOrder(b.deployedAt) || a.row.line - b.row.line).pop()!;
    const first = group[0]!;
    const { deployment, repository } = first;
    deployments.add(deployment);
    if (repository !== null) repositories.add(repository);
    const scope = first.scope ?? scopeOfDeployment.get(deployment) ?? null;
    const candidates =
      (scope !== null ? projectOf.cicd_scopes.get(scope) : undefined) ??
      (first.repoId !== null ? projectOf.repos.get(first.repoId) : undefined) ??
      [];
    if (candidates.length > 1) ambiguous.add(`${scope ?? first.repoId} (${candidates.join(', ')})`);
    const project = candidates[0] ?? null;
    let domain: string | null = null;
    if (repository !== null && owner !== null && owner(repository) !== null) ownedRows++;
    else if (project !== null) {
      domain = project;
      projectRows.push(project);
    } else if (projectTables.length > 0) unmapped++;
    rows.push(
      deploymentRow(
        {
          deployed_at: latest.deployedAt,
          domain,
          service: repository,
          deployment_id: repository === null ? `devlake:${deployment}` : `devlake:${deployment}:${repository}`,
          change_id: `devlake:${deployment}`,
          status: statusOf(latest.row),
          environment: environmentOf(latest.row),
        },
        first.file,
        first.row.line,
      ),
    );
  }

  const notes: string[] = [];
  const spanning = new Map<string, number>();
  for (const r of rows) spanning.set(r.values.change_id!, (spanning.get(r.values.change_id!) ?? 0) + 1);
  const multi = [...spanning.values()].filter((n) => n > 1).length;
  if (commitTables.length > 0) {
    notes.push(
      `${count(commitRows, 'commit row')} of ${count(deployments.size, 'DevLake deployment')} across ${count(repositories.size, 'repository', 'repositories')}` +
        ` became ${count(rows.length, 'deployment row')}, one per deployment and repository` +
        (multi > 0 ? `; ${count(multi, 'deployment spans', 'deployments span')} several repositories` : '') +
        '. The repositories of one deployment share its id as change id: repositories of different domains make it coordinated, of one domain independent',
    );
  }
  if (deploymentTables.length > 0) {
    const alone = deploymentRows - covered;
    notes.push(
      `cicd_deployments: ${count(deploymentRows, 'deployment')}` +
        (covered > 0 ? `; ${covered === deploymentRows ? 'all' : covered} also in cicd_deployment_commits, which decides (as in DevLake's DORA metrics)` : '') +
        (alone > 0 && commitTables.length > 0 ? `; ${count(alone, 'deployment has', 'deployments have')} no commit rows` : '') +
        (alone > 0 ? `. Without commit rows a deployment does not say which repository it changed: its domain can only come from its DevLake project${commitTables.length === 0 ? '. Load cicd_deployment_commits with it' : ''}` : ''),
    );
  }
  if (projectTables.length > 0) {
    notes.push(
      projectRows.length > 0
        ? `project_mapping: the DevLake project of a deployment's CI scope stands for its domain${owner === null ? '' : ' where the ownership map does not name the repository'}: ${tally(projectRows)}`
        : 'project_mapping: no deployment belongs to a mapped CI scope or repository',
    );
    if (unmapped > 0) notes.push(`${count(unmapped, 'row belongs', 'rows belong')} to no DevLake project: the ownership map decides ${unmapped === 1 ? 'its' : 'their'} domain`);
    if (ambiguous.size > 0) notes.push(`In several DevLake projects (the first counts): ${[...ambiguous].slice(0, 5).join('; ')}`);
  } else {
    notes.push('Repositories map to domains through the ownership map (no project_mapping was read with these tables)');
  }
  if (ownedRows > 0) {
    notes.push(`${count(ownedRows, 'row takes', 'rows take')} ${ownedRows === 1 ? 'its' : 'their'} domain from the ownership map, which names ${ownedRows === 1 ? 'its repository' : 'their repositories'}`);
  }
  if (rows.length > 0) {
    notes.push(
      `Results: ${tally(rows.map((r) => r.values.status))}; environments: ${tally(rows.map((r) => r.values.environment))}.` +
        ' As in DevLake, only a success in production counts ("unclassified": DevLake did not classify the environment)',
    );
  }
  return { rows: inFileOrder(rows, files), problems, notes };
}

export const devlakeDeployments: FormatAdapter = {
  id: 'devlake-deployments',
  label: 'Apache DevLake deployments',
  kind: 'deployments',
  recognise,
  read,
};
