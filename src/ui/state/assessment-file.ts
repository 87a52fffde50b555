// The assessment file (`*.meshreadiness.json`): one saved assessment as one file, to pass it from
// a platform team to a workshop and back. A versioned envelope holds every input file byte for
// byte (base64, with its SHA-256), the answers entered in the app, the profile, the metrics
// document and the app version that wrote it. Reading checks everything before anything
// changes; a file of an older version is migrated step by step to the current one.
import { z } from 'zod';
import { INPUT_KINDS } from '../../engine/inputs.ts';
import { metricsSchema } from '../../engine/metrics-schema.ts';
import { FILE_EXTENSION, type StateSnapshot } from './snapshot.ts';

export const FILE_FORMAT = 'mesh-readiness/assessment';
export const FILE_VERSION = 1;
export { FILE_EXTENSION };

// The metrics schema module configures zod for the page's Content Security Policy (jitless).
const kind = z.enum(INPUT_KINDS);
const whole = z.number().int().nonnegative().nullable();
const text = z.string().max(100_000);

// A column mapping from the mapping step: a survey export's (question, field, ignored) or a
// canonical CSV's (one of the kind's columns, ignored).
const ignored = z.object({ ignore: z.literal(true) }).strict();
const columnMapping = z.union([
  z.record(
    z.string(),
    z.union([
      z.object({ question: z.string() }).strict(),
      z.object({ field: z.enum(['respondent', 'domain', 'timestamp']) }).strict(),
      ignored,
    ]),
  ),
  z.record(z.string(), z.union([z.object({ column: z.string() }).strict(), ignored])),
]);

const answerRow = z.object({
  respondent: text,
  domain: text,
  question_id: text,
  answer: text,
});

/** Version 1, the current one. */
const fileV1 = z.object({
  format: z.literal(FILE_FORMAT),
  version: z.literal(1),
  app_version: z.string(),
  exported_at: z.string(),
  name: text.nullable(),
  organisation: text,
  assessed_at: z.iso.datetime({ offset: true }).nullable(),
  profile: z.object({ engineers: whole, domain_count_override: whole }),
  demo: z.object({ kinds: z.array(kind), organisation: text }),
  inputs: z.array(
    z.object({
      kind,
      format: z.string().min(1),
      file_name: text,
      demo: z.boolean(),
      mapping: columnMapping.optional(),
      files: z
        .array(
          z.object({
            name: text,
            base64: z.string(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
          }),
        )
        .min(1),
    }),
  ),
  answers: z.object({ rows: z.array(answerRow), in_figures: z.boolean() }),
  metrics: metricsSchema.nullable(),
});
export type AssessmentFileV1 = z.infer<typeof fileV1>;

/**
 * Version 0: the shape of the first saved files, before inputs could be any format. Canonical CSV
 * files as text by kind, the answers entered in the app, engineers and domain count at the top.
 *   { "mesh_readiness_assessment": 0, "organisation", "engineers", "domains", "saved_at",
 *     "files": [{ "kind", "name", "content" }], "answers": [{ respondent, domain, question_id, answer }] }
 */
const fileV0 = z.object({
  mesh_readiness_assessment: z.literal(0),
  organisation: text.optional(),
  engineers: whole.optional(),
  domains: whole.optional(),
  saved_at: z.string().optional(),
  files: z.array(z.object({ kind, name: text, content: z.string() })).default([]),
  answers: z.array(answerRow).default([]),
});

/** A file refused as a whole: nothing was opened and nothing changed. */
export class AssessmentFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName} was not opened: ${reason}. Nothing changed.`);
    this.name = 'AssessmentFileError';
  }
}

/** Migrations, each from version n to n + 1, checked against its own version's schema first. */
const MIGRATIONS: Record<number, (raw: unknown) => unknown> = {
  0: (raw) => {
    const v0 = fileV0.parse(raw);
    const savedAt = v0.saved_at && !Number.isNaN(Date.parse(v0.saved_at)) ? new Date(v0.saved_at).toISOString() : null;
    return {
      format: FILE_FORMAT,
      version: 1,
      app_version: 'v0',
      exported_at: savedAt ?? new Date().toISOString(),
      name: null,
      organisation: v0.organisation ?? '',
      assessed_at: savedAt,
      profile: { engineers: v0.engineers ?? null, domain_count_override: v0.domains ?? null },
      demo: { kinds: [], organisation: '' },
      inputs: v0.files.map((f) => ({
        kind: f.kind,
        format: 'canonical-csv',
        file_name: f.name,
        demo: false,
        files: [{ name: f.name, base64: toBase64(new TextEncoder().encode(f.content)) }],
      })),
      answers: { rows: v0.answers, in_figures: v0.answers.length > 0 },
      // Version 0 kept no figures: they are computed when the file is opened.
      metrics: null,
    } satisfies AssessmentFileV1;
  },
};

function versionOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  if (o.format === FILE_FORMAT && typeof o.version === 'number') return o.version;
  if (o.mesh_readiness_assessment === 0) return 0;
  return null;
}

/** Brings a parsed file to the current version, or says why it cannot. */
export function migrate(raw: unknown): AssessmentFileV1 {
  let version = versionOf(raw);
  if (version === null) throw new Error('it is not a Mesh Readiness assessment file');
  if (!Number.isInteger(version) || version < 0) throw new Error(`its version ${version} is not one Mesh Readiness ever wrote`);
  if (version > FILE_VERSION) {
    throw new Error(`it was written by a newer Mesh Readiness (file version ${version}); this one reads up to version ${FILE_VERSION}`);
  }
  let current = raw;
  while (version < FILE_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`there is no way to read file version ${version}`);
    current = step(current);
    version++;
  }
  return fileV1.parse(current);
}

/** Reads an assessment file into what `assessment.restore` takes. Throws `AssessmentFileError`. */
export async function readAssessmentFile(fileName: string, bytes: Uint8Array): Promise<{ name: string | null; snapshot: StateSnapshot }> {
  const refuse = (reason: string): never => {
    throw new AssessmentFileError(fileName, reason);
  };
  let textContent = '';
  try {
    textContent = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    refuse('it is not UTF-8 text');
  }
  if (textContent.trim() === '') refuse('it is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(textContent);
  } catch (e) {
    refuse(`it is not valid JSON (${e instanceof Error ? e.message : String(e)}); it may have been cut short`);
  }
  let file: AssessmentFileV1;
  try {
    file = migrate(raw);
  } catch (e) {
    if (e instanceof z.ZodError) refuse(describeZod(e));
    refuse(e instanceof Error ? e.message : String(e));
    throw e;
  }

  const sources: StateSnapshot['sources'] = [];
  for (const input of file.inputs) {
    const files = [];
    for (const f of input.files) {
      let data: Uint8Array;
      try {
        data = fromBase64(f.base64);
      } catch {
        return refuse(`the bytes of ${f.name} are damaged (not base64)`);
      }
      if (f.sha256) {
        const digest = await sha256(data);
        if (digest !== null && digest !== f.sha256) refuse(`the bytes of ${f.name} are damaged (their SHA-256 does not match)`);
      }
      files.push({ name: f.name, bytes: data });
    }
    sources.push({
      kind: input.kind,
      format: input.format,
      fileName: input.file_name,
      files,
      demo: input.demo,
      ...(input.mapping ? { mapping: input.mapping } : {}),
    });
  }
  return {
    name: file.name,
    snapshot: {
      organisation: file.organisation,
      demoOrganisation: file.demo.organisation,
      engineers: file.profile.engineers,
      domainCountOverride: file.profile.domain_count_override,
      assessedAt: file.assessed_at,
      demoKinds: file.demo.kinds,
      sources,
      entered: { rows: file.answers.rows, inFigures: file.answers.in_figures },
      metrics: file.metrics,
    },
  };
}

/** Writes an assessment as a file (JSON text). Every input's bytes are in it, the demo's too. */
export async function writeAssessmentFile(snapshot: StateSnapshot, details: { name: string | null; appVersion: string }): Promise<string> {
  const inputs: AssessmentFileV1['inputs'] = [];
  for (const s of snapshot.sources) {
    const files = [];
    for (const f of s.files) {
      const digest = await sha256(f.bytes);
      files.push({ name: f.name, base64: toBase64(f.bytes), ...(digest ? { sha256: digest } : {}) });
    }
    inputs.push({
      kind: s.kind,
      format: s.format,
      file_name: s.fileName,
      demo: s.demo,
      ...(s.mapping ? { mapping: s.mapping } : {}),
      files,
    });
  }
  const file: AssessmentFileV1 = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    app_version: details.appVersion,
    exported_at: new Date().toISOString(),
    name: details.name,
    organisation: snapshot.organisation,
    assessed_at: snapshot.assessedAt,
    profile: { engineers: snapshot.engineers, domain_count_override: snapshot.domainCountOverride },
    demo: { kinds: snapshot.demoKinds, organisation: snapshot.demoOrganisation },
    inputs,
    answers: { rows: snapshot.entered.rows, in_figures: snapshot.entered.inFigures },
    metrics: snapshot.metrics,
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** `Northwind Commerce` → `northwind-commerce-2026-10-04.meshreadiness.json`. */
export function assessmentFileName(name: string, date: string | null): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'assessment';
  return `${slug}${date ? `-${date.slice(0, 10)}` : ''}${FILE_EXTENSION}`;
}

function describeZod(e: z.ZodError): string {
  const first = e.issues[0];
  if (!first) return 'its content is not what an assessment file holds';
  const where = first.path.length > 0 ? first.path.join('.') : 'the file';
  return `${where}: ${first.message.replace(/\.$/, '')}`;
}

async function sha256(bytes: Uint8Array): Promise<string | null> {
  // Only in a secure context (https, localhost): without it the check is skipped.
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new Error('not base64');
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
