// The deployment formats the engine reads (see ./index.ts). Each recognises its own files by
// their content (distinctive keys or header columns) and maps them onto canonical deployment rows.
// Repositories and projects go into `service`; the ownership map (or a Backstage catalog's
// project-slug annotations) gives their domains in SQL. DevLake's project_mapping also needs to
// know which repositories the ownership map names: it reads `owners` (asset key → domain) from
// the context where the engine passes it (ownerLookup in deployment-common.ts).
import type { FormatAdapter } from '../format.ts';
import { bigQuerySchema } from './bigquery-schema.ts';
import { devlakeDeployments } from './devlake-deployments.ts';
import { githubDeployments } from './github-deployments.ts';
import { gitlabDeployments } from './gitlab-deployments.ts';

export const DEPLOYMENT_FORMATS: readonly FormatAdapter[] = [
  githubDeployments,
  gitlabDeployments,
  devlakeDeployments,
  // Recognised only to be refused with a reason: a schema describes a table and holds no data.
  bigQuerySchema,
];
