// GitLab deployments: the API list `GET /projects/:id/deployments` (a JSON array), the
// deployment webhook (`object_kind: "deployment"`) and the pipeline webhook
// (`object_kind: "pipeline"`), one object or newline-delimited events.
//
// One canonical row per deployment id; webhook events of one deployment (running, then
// success) and API entries merge by id, the latest status change deciding.
//   service        ← project.path_with_namespace (the API list does not carry it: it is read
//                    from the deployable's pipeline or job URL)
//   change_id      ← the commit sha (a commit deployed by projects of different domains is a
//                    coordinated change)
//   deployment_id  ← `gitlab:<deployment id>`
//   deployed_at    ← status_changed_at (webhook); the job's finish for a success, else the
//                    deployment's creation (API). GitLab writes `2021-04-28 21:50:00 +0200` or
//                    `2016-08-12 15:23:28 UTC`: converted to ISO 8601 here.
//
// A pipeline event is a deployment only through its deployment jobs: builds with an
// `environment` whose action is `start`. Each is a row (`gitlab:job:<job id>`), unless a
// deployment event read with it names that job (`deployable_id`): then they are one deployment.
// A pipeline triggered from another project (multi-project pipeline: `source_pipeline`) deploys
// on that project's behalf: its deployments get `coordinated_with` = the upstream project's
// path, which the ownership map resolves to a domain (same domain → still independent).
// A pipeline with no deployment job is a CI run, not a deployment: skipped, and said so.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
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
  repositoryPathOfUrl,
  tally,
  textField,
  timeOrder,
  utcIso,
  type JsonObject,
} from './deployment-common.ts';

type Item =
  | { kind: 'deployment-event' | 'api-deployment' | 'pipeline'; value: JsonObject }
  | { kind: 'other-event'; event: string };

function isApiDeployment(o: JsonObject): boolean {
  const environment = objectField(o, 'environment');
  return (
    idField(o, 'id') !== null &&
    typeof field(o, 'iid') === 'number' &&
    typeof field(o, 'sha') === 'string' &&
    typeof field(o, 'status') === 'string' &&
    environment !== null &&
    typeof field(environment, 'name') === 'string' &&
    Object.hasOwn(o, 'deployable')
  );
}

function classify(value: unknown): Item | null {
  if (!isObject(value)) return null;
  const kind = field(value, 'object_kind');
  if (kind === 'deployment' && idField(value, 'deployment_id') !== null) return { kind: 'deployment-event', value };
  if (kind === 'pipeline' && objectField(value, 'object_attributes')) return { kind: 'pipeline', value };
  if (typeof kind === 'string' && kind !== 'deployment' && kind !== 'pipeline' && objectField(value, 'project')) {
    return { kind: 'other-event', event: kind };
  }
  if (kind === undefined && isApiDeployment(value)) return { kind: 'api-deployment', value };
  return null;
}

function recognise(file: FormatFile): boolean {
  try {
    const entries = peekJsonEntries(file.text, 20);
    if (!entries || entries.length === 0) return false;
    const items = entries.map(classify);
    return plausible(items) && items.some((i) => i !== null && i.kind !== 'other-event');
  } catch {
    return false;
  }
}

/** One deployment as one source saw it; merged by id (the latest `observedAt` wins). */
interface Sighting {
  id: string;
  jobId: string | null;
  service: string | null;
  status: string;
  environment: string | null;
  sha: string | null;
  rawTime: string | null;
  observedAt: number;
  order: number;
  file: string;
  line: number | null;
}

interface DeploymentJob extends Sighting {
  upstream: string | null;
  pipelineId: string | null;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

function shaOfCommitUrl(url: string | null): string | null {
  const last = url?.split(/[/?#]/).filter((p) => p !== '').pop() ?? null;
  return last !== null && FULL_SHA.test(last) ? last.toLowerCase() : null;
}

function projectPath(o: JsonObject): string | null {
  const project = objectField(o, 'project');
  return project ? textField(project, 'path_with_namespace') : null;
}

function fromDeploymentEvent(o: JsonObject, order: number, file: string, line: number | null): Sighting {
  const rawTime = textField(o, 'status_changed_at');
  return {
    id: idField(o, 'deployment_id')!,
    jobId: idField(o, 'deployable_id'),
    service: projectPath(o) ?? repositoryPathOfUrl(textField(o, 'deployable_url')),
    status: (textField(o, 'status') ?? '').toLowerCase(),
    environment: textField(o, 'environment'),
    sha: shaOfCommitUrl(textField(o, 'commit_url')) ?? textField(o, 'short_sha'),
    rawTime,
    observedAt: timeOrder(utcIso(rawTime)),
    order,
    file,
    line,
  };
}

function fromApiDeployment(o: JsonObject, order: number, file: string, line: number | null): Sighting {
  const deployable = objectField(o, 'deployable');
  const pipeline = deployable ? objectField(deployable, 'pipeline') : null;
  const status = (textField(o, 'status') ?? '').toLowerCase();
  const finished =
    textField(o, 'finished_at') ?? (deployable ? textField(deployable, 'finished_at') : null) ?? textField(o, 'updated_at');
  const rawTime = status === 'success' ? (finished ?? textField(o, 'created_at')) : textField(o, 'created_at');
  return {
    id: idField(o, 'id')!,
    jobId: deployable ? idField(deployable, 'id') : null,
    service:
      repositoryPathOfUrl(pipeline ? textField(pipeline, 'web_url') : null) ??
      repositoryPathOfUrl(deployable ? textField(deployable, 'web_url') : null),
    status,
    environment: textField(objectField(o, 'environment')!, 'name'),
    sha: textField(o, 'sha'),
    rawTime,
    observedAt: timeOrder(utcIso(textField(o, 'updated_at') ?? rawTime)),
    order,
    file,
    line,
  };
}

/** The project a pipeline was triggered from, when it is another project. */
function upstreamOf(o: JsonObject, own: string | null): { upstream: string | null; unnamed: boolean } {
  const source = objectField(o, 'source_pipeline');
  const upstream = source ? projectPath(source) : null;
  if (upstream !== null) {
    return { upstream: own !== null && upstream.toLowerCase() === own.toLowerCase() ? null : upstream, unnamed: false };
  }
  const attributes = objectField(o, 'object_attributes')!;
  return { upstream: null, unnamed: textField(attributes, 'source') === 'pipeline' };
}

function deploymentJobs(o: JsonObject, order: () => number, file: string, line: number | null): DeploymentJob[] {
  const attributes = objectField(o, 'object_attributes')!;
  const service = projectPath(o);
  const { upstream } = upstreamOf(o, service);
  const builds = field(o, 'builds');
  if (!Array.isArray(builds)) return [];
  const jobs: DeploymentJob[] = [];
  for (const build of builds) {
    if (!isObject(build)) continue;
    const environment = objectField(build, 'environment');
    const action = environment ? textField(environment, 'action') : null;
    const name = environment ? textField(environment, 'name') : null;
    const jobId = idField(build, 'id');
    if (name === null || jobId === null || (action !== null && action !== 'start')) continue;
    const status = (textField(build, 'status') ?? '').toLowerCase();
    const created = textField(build, 'created_at') ?? textField(attributes, 'created_at');
    const rawTime =
      status === 'success'
        ? (textField(build, 'finished_at') ?? textField(attributes, 'finished_at') ?? textField(build, 'started_at') ?? created)
        : created;
    jobs.push({
      id: `job:${jobId}`,
      jobId,
      service,
      status,
      environment: name,
      sha: textField(attributes, 'sha'),
      rawTime,
      observedAt: timeOrder(utcIso(rawTime)),
      order: order(),
      file,
      line,
      upstream,
      pipelineId: idField(attributes, 'id'),
    });
  }
  return jobs;
}

function read(files: readonly FormatFile[]): FormatResult {
  const problems: FormatProblem[] = [];
  const sightings = new Map<string, Sighting[]>();
  const jobs: DeploymentJob[] = [];
  const otherEvents: string[] = [];
  let order = 0;
  let pipelines = 0;
  let idlePipelines = 0;
  let unnamedUpstream = 0;
  const triggered = new Set<string>();
  const next = () => order++;

  for (const file of files) {
    const { entries, broken } = readJsonEntries(file, 'GitLab deployments');
    for (const b of broken) problems.push({ file: file.name, line: b.line, reason: b.reason });
    for (const { value, line } of entries) {
      const item = classify(value);
      if (item === null) {
        problems.push({
          file: file.name,
          line,
          reason: 'not a GitLab deployment (API), deployment event or pipeline event (no "object_kind", or no "id", "iid", "sha", "status" and "environment")',
        });
        continue;
      }
      if (item.kind === 'other-event') {
        otherEvents.push(item.event);
        continue;
      }
      if (item.kind === 'pipeline') {
        pipelines++;
        const own = projectPath(item.value);
        const { upstream, unnamed } = upstreamOf(item.value, own);
        const found = deploymentJobs(item.value, next, file.name, line);
        if (found.length === 0) idlePipelines++;
        else {
          if (upstream !== null) triggered.add(`${own ?? '?'} ← ${upstream}`);
          if (unnamed) unnamedUpstream++;
        }
        jobs.push(...found);
        continue;
      }
      const sighting =
        item.kind === 'deployment-event'
          ? fromDeploymentEvent(item.value, next(), file.name, line)
          : fromApiDeployment(item.value, next(), file.name, line);
      const list = sightings.get(sighting.id) ?? [];
      list.push(sighting);
      sightings.set(sighting.id, list);
    }
  }

  // Deployment jobs of pipelines, by job id: a deployment that names its job takes the
  // pipeline's upstream project; a job no deployment names is a deployment of its own.
  const jobById = new Map(jobs.map((j) => [j.jobId!, j]));
  const matchedJobs = new Set<string>();
  const rows: CanonicalRow[] = [];
  let merged = 0;
  const add = (s: Sighting, deploymentId: string, upstream: string | null) => {
    const deployedAt = utcIso(s.rawTime);
    if (s.rawTime === null) {
      problems.push({ file: s.file, line: s.line, reason: `GitLab deployment ${s.id} has no time (status_changed_at, finished_at or created_at)` });
      return;
    }
    if (deployedAt === null) {
      problems.push({ file: s.file, line: s.line, reason: `GitLab deployment ${s.id}: time "${s.rawTime.slice(0, 40)}" is not a valid date and time` });
      return;
    }
    rows.push(
      deploymentRow(
        {
          deployed_at: deployedAt,
          service: s.service,
          deployment_id: deploymentId,
          change_id: s.sha,
          coordinated_with: upstream,
          status: s.status || 'unknown',
          environment: s.environment,
        },
        s.file,
        s.line,
      ),
    );
  };
  for (const [id, list] of sightings) {
    if (list.length > 1) merged += list.length - 1;
    const latest = [...list].sort((a, b) => a.observedAt - b.observedAt || a.order - b.order).pop()!;
    const first = list[0]!;
    const jobId = list.map((s) => s.jobId).find((j) => j !== null) ?? null;
    const job = jobId !== null ? jobById.get(jobId) : undefined;
    if (job) matchedJobs.add(job.jobId!);
    add(
      { ...latest, file: first.file, line: first.line, service: latest.service ?? list.find((s) => s.service)?.service ?? null, sha: latest.sha ?? list.find((s) => s.sha)?.sha ?? null },
      `gitlab:${id}`,
      job?.upstream ?? null,
    );
  }
  for (const job of jobs) {
    if (!matchedJobs.has(job.jobId!)) add(job, `gitlab:${job.id}`, job.upstream);
  }

  if (rows.length === 0 && problems.length === 0 && pipelines > 0 && idlePipelines === pipelines) {
    throw new InputFileError(
      files.length === 1 ? files[0]!.name : `${files.length} GitLab files`,
      `holds ${count(pipelines, 'GitLab pipeline event')} and no deployment: no job of ${pipelines === 1 ? 'the pipeline' : 'any pipeline'} deploys to an environment, so it records a CI run, not a deployment. Load the deployment events (object_kind "deployment") or GET /projects/:id/deployments instead`,
    );
  }

  const notes: string[] = [];
  const projects = new Set(rows.map((r) => r.values.service).filter((s): s is string => s !== null));
  notes.push(
    `${count(rows.length, 'GitLab deployment')} from ${count(projects.size, 'project')}` +
      ` (${[...projects].slice(0, 5).join(', ')}${projects.size > 5 ? ', …' : ''}); projects map to domains through the ownership map` +
      ' (or a Backstage catalog\'s gitlab.com/project-slug annotation)',
  );
  const noProject = rows.filter((r) => r.values.service === null).length;
  if (noProject > 0) {
    notes.push(`${count(noProject, 'deployment does', 'deployments do')} not say ${noProject === 1 ? 'its' : 'their'} project (no pipeline or job URL): ${noProject === 1 ? 'it counts' : 'they count'} under "unassigned"`);
  }
  if (merged > 0) notes.push(`${count(merged, 'later status change')} merged into ${merged === 1 ? 'its deployment' : 'their deployments'} by deployment id: the latest decides`);
  if (pipelines > 0) {
    const deploying = pipelines - idlePipelines;
    notes.push(
      `${count(pipelines, 'pipeline event')}: ${count(deploying, 'deploys', 'deploy')} through ${count(jobs.length, 'deployment job')} (jobs with an environment)` +
        (idlePipelines > 0 ? `; ${count(idlePipelines, 'pipeline deploys', 'pipelines deploy')} nothing and ${idlePipelines === 1 ? 'was' : 'were'} skipped` : '') +
        (matchedJobs.size > 0 ? `; ${count(matchedJobs.size, 'job is', 'jobs are')} the same deployment as a deployment event read with ${matchedJobs.size === 1 ? 'it' : 'them'}` : ''),
    );
  }
  if (triggered.size > 0) {
    notes.push(
      `Triggered from another project (multi-project pipeline): ${[...triggered].slice(0, 5).join('; ')}. These deployments count as coordinated with the upstream project's domain (through the ownership map; an unmapped project name counts as a domain of its own); the same domain stays independent`,
    );
  }
  if (unnamedUpstream > 0) {
    notes.push(`${count(unnamedUpstream, 'pipeline was', 'pipelines were')} triggered by another pipeline without saying which project (no source_pipeline): counted as independent`);
  }
  if (rows.length > 0) {
    notes.push(`Environments: ${tally(rows.map((r) => r.values.environment))}; only production ones (prod, production, prd, live) count`);
  }
  if (otherEvents.length > 0) notes.push(`${count(otherEvents.length, 'other GitLab event')} skipped (${tally(otherEvents)}): not deployments`);
  return { rows: inFileOrder(rows, files), problems, notes };
}

export const gitlabDeployments: FormatAdapter = {
  id: 'gitlab-deployments',
  label: 'GitLab deployments',
  kind: 'deployments',
  recognise,
  read,
};
