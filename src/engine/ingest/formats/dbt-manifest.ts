// dbt `target/manifest.json` → dependency rows. Each model's (and snapshot's) `depends_on.nodes`
// is an edge from the model to the model, seed, snapshot or source it reads: kind `ref`, or
// `source` for a source. Assets are dbt unique ids (`model.jaffle_shop.customers`).
// The domain of a node is its dbt `group` when it has one, else its package (`package_name`):
// each dbt project is a domain unless groups say otherwise. A node the manifest does not hold
// (a model of another project, as dbt Mesh's cross-project refs name them) is placed by the
// package in its unique id. Several manifests (one per project) are read together.
//
// Manifests run to tens of MB: the text is parsed once and only `nodes`, `sources` and `groups`
// are read; nothing is copied but the few strings each edge needs.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  LineIndex,
  field,
  fieldsOf,
  fileLabel,
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
} from './structured-input.ts';

const DBT_ARTIFACT = /"dbt_schema_version"\s*:\s*"https?:\/\/schemas\.getdbt\.com\/dbt\/([a-z_-]+)\/v\d+\.json"/;

/** Nodes that read others: their `depends_on.nodes` are edges. */
const READERS = new Set(['model', 'snapshot']);
/** Nodes that can be read. */
const READABLE = new Set(['model', 'seed', 'snapshot', 'source']);

interface NodeInfo {
  id: string;
  type: string;
  packageName: string;
  group: string | null;
  file: string;
  line: number | null;
}

export const dbtManifest: FormatAdapter = {
  id: 'dbt-manifest',
  label: 'dbt manifest',
  kind: 'dependencies',
  recognise(file: FormatFile): boolean {
    try {
      return DBT_ARTIFACT.test(head(file));
    } catch {
      return false;
    }
  },
  read(files: readonly FormatFile[]): FormatResult {
    const nodes = new Map<string, NodeInfo>();
    const readers: { info: NodeInfo; deps: readonly unknown[] }[] = [];
    const groupOwners = new Map<string, string>();
    const projects: string[] = [];
    for (const file of files) {
      const artifact = DBT_ARTIFACT.exec(head(file))?.[1] ?? null;
      if (artifact !== null && artifact !== 'manifest') {
        throw new InputFileError(
          file.name,
          `is dbt's ${artifact}.json, not its manifest: give target/manifest.json (written by dbt compile, run or build), which holds each model's dependencies`,
        );
      }
      const json = readJson(file);
      refuseEmpty(file, json);
      if (!isFields(json) || !fieldsOf(json, 'nodes')) {
        throw new InputFileError(file.name, 'is not a dbt manifest: it has no "nodes"');
      }
      const metadata = fieldsOf(json, 'metadata');
      const project = metadata ? textOf(metadata, 'project_name') : null;
      if (project !== null) projects.push(project);
      const lines = nodeLines(file.text);
      const groups = fieldsOf(json, 'groups');
      if (groups) {
        for (const key of keysOf(groups)) {
          const g = field(groups, key);
          if (!isFields(g)) continue;
          const name = textOf(g, 'name');
          const owner = fieldsOf(g, 'owner');
          const ownerName = owner ? (textOf(owner, 'name') ?? textOf(owner, 'email')) : null;
          if (name !== null && ownerName !== null) groupOwners.set(name, ownerName);
        }
      }
      for (const section of ['nodes', 'sources'] as const) {
        const entries = fieldsOf(json, section);
        if (!entries) continue;
        for (const id of keysOf(entries)) {
          const node = field(entries, id);
          if (!isFields(node)) continue;
          const type = textOf(node, 'resource_type') ?? id.split('.')[0] ?? '';
          if (!READABLE.has(type) || nodes.has(id)) continue;
          const info: NodeInfo = {
            id,
            type,
            packageName: textOf(node, 'package_name') ?? id.split('.')[1] ?? project ?? 'unknown',
            group: textOf(node, 'group'),
            file: file.name,
            line: lines.get(id) ?? null,
          };
          nodes.set(id, info);
          if (READERS.has(type)) {
            const dependsOn = fieldsOf(node, 'depends_on');
            readers.push({ info, deps: dependsOn ? listOf(dependsOn, 'nodes') : [] });
          }
        }
      }
    }

    const rows: CanonicalRow[] = [];
    const problems: FormatProblem[] = [];
    const outside = new Set<string>();
    const byGroup = new Set<string>();
    const byPackage = new Set<string>();
    const domainOf = (n: NodeInfo) => {
      if (n.group !== null) {
        byGroup.add(n.id);
        return n.group;
      }
      byPackage.add(n.id);
      return n.packageName;
    };
    for (const { info, deps } of readers) {
      const seen = new Set<string>();
      for (const dep of deps) {
        const id = text(dep);
        if (id === null || seen.has(id)) continue;
        seen.add(id);
        const [type = '', pkg] = id.split('.');
        if (!READABLE.has(type)) continue; // tests, macros, metrics: not data dependencies
        let target = nodes.get(id);
        if (!target) {
          if (!pkg) {
            problems.push({ file: info.file, line: info.line, reason: `${info.id} depends on "${id}", which is not a dbt unique id` });
            continue;
          }
          outside.add(id);
          target = { id, type, packageName: pkg, group: null, file: info.file, line: null };
        }
        rows.push({
          values: {
            from_domain: domainOf(info),
            to_domain: domainOf(target),
            from_asset: info.id,
            to_asset: id,
            kind: type === 'source' ? 'source' : 'ref',
          },
          file: info.file,
          line: info.line,
        });
      }
    }

    const counts = new Map<string, number>();
    for (const n of nodes.values()) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
    const held = ['model', 'snapshot', 'seed', 'source']
      .filter((t) => counts.has(t))
      .map((t) => plural(counts.get(t)!, t));
    const notes = [
      `dbt manifest${projects.length > 0 ? ` of ${listSome(projects)}` : ''}: ${held.join(', ') || 'no models'}; ${plural(rows.length, 'dependency', 'dependencies')} (depends_on of models and snapshots; tests are not dependencies).`,
    ];
    const groups = [...new Set([...byGroup].map((id) => nodes.get(id)?.group ?? ''))].filter((g) => g !== '');
    const packages = [...new Set([...byPackage].map((id) => nodes.get(id)?.packageName ?? id.split('.')[1] ?? ''))];
    if (byGroup.size > 0) {
      notes.push(
        `Domain by dbt group for ${plural(byGroup.size, 'node')}: ${listSome(
          groups.map((g) => (groupOwners.has(g) ? `${g} (owner ${groupOwners.get(g)})` : g)),
        )}.`,
      );
    }
    if (byPackage.size > 0) {
      notes.push(
        `Domain by package (dbt project) for ${plural(byPackage.size, 'node')}${byGroup.size === 0 ? ', as no node belongs to a dbt group' : ' without a group'}: ${listSome(packages)}.`,
      );
    }
    if (outside.size > 0) {
      notes.push(
        `${plural(outside.size, 'node is', 'nodes are')} not in the manifest (another project's, as dbt Mesh refers to them), placed by the package in their id: ${listSome([...outside].sort())}.`,
      );
    }
    if (rows.length === 0) {
      throw new InputFileError(
        fileLabel(files, 'dbt manifest'),
        `holds no dependencies: ${held.join(', ') || 'no models'}, and no model or snapshot depends on another node`,
      );
    }
    return { rows, problems, notes };
  },
};

/** The line of each node's definition (`"model.x.y": {`), in one pass over the text. The first
 *  occurrence is under `nodes` or `sources`; `parent_map`/`child_map` hold lists, not objects. */
function nodeLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const index = new LineIndex(source);
  const pattern = /"((?:model|seed|snapshot|source)\.[^"\\]+)"\s*:\s*\{/g;
  for (let m = pattern.exec(source); m !== null; m = pattern.exec(source)) {
    if (!lines.has(m[1]!)) lines.set(m[1]!, index.lineOf(m.index));
  }
  return lines;
}
