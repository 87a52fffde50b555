// A Backstage software catalog as the two Backstage adapters read it (backstage-catalog.ts for
// dependencies, backstage-ownership.ts for the ownership map): entities from any number of
// multi-document YAML files, `Location` files checked against the files given, entity references
// with kind and namespace, and each component, resource or API placed in a domain.
//
// Placement (the README says the same): component/resource/API → its `spec.system` → that
// System's `spec.domain`. Without a system, or when the system has no domain, the entity's owner
// stands for its domain: an owner group by its name; an owner user by the first group the user
// is a member of (when the user is in the files), else by the user's name. A system that is not
// in the files given leaves the domain unknown: a problem at the line that names it.
import type { FormatFile } from '../format.ts';
import {
  type Fields,
  field,
  fieldsOf,
  head,
  isFields,
  listOf,
  listSome,
  plural,
  readYaml,
  text,
  textOf,
} from './structured-input.ts';

const BACKSTAGE_API_VERSION = /["']?apiVersion["']?\s*:\s*["']?backstage\.io\/v1/;

/** A file holding at least one `backstage.io/v1…` entity. Never throws. */
export function isBackstageCatalog(file: FormatFile): boolean {
  try {
    return BACKSTAGE_API_VERSION.test(head(file, 262_144));
  } catch {
    return false;
  }
}

export interface Entity {
  /** Lower-case kind: `component`, `resource`, `api`, `system`, `domain`, `group`, `user`, `location`. */
  kind: string;
  namespace: string;
  name: string;
  /** `component:default/x` (kind lower-case, namespace and name as written). */
  ref: string;
  metadata: Fields;
  spec: Fields;
  file: string;
  line: number;
  lineOf(path: readonly (string | number)[]): number;
}

export interface CatalogLocation {
  file: string;
  line: number;
  name: string;
  targets: string[];
  found: string[];
  missing: string[];
}

export interface Catalog {
  entities: Entity[];
  /** By lower-cased reference. */
  byRef: Map<string, Entity>;
  locations: CatalogLocation[];
  /** Entities defined twice (the first is kept). */
  duplicates: string[];
  /** Documents that are not Backstage entities (other apiVersion, no kind or name). */
  skipped: number;
  files: number;
}

export interface Ref {
  kind: string | null;
  namespace: string;
  name: string;
}

/** `[kind:][namespace/]name`, with the field's default kind and the entity's namespace. */
export function parseRef(value: string, defaultKind: string | null, defaultNamespace: string): Ref | null {
  const m = /^(?:([^:/\s]+):)?(?:([^:/\s]+)\/)?([^:/\s]+)$/.exec(value.trim());
  if (!m) return null;
  const kind = m[1] ?? defaultKind;
  return { kind: kind === null ? null : kind.toLowerCase(), namespace: m[2] ?? defaultNamespace, name: m[3]! };
}

export function refText(ref: Ref): string {
  return `${ref.kind ?? '?'}:${ref.namespace}/${ref.name}`;
}

export const refKey = (ref: string) => ref.toLowerCase();

/** Reads every file's entities; a file that is not valid YAML refuses the whole catalog. */
export function readCatalog(files: readonly FormatFile[]): Catalog {
  const entities: Entity[] = [];
  const byRef = new Map<string, Entity>();
  const duplicates: string[] = [];
  const locations: CatalogLocation[] = [];
  let skipped = 0;
  for (const file of files) {
    for (const { data, line: docLine, lineOf } of entitiesOf(file)) {
      if (data === null || data === undefined) continue;
      if (!isFields(data)) {
        skipped++;
        continue;
      }
      const apiVersion = textOf(data, 'apiVersion');
      const kindText = textOf(data, 'kind');
      const metadata = fieldsOf(data, 'metadata');
      const name = metadata ? textOf(metadata, 'name') : null;
      if (!apiVersion?.startsWith('backstage.io/') || !kindText || !metadata || !name) {
        skipped++;
        continue;
      }
      const kind = kindText.toLowerCase();
      const namespace = textOf(metadata, 'namespace') ?? 'default';
      const entity: Entity = {
        kind,
        namespace,
        name,
        ref: `${kind}:${namespace}/${name}`,
        metadata,
        spec: fieldsOf(data, 'spec') ?? {},
        file: file.name,
        line: docLine,
        lineOf,
      };
      const key = refKey(entity.ref);
      if (byRef.has(key)) {
        const first = byRef.get(key)!;
        duplicates.push(`${entity.ref} (${first.file}:${first.line} and ${file.name}:${docLine})`);
        continue;
      }
      byRef.set(key, entity);
      entities.push(entity);
      if (kind === 'location') {
        const targets = [...listOf(entity.spec, 'target'), ...listOf(entity.spec, 'targets')]
          .map(text)
          .filter((t): t is string => t !== null);
        locations.push({ file: file.name, line: docLine, name, targets, found: [], missing: [] });
      }
    }
  }
  const given = files.map((f) => segments(f.name));
  for (const location of locations) {
    const base = segments(location.file).slice(0, -1);
    for (const target of location.targets) {
      const wanted = segments(targetPath(target), base);
      (given.some((g) => sameFile(g, wanted)) ? location.found : location.missing).push(target);
    }
  }
  return { entities, byRef, locations, duplicates, skipped, files: files.length };
}

/** A file's entities: one per YAML document, or the items of a JSON list as Backstage's
 *  catalog API returns them (`GET /api/catalog/entities`: a list; `…/by-query`: `{items: [...]}`). */
function entitiesOf(file: FormatFile): { data: unknown; line: number; lineOf: (path: readonly (string | number)[]) => number }[] {
  return readYaml(file).flatMap((doc) => {
    const list = listedEntities(doc.data);
    if (list === null) return [{ data: doc.data, line: doc.line, lineOf: doc.lineOf }];
    return list.items.map((data: unknown, i) => {
      const base = [...list.at, i];
      return { data, line: doc.lineOf(base), lineOf: (path: readonly (string | number)[]) => doc.lineOf([...base, ...path]) };
    });
  });
}

function listedEntities(data: unknown): { items: readonly unknown[]; at: string[] } | null {
  if (Array.isArray(data)) return { items: data, at: [] };
  if (isFields(data) && field(data, 'apiVersion') === undefined) {
    const items = field(data, 'items');
    if (Array.isArray(items)) return { items, at: ['items'] };
  }
  return null;
}

function targetPath(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

/** Path segments, `.` dropped and `..` applied (a `..` above the known part is dropped too). */
function segments(path: string, base: readonly string[] = []): string[] {
  const out = path.startsWith('/') ? [] : [...base];
  for (const s of path.replace(/\\/g, '/').split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** The given file is the target when their trailing segments agree: a browser gives bare file
 *  names, the command line gives paths. A `*` in a target's segment matches within it. */
function sameFile(given: readonly string[], wanted: readonly string[]): boolean {
  const n = Math.min(given.length, wanted.length);
  if (n === 0) return false;
  for (let i = 1; i <= n; i++) {
    const g = given[given.length - i]!;
    const w = wanted[wanted.length - i]!;
    if (w.includes('*')) {
      const pattern = new RegExp(`^${w.split('*').map(escapeRegExp).join('[^/]*')}$`);
      if (!pattern.test(g)) return false;
    } else if (g !== w) return false;
  }
  return true;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// Placement in a domain

/** Kinds that are placed in a domain and can be the end of a dependency. */
export const PLACED_KINDS = new Set(['component', 'resource', 'api']);

export type How = 'system' | 'no-system' | 'system-without-domain' | 'domain';

export type Placement =
  | { ok: true; domain: string; how: How; system: string | null; ownerNote: string | null }
  | { ok: false; reason: string; line: number };

/** The domain of a component, resource, API, system or domain entity. */
export function place(entity: Entity, catalog: Catalog): Placement {
  if (entity.kind === 'domain') return { ok: true, domain: entity.name, how: 'domain', system: null, ownerNote: null };
  if (entity.kind === 'system') return systemPlacement(entity, catalog, null);
  const systemText = textOf(entity.spec, 'system');
  if (systemText === null) return ownerPlacement(entity, catalog, 'no-system', null);
  const ref = parseRef(systemText, 'system', entity.namespace);
  const line = entity.lineOf(['spec', 'system']);
  if (ref === null) {
    return { ok: false, reason: `${entity.ref} names the system "${systemText}", which is not an entity reference`, line };
  }
  const system = catalog.byRef.get(refKey(refText(ref)));
  if (!system) {
    return {
      ok: false,
      reason: `${entity.ref} is part of ${refText(ref)}, which is not in the files given, so its domain is unknown (add the file that defines ${ref.name})`,
      line,
    };
  }
  return systemPlacement(system, catalog, entity);
}

function systemPlacement(system: Entity, catalog: Catalog, member: Entity | null): Placement {
  const domainText = textOf(system.spec, 'domain');
  const ref = domainText === null ? null : parseRef(domainText, 'domain', system.namespace);
  if (ref !== null) return { ok: true, domain: ref.name, how: 'system', system: system.name, ownerNote: null };
  const placed = ownerPlacement(member ?? system, catalog, 'system-without-domain', system.name);
  return placed;
}

function ownerPlacement(entity: Entity, catalog: Catalog, how: How, system: string | null): Placement {
  const ownerText = textOf(entity.spec, 'owner');
  const owner = ownerText === null ? null : parseRef(ownerText, 'group', entity.namespace);
  if (owner === null) {
    return {
      ok: false,
      reason: `${entity.ref} has ${system === null ? 'no system' : `a system (${system}) without a domain`} and no owner, so its domain is unknown`,
      line: entity.line,
    };
  }
  if (owner.kind !== 'user') return { ok: true, domain: owner.name, how, system, ownerNote: null };
  // A user stands for the first group they are a member of, when they are in the files.
  const user = catalog.byRef.get(refKey(refText(owner)));
  const groupText = user ? text(listOf(user.spec, 'memberOf')[0]) : null;
  const group = groupText === null || !user ? null : parseRef(groupText, 'group', user.namespace);
  if (group !== null) {
    return { ok: true, domain: group.name, how, system, ownerNote: `owner user ${owner.name} → their group ${group.name}` };
  }
  return { ok: true, domain: owner.name, how, system, ownerNote: `owner user ${owner.name}, not in a group in the files given` };
}

// ---------------------------------------------------------------------------------------------
// What the user is told

const KIND_WORDS: Record<string, [string, string]> = {
  component: ['component', 'components'],
  resource: ['resource', 'resources'],
  api: ['API', 'APIs'],
  system: ['system', 'systems'],
  domain: ['domain', 'domains'],
  group: ['group', 'groups'],
  user: ['user', 'users'],
  location: ['location', 'locations'],
};

/** "26 files: 12 components, 1 resource, 1 API, 3 systems, 3 domains, 4 groups, 14 users, 3 locations". */
export function catalogNote(catalog: Catalog): string {
  const counts = new Map<string, number>();
  for (const e of catalog.entities) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const order = [...Object.keys(KIND_WORDS), ...[...counts.keys()].filter((k) => !(k in KIND_WORDS)).sort()];
  const parts = order
    .filter((k) => counts.has(k))
    .map((k) => {
      const [one, many] = KIND_WORDS[k] ?? [`${k} entity`, `${k} entities`];
      return plural(counts.get(k)!, one, many);
    });
  let note = `Backstage catalog of ${plural(catalog.files, 'file')}: ${parts.join(', ') || 'no entities'}`;
  if (catalog.skipped > 0) note += `; ${plural(catalog.skipped, 'document')} that ${catalog.skipped === 1 ? 'is' : 'are'} not a Backstage entity skipped`;
  return `${note}.`;
}

/** One note per Location: which targets were among the files given, which were not. */
export function locationNotes(catalog: Catalog): string[] {
  return catalog.locations.map((l) => {
    const where = `Location ${l.name} (${l.file})`;
    if (l.targets.length === 0) return `${where} lists no targets.`;
    if (l.missing.length === 0) return `${where} lists ${plural(l.targets.length, 'target')}, all among the files given.`;
    return `${where} lists ${plural(l.targets.length, 'target')}; ${l.found.length} among the files given${
      l.found.length > 0 ? ` (${listSome(l.found)})` : ''
    }, ${l.missing.length} not: ${listSome(l.missing)}. What those hold is not read; add them to read it.`;
  });
}

export function duplicateNote(catalog: Catalog): string[] {
  return catalog.duplicates.length === 0
    ? []
    : [`${plural(catalog.duplicates.length, 'entity is', 'entities are')} defined twice; the first definition is used: ${listSome(catalog.duplicates, 4)}.`];
}

/** How the placed entities got their domains: by system, or by owner and why. */
export type Placed = Extract<Placement, { ok: true }> & { entity: Entity };

export function placementNotes(placed: readonly Placed[]): string[] {
  const notes: string[] = [];
  const domains = new Set(placed.map((p) => p.domain.toLowerCase()));
  const bySystem = placed.filter((p) => p.how === 'system');
  const systems = new Set(bySystem.map((p) => p.system));
  const systemDomains = new Set(bySystem.map((p) => p.domain));
  notes.push(
    `${plural(placed.length, 'component, resource or API', 'components, resources and APIs')} in ${plural(domains.size, 'domain')}` +
      (bySystem.length > 0
        ? `; ${bySystem.length} through the domain of their system (${plural(systems.size, 'system')} of ${listSome([...systemDomains])})`
        : '') +
      '.',
  );
  const noSystem = placed.filter((p) => p.how === 'no-system');
  if (noSystem.length > 0) {
    notes.push(
      `${plural(noSystem.length, 'entity has', 'entities have')} no system, so ${noSystem.length === 1 ? 'its' : 'their'} owner stands for ${
        noSystem.length === 1 ? 'its' : 'their'
      } domain: ${listSome(noSystem.map(ownedBy), 12)}.`,
    );
  }
  const noDomain = placed.filter((p) => p.how === 'system-without-domain');
  if (noDomain.length > 0) {
    const names = [...new Set(noDomain.map((p) => p.system ?? ''))];
    notes.push(
      `${plural(names.length, 'system has', 'systems have')} no domain (${listSome(names)}), so the owners of the ${plural(
        noDomain.length,
        'entity',
        'entities',
      )} in ${names.length === 1 ? 'it' : 'them'} stand for their domains: ${listSome(noDomain.map(ownedBy), 12)}.`,
    );
  }
  return notes;
}

function ownedBy(p: { entity: Entity; domain: string; ownerNote: string | null }): string {
  const what = p.entity.kind === 'component' ? p.entity.name : `${KIND_WORDS[p.entity.kind]?.[0] ?? p.entity.kind} ${p.entity.name}`;
  return `${what} → ${p.domain}${p.ownerNote ? ` (${p.ownerNote})` : ''}`;
}
