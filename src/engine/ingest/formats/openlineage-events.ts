// OpenLineage run events → dependency rows. Files hold a JSON array of events, one event, events
// one per line (the file transport), or Marquez's `{"events": [...]}`; all files are read
// together. Events are merged by `run.runId` (START, RUNNING and COMPLETE of one run add up), and
// runs by job: a job reads its runs' inputs and writes their outputs.
//
// Edges, all kind `lineage`, consumer first (the consumer depends on the producer):
//   - job B reads a dataset that job A writes → `job:<ns>:<B>` → `job:<ns>:<A>`;
//   - job B reads a dataset that no job in the events writes → `job:<ns>:<B>` →
//     `dataset:<ns>:<name>` (an outside source: its owner is a domain too).
// A job reading what it writes itself is no dependency.
// Domains: a job's `ownership` facet (`owners[0].name`, a `team:`/`group:` prefix dropped), else
// its namespace. A dataset: its `ownership` facet, else its namespace, unless the namespace is a
// data source address (`postgres://…`, `s3://…`, `bigquery`): then the domain is left empty for
// the ownership map to place by the dataset's asset name.
// A facet on its own (the spec's test fragments) is not an event: refused with that reason.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  type Fields,
  LineIndex,
  checkNesting,
  field,
  fieldsOf,
  fileLabel,
  firstChar,
  head,
  isFields,
  keysOf,
  listOf,
  listSome,
  plural,
  readJson,
  refuseEmpty,
  text,
  textOf,
  topLevelItemOffsets,
} from './structured-input.ts';

const EVENT_HINT = /"eventTime"\s*:/;
const RUN_OR_JOB_HINT = /"(?:runId|job)"\s*:/;
const FACET_HINT = /"_schemaURL"\s*:\s*"https?:\/\/openlineage\.io\/spec\//;
/** Namespaces that name a data source, not an owner (OpenLineage's naming conventions). */
const DATA_SOURCE_NAMESPACE = /:\/\/|^(?:bigquery|file|dbfs|hdfs|s3|gs|abfss|wasbs)$/i;

interface Dataset {
  namespace: string;
  name: string;
  owner: string | null;
}

interface Event {
  runKey: string;
  eventType: string;
  job: Dataset;
  inputs: Dataset[];
  outputs: Dataset[];
}

interface Job {
  key: string;
  namespace: string;
  name: string;
  owner: string | null;
  /** Dataset key → where the job was first seen reading it. */
  inputs: Map<string, { file: string; line: number | null }>;
  outputs: Set<string>;
}

export const openLineageEvents: FormatAdapter = {
  id: 'openlineage-events',
  label: 'OpenLineage events',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      const start = head(file);
      const c = firstChar(start);
      if (c !== '{' && c !== '[') return false;
      return (EVENT_HINT.test(start) && RUN_OR_JOB_HINT.test(start)) || FACET_HINT.test(start);
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const problems: FormatProblem[] = [];
    const events: { event: Event; file: string; line: number | null }[] = [];
    const refusals: InputFileError[] = [];
    let datasetEvents = 0;
    for (const file of files) {
      let found = 0;
      let fragment: string | null = null;
      items(file).forEach(({ value, line }, i) => {
        const event = asEvent(value, `${file.name}#${i}`);
        if (event) {
          events.push({ event, file: file.name, line });
          found++;
        } else if (isFields(value) && fieldsOf(value, 'dataset') && !field(value, 'job')) {
          datasetEvents++;
          found++;
        } else {
          const facets = facetNames(value);
          if (facets.length > 0) fragment = facets.join(', ');
          else problems.push({ file: file.name, line, reason: `entry ${i + 1} is not an OpenLineage event (it names no job)` });
        }
      });
      if (found === 0) {
        refusals.push(
          new InputFileError(
            file.name,
            fragment !== null
              ? `is an OpenLineage facet (${fragment}) on its own: a part of an event, not a run event. Export the run events themselves (the OpenLineage file transport, or Marquez's /api/v1/events/lineage)`
              : 'holds no OpenLineage run event',
          ),
        );
      }
    }
    if (events.length === 0) throw refusals[0] ?? new InputFileError(fileLabel(files, 'OpenLineage events'), 'holds no OpenLineage run event');
    for (const r of refusals) problems.push({ file: r.fileName, line: r.line, reason: r.reason });

    // Runs by run id, then jobs by namespace and name.
    const runs = new Map<string, { jobKey: string }>();
    const jobs = new Map<string, Job>();
    const datasets = new Map<string, Dataset>();
    const eventTypes = new Map<string, number>();
    for (const { event, file, line } of events) {
      eventTypes.set(event.eventType, (eventTypes.get(event.eventType) ?? 0) + 1);
      const jobKey = `${event.job.namespace}:${event.job.name}`;
      const run = runs.get(event.runKey) ?? { jobKey };
      runs.set(event.runKey, run);
      let job = jobs.get(run.jobKey);
      if (!job) {
        job = { key: run.jobKey, namespace: event.job.namespace, name: event.job.name, owner: null, inputs: new Map(), outputs: new Set() };
        jobs.set(run.jobKey, job);
      }
      job.owner ??= event.job.owner;
      for (const d of [...event.inputs, ...event.outputs]) {
        const key = `${d.namespace}:${d.name}`;
        const known = datasets.get(key);
        if (!known) datasets.set(key, d);
        else known.owner ??= d.owner;
      }
      for (const d of event.inputs) {
        const key = `${d.namespace}:${d.name}`;
        if (!job.inputs.has(key)) job.inputs.set(key, { file, line });
      }
      for (const d of event.outputs) job.outputs.add(`${d.namespace}:${d.name}`);
    }
    const producers = new Map<string, Set<string>>();
    for (const job of jobs.values()) {
      for (const d of job.outputs) producers.set(d, (producers.get(d) ?? new Set()).add(job.key));
    }

    const rows: CanonicalRow[] = [];
    const pairs = new Set<string>();
    const outside = new Set<string>();
    const outsideUnplaced = new Set<string>();
    let between = 0;
    let selfReads = 0;
    for (const job of jobs.values()) {
      const from = { domain: jobDomain(job), asset: `job:${job.key}` };
      for (const [dsKey, at] of job.inputs) {
        const writers = producers.get(dsKey) ?? new Set<string>();
        const others = [...writers].filter((k) => k !== job.key);
        if (others.length > 0) {
          for (const other of others) {
            const pair = `${job.key}\u0000${other}`;
            if (pairs.has(pair)) continue;
            pairs.add(pair);
            rows.push(row(from, { domain: jobDomain(jobs.get(other)!), asset: `job:${other}` }, at));
            between++;
          }
        } else if (writers.has(job.key)) {
          selfReads++;
        } else {
          const d = datasets.get(dsKey)!;
          const domain = datasetDomain(d);
          if (domain === null) outsideUnplaced.add(dsKey);
          else outside.add(domain);
          rows.push(row(from, { domain, asset: `dataset:${dsKey}` }, at));
        }
      }
    }

    const types = [...eventTypes].map(([t, n]) => `${n} ${t}`).join(', ');
    const notes = [
      `OpenLineage: ${plural(events.length, 'event')} (${types}) in ${plural(runs.size, 'run')} of ${plural(jobs.size, 'job')}${
        datasetEvents > 0 ? `; ${plural(datasetEvents, 'dataset event')} without a job skipped` : ''
      }.`,
    ];
    const owned = [...jobs.values()].filter((j) => j.owner !== null);
    const byNamespace = [...jobs.values()].filter((j) => j.owner === null);
    if (owned.length > 0) {
      notes.push(`Domain by ownership facet for ${plural(owned.length, 'job')}: ${listSome([...new Set(owned.map(jobDomain))])}.`);
    }
    if (byNamespace.length > 0) {
      notes.push(
        `Domain by namespace for ${plural(byNamespace.length, 'job')} without an ownership facet: ${listSome([
          ...new Set(byNamespace.map((j) => j.namespace)),
        ])}.`,
      );
    }
    const onOutside = rows.length - between;
    notes.push(
      `${plural(rows.length, 'dependency', 'dependencies')}: ${between} between jobs (one reads what another writes)` +
        (onOutside > 0
          ? `, ${onOutside} on datasets no job in these events writes${outside.size > 0 ? ` (placed by their ownership facet or namespace: ${listSome([...outside])})` : ''}`
          : '') +
        '.',
    );
    if (outsideUnplaced.size > 0) {
      notes.push(
        `${plural(outsideUnplaced.size, 'dataset has', 'datasets have')} a data-source namespace and no ownership facet, so no domain (${listSome(
          [...outsideUnplaced].map((k) => `dataset:${k}`),
          4,
        )}): the ownership map places ${outsideUnplaced.size === 1 ? 'it by that name, else it counts' : 'them by that name, else they count'} under "unassigned".`,
      );
    }
    if (selfReads > 0) notes.push(`${plural(selfReads, 'read')} of a dataset the same job writes ${selfReads === 1 ? 'is' : 'are'} no dependency.`);
    if (rows.length === 0) {
      throw new InputFileError(
        fileLabel(files, 'OpenLineage events'),
        `holds no dependencies: ${plural(events.length, 'event')} of ${plural(jobs.size, 'job')}, and no job reads a dataset that another job writes or that comes from outside them`,
      );
    }
    return { rows, problems, notes };
  },
};

function row(
  from: { domain: string; asset: string },
  to: { domain: string | null; asset: string },
  at: { file: string; line: number | null },
): CanonicalRow {
  return {
    values: { from_domain: from.domain, to_domain: to.domain, from_asset: from.asset, to_asset: to.asset, kind: 'lineage' },
    file: at.file,
    line: at.line,
  };
}

const ownerDomain = (owner: string) => owner.replace(/^(?:team|group):/i, '');
const jobDomain = (job: Job) => (job.owner !== null ? ownerDomain(job.owner) : job.namespace);
function datasetDomain(d: Dataset): string | null {
  if (d.owner !== null) return ownerDomain(d.owner);
  return DATA_SOURCE_NAMESPACE.test(d.namespace) ? null : d.namespace;
}

/** The entries of a file, each with the line it starts on. */
function items(file: FormatFile): { value: unknown; line: number | null }[] {
  const c = firstChar(file.text);
  if (c === '[') {
    const json = readJson(file);
    refuseEmpty(file, json);
    if (!Array.isArray(json)) throw new InputFileError(file.name, 'is not a list of events');
    const index = new LineIndex(file.text);
    const offsets = topLevelItemOffsets(file.text);
    return json.map((value: unknown, i) => ({ value, line: offsets[i] === undefined ? null : index.lineOf(offsets[i]!) }));
  }
  if (c !== '{') {
    throw new InputFileError(file.name, 'is not JSON: OpenLineage events come as a JSON list, one JSON event, or one event per line');
  }
  const lines = file.text.split('\n');
  const filled = lines.map((l, i) => ({ l: l.trim(), line: i + 1 })).filter((x) => x.l !== '');
  if (filled.length > 1 && filled.every((x) => x.l.startsWith('{') && x.l.endsWith('}'))) {
    // One event per line (newline-delimited JSON).
    checkNesting(file, 'json');
    return filled.map(({ l, line }) => {
      try {
        return { value: JSON.parse(l) as unknown, line };
      } catch (error) {
        throw new InputFileError(file.name, `line is not valid JSON (${error instanceof Error ? error.message : String(error)})`, line);
      }
    });
  }
  const json = readJson(file);
  refuseEmpty(file, json);
  const start = new LineIndex(file.text).lineOf(file.text.indexOf('{'));
  // Marquez's lineage API: {"events": [...]}
  const wrapped = isFields(json) && !field(json, 'job') ? field(json, 'events') : undefined;
  if (Array.isArray(wrapped)) return wrapped.map((value: unknown) => ({ value, line: null }));
  return [{ value: json, line: start }];
}

function asEvent(value: unknown, fallbackRun: string): Event | null {
  if (!isFields(value)) return null;
  const job = fieldsOf(value, 'job');
  const jobName = job ? textOf(job, 'name') : null;
  const jobNamespace = job ? textOf(job, 'namespace') : null;
  if (!job || jobName === null || jobNamespace === null) return null;
  const run = fieldsOf(value, 'run');
  if (!run && textOf(value, 'eventTime') === null) return null;
  const runId = run ? textOf(run, 'runId') : null;
  return {
    runKey: runId ?? fallbackRun,
    eventType: textOf(value, 'eventType') ?? (run ? 'run event' : 'job event'),
    job: { namespace: jobNamespace, name: jobName, owner: ownerOf(fieldsOf(job, 'facets')) },
    inputs: datasetsOf(value, 'inputs'),
    outputs: datasetsOf(value, 'outputs'),
  };
}

function datasetsOf(event: Fields, key: string): Dataset[] {
  const out: Dataset[] = [];
  for (const item of listOf(event, key)) {
    if (!isFields(item)) continue;
    const namespace = textOf(item, 'namespace');
    const name = textOf(item, 'name');
    if (namespace === null || name === null) continue;
    out.push({ namespace, name, owner: ownerOf(fieldsOf(item, 'facets')) });
  }
  return out;
}

/** `facets.ownership.owners[0].name`. */
function ownerOf(facets: Fields | null): string | null {
  const ownership = facets ? fieldsOf(facets, 'ownership') : null;
  if (!ownership) return null;
  for (const owner of listOf(ownership, 'owners')) {
    const name = isFields(owner) ? textOf(owner, 'name') : text(owner);
    if (name !== null) return name;
  }
  return null;
}

/** The facet names of a facet fragment (`{"ownership": {"_schemaURL": …}}`), else []. */
function facetNames(value: unknown): string[] {
  if (!isFields(value)) return [];
  return keysOf(value).filter((k) => {
    const facet = field(value, k);
    return isFields(facet) && (textOf(facet, '_schemaURL') !== null || textOf(facet, '_producer') !== null);
  });
}
