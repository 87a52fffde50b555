// Backstage catalog → dependency rows. Several catalog files are read together (multi-document
// YAML, `Location` files checked against the files given). Edges:
//   - `spec.dependsOn` of a component or resource (no default kind: `resource:pgdb`; a bare name
//     is resolved when exactly one component or resource has it), kind `dependsOn`;
//   - `spec.dependencyOf` the other way round, also kind `dependsOn`;
//   - `spec.consumesApis` of a component (default kind `api`) → each component that lists the
//     API in `spec.providesApis` (consumer depends on provider), kind `consumesApis`; with no
//     provider in the files, → the API entity itself.
// `from_asset`/`to_asset` are entity references (`component:default/x`); domains come from
// backstage-model.ts's placement. A reference to an entity that is not in the files is a
// problem at the line that names it, and the rest is read.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  type Catalog,
  type Entity,
  PLACED_KINDS,
  type Placement,
  type Placed,
  catalogNote,
  duplicateNote,
  isBackstageCatalog,
  locationNotes,
  parseRef,
  place,
  placementNotes,
  readCatalog,
  refKey,
  refText,
} from './backstage-model.ts';
import { fileLabel, listOf, listSome, plural, text } from './structured-input.ts';

export const backstageCatalog: FormatAdapter = {
  id: 'backstage-catalog',
  label: 'Backstage catalog',
  kind: 'dependencies',
  recognise: isBackstageCatalog,
  read(files: readonly FormatFile[]): FormatResult {
    const catalog = readCatalog(files);
    return dependenciesOf(catalog, files);
  },
};

function dependenciesOf(catalog: Catalog, files: readonly FormatFile[]): FormatResult {
  const problems: FormatProblem[] = [];
  const rows: CanonicalRow[] = [];
  const seen = new Set<string>();
  const placements = new Map<Entity, Placement>();
  const placeOnce = (e: Entity) => {
    let p = placements.get(e);
    if (!p) placements.set(e, (p = place(e, catalog)));
    return p;
  };
  let byName = 0;
  const counts = { dependsOn: 0, consumesApis: 0, toApiEntity: 0 };

  // Who provides each API (by lower-cased reference).
  const providers = new Map<string, Entity[]>();
  const providedMissing = new Set<string>();
  for (const e of catalog.entities) {
    if (e.kind !== 'component') continue;
    for (const item of listOf(e.spec, 'providesApis')) {
      const value = text(item);
      const ref = value === null ? null : parseRef(value, 'api', e.namespace);
      if (ref === null) continue;
      const key = refKey(refText(ref));
      const list = providers.get(key) ?? [];
      if (!list.includes(e)) list.push(e);
      providers.set(key, list);
      if (!catalog.byRef.has(key)) providedMissing.add(ref.name);
    }
  }

  const edge = (from: Entity, to: Entity, kind: 'dependsOn' | 'consumesApis', file: string, line: number): boolean => {
    const a = placeOnce(from);
    const b = placeOnce(to);
    for (const p of [a, b]) {
      if (!p.ok) {
        problems.push({ file, line, reason: `${from.ref} → ${to.ref} (${kind}) is left out: ${p.reason}` });
        return false;
      }
    }
    if (!a.ok || !b.ok) return false;
    const key = refKey(`${from.ref}\u0000${to.ref}\u0000${kind}`);
    if (seen.has(key)) return true;
    seen.add(key);
    rows.push({
      values: { from_domain: a.domain, to_domain: b.domain, from_asset: from.ref, to_asset: to.ref, kind },
      file,
      line,
    });
    counts[kind]++;
    return true;
  };

  for (const e of catalog.entities) {
    if (e.kind !== 'component' && e.kind !== 'resource') continue;
    for (const field of ['dependsOn', 'dependencyOf'] as const) {
      listOf(e.spec, field).forEach((item, i) => {
        const line = e.lineOf(['spec', field, i]);
        const value = text(item);
        if (value === null) {
          problems.push({ file: e.file, line, reason: `${e.ref} has a ${field} entry that is not an entity reference` });
          return;
        }
        const target = dependencyTarget(value, e, catalog);
        if ('reason' in target) {
          problems.push({ file: e.file, line, reason: `${e.ref} ${field} ${target.reason}` });
          return;
        }
        if (target.byName) byName++;
        if (field === 'dependsOn') edge(e, target.entity, 'dependsOn', e.file, line);
        else edge(target.entity, e, 'dependsOn', e.file, line);
      });
    }
    if (e.kind !== 'component') continue;
    listOf(e.spec, 'consumesApis').forEach((item, i) => {
      const line = e.lineOf(['spec', 'consumesApis', i]);
      const value = text(item);
      const ref = value === null ? null : parseRef(value, 'api', e.namespace);
      if (ref === null) {
        problems.push({ file: e.file, line, reason: `${e.ref} has a consumesApis entry that is not an entity reference` });
        return;
      }
      const key = refKey(refText(ref));
      const by = (providers.get(key) ?? []).filter((p) => p !== e);
      if (by.length > 0) {
        for (const provider of by) edge(e, provider, 'consumesApis', e.file, line);
        return;
      }
      const api = catalog.byRef.get(key);
      if (api) {
        if (edge(e, api, 'consumesApis', e.file, line)) counts.toApiEntity++;
        return;
      }
      problems.push({
        file: e.file,
        line,
        reason: `${e.ref} consumes ${refText(ref)}, which is not in the files given and which no component here provides`,
      });
    });
  }

  const placed: Placed[] = [];
  for (const e of catalog.entities) {
    if (!PLACED_KINDS.has(e.kind)) continue;
    const p = placeOnce(e);
    if (p.ok) placed.push({ ...p, entity: e });
  }
  const notes = [catalogNote(catalog), ...placementNotes(placed), ...locationNotes(catalog), ...duplicateNote(catalog)];
  const edgeParts = [
    counts.dependsOn > 0 ? `${counts.dependsOn} dependsOn` : '',
    counts.consumesApis > 0
      ? `${counts.consumesApis} consumesApis${counts.toApiEntity > 0 ? ` (${counts.toApiEntity} to an API no component in the files provides, so to the API itself)` : ', each to the component that provides the API'}`
      : '',
  ].filter((s) => s !== '');
  notes.push(`${plural(rows.length, 'dependency', 'dependencies')}${edgeParts.length > 0 ? `: ${edgeParts.join(', ')}` : ''}.`);
  if (byName > 0) {
    notes.push(`${plural(byName, 'dependsOn entry names', 'dependsOn entries name')} no kind; each was matched to the one component or resource of that name.`);
  }
  if (providedMissing.size > 0) {
    notes.push(`APIs provided but not defined in the files given (harmless; nothing needs them): ${listSome([...providedMissing].sort())}.`);
  }

  if (rows.length === 0) {
    const why =
      problems.length > 0
        ? `none of its dependencies could be placed: ${problems[0]!.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`
        : `it names no dependsOn, dependencyOf or consumesApis between its components and resources (${catalogNote(catalog).replace(/\.$/, '')}); it can still be loaded as an ownership map`;
    throw new InputFileError(fileLabel(files, 'Backstage catalog'), `holds no dependencies: ${why}`);
  }
  return { rows, problems, notes };
}

type Target = { entity: Entity; byName: boolean } | { reason: string };

function dependencyTarget(value: string, from: Entity, catalog: Catalog): Target {
  const ref = parseRef(value, null, from.namespace);
  if (ref === null) return { reason: `"${value}", which is not an entity reference` };
  if (ref.kind === null) {
    const candidates = catalog.entities.filter(
      (e) => (e.kind === 'component' || e.kind === 'resource') && e.namespace.toLowerCase() === ref.namespace.toLowerCase() && e.name.toLowerCase() === ref.name.toLowerCase(),
    );
    if (candidates.length === 1) return { entity: candidates[0]!, byName: true };
    return {
      reason:
        candidates.length === 0
          ? `"${value}", which names no kind, and no component or resource of that name is in the files given`
          : `"${value}", which names no kind and matches ${listSome(candidates.map((c) => c.ref))}; write the kind (component:… or resource:…)`,
    };
  }
  const entity = catalog.byRef.get(refKey(refText(ref)));
  if (!entity) return { reason: `${refText(ref)}, which is not in the files given` };
  if (!PLACED_KINDS.has(entity.kind) && entity.kind !== 'system') {
    return { reason: `${entity.ref}, a ${entity.kind}, which cannot be depended on` };
  }
  return { entity, byName: false };
}
