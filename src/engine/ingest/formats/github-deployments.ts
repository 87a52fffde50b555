// GitHub deployments: the `deployment` and `deployment_status` webhook payloads (one object, or
// newline-delimited events as a webhook receiver stores them) and the REST lists
// `GET /repos/{owner}/{repo}/deployments` and `…/deployments/{id}/statuses` (JSON arrays).
//
// One canonical row per deployment id. Its statuses are merged into it: the latest decides,
// except that `inactive` (GitHub marks a deployment inactive when a newer one replaces it) never
// hides the success before it. A deployment without any status is `pending`: created, not known
// to be deployed, so SPEC's status rule leaves it out and says so.
//   service        ← repository full_name (`octo-org/payments-api`): the ownership map (or a
//                    Backstage catalog's `github.com/project-slug`) gives its domain
//   change_id      ← the commit sha: one commit deployed by repositories of different domains
//                    is a coordinated change (SPEC rule 4)
//   deployment_id  ← `github:<id>`
//   deployed_at    ← the success status's created_at, else the deployment's created_at
import type { FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  count,
  deploymentRow,
  field,
  idField,
  inFileOrder,
  isObject,
  objectField,
  peekJsonEntries,
  plausible,
  readJsonEntries,
  tally,
  textField,
  timeOrder,
  utcIso,
  type JsonObject,
} from './deployment-common.ts';

interface Deployment {
  id: string;
  sha: string | null;
  environment: string | null;
  createdAt: string | null;
  repository: string | null;
  file: string;
  line: number | null;
}

interface Status {
  deploymentId: string;
  id: number;
  state: string;
  environment: string | null;
  createdAt: string | null;
  repository: string | null;
  order: number;
  file: string;
  line: number | null;
}

type Item =
  | { kind: 'deployment'; deployment: JsonObject; repository: string | null }
  | { kind: 'status'; status: JsonObject; deployment: JsonObject | null; repository: string | null }
  | { kind: 'other-event'; event: string };

/** `owner/repo` from `https://api.github.com/repos/owner/repo[/…]` (or GitHub Enterprise's
 *  `https://host/api/v3/repos/owner/repo`). */
function repositoryOfApiUrl(url: string | null): string | null {
  if (url === null) return null;
  const m = /\/repos\/([^/?#]+\/[^/?#]+)/.exec(url);
  return m ? decodeURIComponent(m[1]!) : null;
}

function isRestDeployment(o: JsonObject): boolean {
  return (
    idField(o, 'id') !== null &&
    typeof field(o, 'sha') === 'string' &&
    typeof field(o, 'environment') === 'string' &&
    (typeof field(o, 'statuses_url') === 'string' || typeof field(o, 'task') === 'string')
  );
}

function isRestStatus(o: JsonObject): boolean {
  return typeof field(o, 'state') === 'string' && typeof field(o, 'deployment_url') === 'string';
}

function classify(value: unknown): Item | null {
  if (!isObject(value)) return null;
  const repositoryObject = objectField(value, 'repository');
  const fullName = repositoryObject ? textField(repositoryObject, 'full_name') : null;
  const status = objectField(value, 'deployment_status');
  const deployment = objectField(value, 'deployment');
  if (status && isRestStatusLike(status)) {
    return { kind: 'status', status, deployment, repository: fullName };
  }
  if (deployment && idField(deployment, 'id') !== null && repositoryObject) {
    return { kind: 'deployment', deployment, repository: fullName };
  }
  if (isRestDeployment(value)) {
    return { kind: 'deployment', deployment: value, repository: repositoryOfApiUrl(textField(value, 'repository_url') ?? textField(value, 'url')) };
  }
  if (isRestStatus(value)) {
    return { kind: 'status', status: value, deployment: null, repository: repositoryOfApiUrl(textField(value, 'repository_url') ?? textField(value, 'deployment_url')) };
  }
  // Another webhook event of the same stream (push, workflow_run…): not a deployment.
  if (!status && !deployment && repositoryObject && (objectField(value, 'sender') || typeof field(value, 'action') === 'string')) {
    return { kind: 'other-event', event: eventName(value) };
  }
  return null;
}

/** A status inside a webhook payload: it has a state (its deployment is beside it). */
function isRestStatusLike(o: JsonObject): boolean {
  return typeof field(o, 'state') === 'string';
}

function eventName(o: JsonObject): string {
  for (const key of ['workflow_run', 'workflow_job', 'check_run', 'check_suite', 'pull_request', 'release', 'pusher', 'issue']) {
    if (Object.hasOwn(o, key)) return key === 'pusher' ? 'push' : key;
  }
  return 'other';
}

function recognise(file: FormatFile): boolean {
  try {
    const entries = peekJsonEntries(file.text, 20);
    if (!entries || entries.length === 0) return false;
    const items = entries.map(classify);
    return plausible(items) && items.some((i) => i?.kind === 'deployment' || i?.kind === 'status');
  } catch {
    return false;
  }
}

function read(files: readonly FormatFile[]): FormatResult {
  const problems: FormatProblem[] = [];
  const deployments = new Map<string, Deployment>();
  const statuses = new Map<string, Status[]>();
  const firstSeen: string[] = [];
  const otherEvents: string[] = [];
  let statusCount = 0;
  let order = 0;

  const see = (id: string) => {
    if (!deployments.has(id) && !statuses.has(id)) firstSeen.push(id);
  };
  const addDeployment = (o: JsonObject, repository: string | null, file: string, line: number | null) => {
    const id = idField(o, 'id');
    if (id === null) {
      problems.push({ file, line, reason: 'a GitHub deployment without an "id"' });
      return;
    }
    see(id);
    if (deployments.has(id)) return;
    deployments.set(id, {
      id,
      sha: textField(o, 'sha'),
      environment: textField(o, 'environment'),
      createdAt: textField(o, 'created_at'),
      repository: repository ?? repositoryOfApiUrl(textField(o, 'repository_url') ?? textField(o, 'url')),
      file,
      line,
    });
  };

  for (const file of files) {
    const { entries, broken } = readJsonEntries(file, 'GitHub deployments');
    for (const b of broken) problems.push({ file: file.name, line: b.line, reason: b.reason });
    for (const { value, line } of entries) {
      const item = classify(value);
      if (item === null) {
        problems.push({
          file: file.name,
          line,
          reason: 'not a GitHub deployment, deployment status or webhook event (no "deployment", "deployment_status", "sha" or "state")',
        });
        continue;
      }
      if (item.kind === 'other-event') {
        otherEvents.push(item.event);
        continue;
      }
      if (item.kind === 'deployment') {
        addDeployment(item.deployment, item.repository, file.name, line);
        continue;
      }
      const deploymentId =
        (item.deployment ? idField(item.deployment, 'id') : null) ??
        /\/deployments\/(\d+)(?:[/?#]|$)/.exec(textField(item.status, 'deployment_url') ?? '')?.[1] ??
        null;
      if (deploymentId === null) {
        problems.push({ file: file.name, line, reason: 'a GitHub deployment status that does not say which deployment it is of (no deployment or deployment_url)' });
        continue;
      }
      if (item.deployment) addDeployment(item.deployment, item.repository, file.name, line);
      see(deploymentId);
      statusCount++;
      const list = statuses.get(deploymentId) ?? [];
      list.push({
        deploymentId,
        id: Number(idField(item.status, 'id') ?? 0) || 0,
        state: (textField(item.status, 'state') ?? '').toLowerCase(),
        environment: textField(item.status, 'environment'),
        createdAt: textField(item.status, 'created_at'),
        repository: item.repository,
        order: order++,
        file: file.name,
        line,
      });
      statuses.set(deploymentId, list);
    }
  }

  const rows = [];
  let pending = 0;
  let superseded = 0;
  let orphanStatuses = 0;
  for (const id of firstSeen) {
    const deployment = deployments.get(id) ?? null;
    const outcome = outcomeOf(statuses.get(id) ?? []);
    if (outcome?.superseded) superseded++;
    const status = outcome?.status ?? null;
    if (!status) pending++;
    if (!deployment) orphanStatuses++;
    const file = deployment?.file ?? status!.file;
    const line = deployment?.line ?? status!.line;
    const rawTime =
      (status?.state === 'success' ? status.createdAt : null) ?? deployment?.createdAt ?? status?.createdAt ?? null;
    const deployedAt = utcIso(rawTime);
    if (rawTime === null) {
      problems.push({ file, line, reason: `GitHub deployment ${id} has no created_at time` });
      continue;
    }
    if (deployedAt === null) {
      problems.push({ file, line, reason: `GitHub deployment ${id}: created_at "${rawTime.slice(0, 40)}" is not a valid date and time` });
      continue;
    }
    rows.push(
      deploymentRow(
        {
          deployed_at: deployedAt,
          service: deployment?.repository ?? status?.repository ?? null,
          deployment_id: `github:${id}`,
          change_id: deployment?.sha ?? null,
          status: status?.state || 'pending',
          environment: deployment?.environment ?? status?.environment ?? null,
        },
        file,
        line,
      ),
    );
  }

  const notes: string[] = [];
  const repositories = new Set(rows.map((r) => r.values.service).filter((s): s is string => s !== null));
  notes.push(
    `${count(rows.length, 'GitHub deployment')} from ${count(repositories.size, 'repository', 'repositories')}` +
      ` (${[...repositories].slice(0, 5).join(', ')}${repositories.size > 5 ? ', …' : ''}); repositories map to domains` +
      ' through the ownership map (or a Backstage catalog\'s github.com/project-slug annotation)',
  );
  if (statusCount > 0) {
    notes.push(
      `${count(statusCount, 'deployment status', 'deployment statuses')} merged into ${statusCount === 1 ? 'its deployment' : 'their deployments'} by deployment id: the latest decides the outcome` +
        (superseded > 0 ? `; ${count(superseded, 'deployment was', 'deployments were')} later marked inactive (replaced by a newer one), which keeps the success before it` : ''),
    );
  }
  if (pending > 0) {
    notes.push(
      `${count(pending, 'deployment has', 'deployments have')} no status, only its creation: ${pending === 1 ? 'it counts' : 'they count'} as "pending", not deployed.` +
        ' Add the deployment_status events, or the list GET /repos/{owner}/{repo}/deployments/{id}/statuses',
    );
  }
  if (orphanStatuses > 0) {
    notes.push(
      `${count(orphanStatuses, 'deployment is', 'deployments are')} known only from ${orphanStatuses === 1 ? 'its' : 'their'} statuses: no commit, so ${orphanStatuses === 1 ? 'it' : 'they'} cannot share a change with another repository`,
    );
  }
  if (rows.length > 0) {
    notes.push(`Environments: ${tally(rows.map((r) => r.values.environment))}; only production ones (prod, production, prd, live) count`);
    notes.push('A commit deployed by repositories of different domains counts as a coordinated change; otherwise a deployment is independent');
  }
  if (otherEvents.length > 0) {
    notes.push(`${count(otherEvents.length, 'other GitHub event')} skipped (${tally(otherEvents)}): not deployments`);
  }
  return { rows: inFileOrder(rows, files), problems, notes };
}

/** The status that decides a deployment's outcome: the latest, but an `inactive` never hides
 *  an earlier success (GitHub marks the previous deployment inactive when a new one succeeds). */
function outcomeOf(list: readonly Status[]): { status: Status; superseded: boolean } | null {
  if (list.length === 0) return null;
  const sorted = [...list].sort(
    (a, b) => timeOrder(utcIso(a.createdAt)) - timeOrder(utcIso(b.createdAt)) || a.id - b.id || a.order - b.order,
  );
  const latest = sorted[sorted.length - 1]!;
  const decisive = [...sorted].reverse().find((s) => s.state !== 'inactive') ?? latest;
  return { status: decisive, superseded: latest.state === 'inactive' && decisive.state === 'success' };
}

export const githubDeployments: FormatAdapter = {
  id: 'github-deployments',
  label: 'GitHub deployments',
  kind: 'deployments',
  recognise,
  read,
};
