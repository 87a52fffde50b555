// Backstage catalog → ownership map rows (`service, domain`), from the same files as
// backstage-catalog.ts: every component, resource and API is placed in its domain (system →
// domain, else its owner; see backstage-model.ts) under
//   - its entity reference (`component:default/x`), which is what the dependency rows name;
//   - its bare name, for components and resources (what deployment logs call a service);
//   - the values of the annotations that name it elsewhere: `github.com/project-slug` and
//     `gitlab.com/project-slug` (the repository a CI system deploys from: `org/repo`), and
//     `backstage.io/kubernetes-id` and `argocd/app-name` (what Kubernetes and Argo CD deploy).
// A name that two entities of different domains claim keeps the first, and the user is told.
import { InputFileError } from '../../inputs.ts';
import type { CanonicalRow, FormatAdapter, FormatFile, FormatProblem, FormatResult } from '../format.ts';
import {
  type Entity,
  PLACED_KINDS,
  type Placement,
  type Placed,
  catalogNote,
  duplicateNote,
  isBackstageCatalog,
  locationNotes,
  place,
  placementNotes,
  readCatalog,
} from './backstage-model.ts';
import { fieldsOf, fileLabel, listSome, plural, textOf } from './structured-input.ts';

/** Annotations whose value names the entity in a deployment log. */
export const DEPLOYMENT_KEY_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'backstage.io/kubernetes-id',
  'argocd/app-name',
] as const;

/** The SQL's domain key (SPEC "Identity of a domain"), to tell real conflicts from spellings. */
const domainKey = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '-');

export const backstageOwnership: FormatAdapter = {
  id: 'backstage-ownership',
  label: 'Backstage catalog (ownership)',
  kind: 'ownership',
  recognise: isBackstageCatalog,
  read(files: readonly FormatFile[]): FormatResult {
    const catalog = readCatalog(files);
    const rows: CanonicalRow[] = [];
    const problems: FormatProblem[] = [];
    const claimed = new Map<string, { domain: string; by: string }>();
    const conflicts: string[] = [];
    const counts = { refs: 0, names: 0, slugs: 0, deployKeys: 0 };
    const add = (service: string, domain: string, entity: Entity, line: number, what: keyof typeof counts) => {
      const key = service.trim().toLowerCase();
      const first = claimed.get(key);
      if (first) {
        if (domainKey(first.domain) !== domainKey(domain)) {
          conflicts.push(`${service} (${first.by} → ${first.domain}; ${entity.ref} → ${domain})`);
        }
        return;
      }
      claimed.set(key, { domain, by: entity.ref });
      rows.push({ values: { service, domain }, file: entity.file, line });
      counts[what]++;
    };

    const placed: Placed[] = [];
    for (const e of catalog.entities) {
      if (!PLACED_KINDS.has(e.kind)) continue;
      const p = place(e, catalog);
      if (!p.ok) {
        problems.push({ file: e.file, line: p.line, reason: p.reason });
        continue;
      }
      placed.push({ ...p, entity: e });
    }
    // Entity references first, then names, then annotations: a reference is never shadowed.
    for (const p of placed) add(p.entity.ref, p.domain, p.entity, p.entity.line, 'refs');
    for (const p of placed) {
      if (p.entity.kind !== 'api') add(p.entity.name, p.domain, p.entity, p.entity.line, 'names');
    }
    for (const p of placed) {
      const annotations = fieldsOf(p.entity.metadata, 'annotations');
      if (!annotations) continue;
      for (const name of DEPLOYMENT_KEY_ANNOTATIONS) {
        const value = textOf(annotations, name);
        if (value === null) continue;
        const line = p.entity.lineOf(['metadata', 'annotations', name]);
        add(value, p.domain, p.entity, line, name.endsWith('project-slug') ? 'slugs' : 'deployKeys');
      }
    }

    if (rows.length === 0) {
      const why =
        problems.length > 0
          ? `no component, resource or API could be placed in a domain: ${problems[0]!.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`
          : `it defines no component, resource or API (${catalogNote(catalog).replace(/\.$/, '')})`;
      throw new InputFileError(fileLabel(files, 'Backstage catalog'), `holds no ownership: ${why}`);
    }
    const notes = [catalogNote(catalog), ...placementNotes(placed), ...locationNotes(catalog), ...duplicateNote(catalog)];
    const parts = [
      plural(counts.refs, 'entity reference'),
      plural(counts.names, 'component or resource name', 'component and resource names'),
      counts.slugs > 0 ? plural(counts.slugs, 'repository slug') + ' (github.com/gitlab.com project-slug)' : '',
      counts.deployKeys > 0 ? plural(counts.deployKeys, 'deployment key') + ' (backstage.io/kubernetes-id, argocd/app-name)' : '',
    ].filter((s) => s !== '');
    notes.push(`Ownership map of ${plural(rows.length, 'name')}: ${parts.join(', ')}.`);
    if (conflicts.length > 0) {
      notes.push(`${plural(conflicts.length, 'name is', 'names are')} claimed by entities of different domains; the first is kept: ${listSome(conflicts, 4)}.`);
    }
    return { rows, problems, notes };
  },
};
