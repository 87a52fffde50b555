// Answering the questionnaire in the app, as a workshop does: the question bank loaded now, one
// statement at a time, for one domain or as the room's consensus on the whole organisation.
// Every answer is a row of the long answers CSV (`respondent, domain, question_id, answer`) and
// goes through the page's one queue (`assessment.enterAnswers`): the figures follow as it comes.
//
// The room's consensus is written with an EMPTY domain: the engine counts it under `unassigned`,
// which is one voice in the organisation's pillar means (SPEC: the mean over the domains that
// answered) but never a domain of the domain count nor a pilot. A made-up domain such as
// "Organisation" would add one to the domain count, and could tip the scale test (> 10 domains).
import type { Pillar } from '../../engine/metrics-schema.ts';
import { PILLARS } from '../format.ts';
import { downloadText } from '../download.ts';
import { assessment } from './assessment.svelte.ts';
import type { AnswerRow, BankQuestion } from './snapshot.ts';

/** The five points of agreement, mapped onto each question's own scale. */
export const SCALE_LABELS = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] as const;
/** How a "don't know" is written (one of SPEC's unknown answers). */
export const DONT_KNOW = "don't know";
export const DEFAULT_RESPONDENT = 'Workshop';

/** SPEC "Identity of a domain", for matching what is typed here to the figures' domains. */
export function domainKey(name: string): string {
  const bare = name.trim().replace(/^domain:([^/\s]+\/)?/i, '');
  return bare.trim().toLowerCase().replace(/[\s_-]+/g, '-') || 'unassigned';
}

/** The answer for point `k` (1–5) of a question's scale: its ends are 1 and 5. */
export function scaleValue(q: BankQuestion, k: number): number {
  const value = q.scale_min + ((k - 1) * (q.scale_max - q.scale_min)) / 4;
  return Math.round(value * 10_000) / 10_000;
}

/** The point (1–5) an answer stands for, 0 for "don't know", null when none. */
export function choiceOf(q: BankQuestion, answer: string | null): number | null {
  if (answer === null) return null;
  if (/^(n\/a|na|don['’]t know|dk)$/i.test(answer.trim())) return 0;
  const n = Number(answer);
  for (let k = 1; k <= 5; k++) if (Math.abs(scaleValue(q, k) - n) < 1e-9) return k;
  return null;
}

export interface PillarProgress {
  pillar: Pillar;
  answered: number;
  unknown: number;
  total: number;
}

export interface Session {
  domain: string;
  respondent: string;
  answered: number;
  unknown: number;
}

class Workshop {
  /** Whose answers: one domain, or the room's consensus on the whole organisation. */
  mode = $state<'organisation' | 'domain'>('organisation');
  /** The domain as typed or chosen (its label). */
  domain = $state('');
  respondent = $state(DEFAULT_RESPONDENT);
  /** Full-screen presentation mode is on. */
  presenting = $state(false);
  /** The statement shown, by its position in the bank. */
  index = $state(0);

  get questions(): BankQuestion[] {
    return assessment.questions;
  }

  /** The domain the answers are written with ('' for the organisation). */
  get scopeDomain(): string {
    return this.mode === 'organisation' ? '' : this.domain.trim();
  }

  get scopeRespondent(): string {
    return this.respondent.trim() || DEFAULT_RESPONDENT;
  }

  /** What is answered for: "Payments", or "The whole organisation". */
  get scopeLabel(): string {
    return this.mode === 'organisation' ? 'The whole organisation' : this.domain.trim() || 'a domain';
  }

  /** The domain key the figures know the scope by. */
  get scopeKey(): string {
    return domainKey(this.scopeDomain);
  }

  get ready(): boolean {
    return this.questions.length > 0 && (this.mode === 'organisation' || this.domain.trim() !== '');
  }

  get current(): BankQuestion | null {
    return this.questions[Math.min(this.index, this.questions.length - 1)] ?? null;
  }

  #inScope(row: AnswerRow): boolean {
    return domainKey(row.domain) === this.scopeKey && (row.respondent.trim() || DEFAULT_RESPONDENT) === this.scopeRespondent;
  }

  /** The answers of the scope, by question id. */
  readonly answers: Map<string, string> = $derived.by(() => {
    const out = new Map<string, string>();
    for (const row of assessment.entered) if (this.#inScope(row)) out.set(row.question_id, row.answer);
    return out;
  });

  answerOf(questionId: string): string | null {
    return this.answers.get(questionId) ?? null;
  }

  /** Answers a statement with point `k` of its scale (1–5), or 0 for "don't know". */
  answer(q: BankQuestion, k: number): Promise<void> {
    const value = k === 0 ? DONT_KNOW : String(scaleValue(q, k));
    const row: AnswerRow = { respondent: this.scopeRespondent, domain: this.scopeDomain, question_id: q.question_id, answer: value };
    const rows = [...assessment.entered];
    const at = rows.findIndex((r) => r.question_id === q.question_id && this.#inScope(r));
    if (at >= 0) rows[at] = row;
    else rows.push(row);
    return assessment.enterAnswers(rows);
  }

  clear(q: BankQuestion): Promise<void> {
    return assessment.enterAnswers(assessment.entered.filter((r) => !(r.question_id === q.question_id && this.#inScope(r))));
  }

  /** Removes every answer of one domain and respondent. */
  removeSession(session: Pick<Session, 'domain' | 'respondent'>): Promise<void> {
    const key = domainKey(session.domain);
    return assessment.enterAnswers(
      assessment.entered.filter((r) => !(domainKey(r.domain) === key && (r.respondent.trim() || DEFAULT_RESPONDENT) === session.respondent)),
    );
  }

  /** Puts answers kept aside (after a loaded answers file replaced them) back into the figures. */
  countAgain(): Promise<void> {
    return assessment.enterAnswers(assessment.entered);
  }

  readonly progress: PillarProgress[] = $derived.by(() => {
    const answers = this.answers;
    return PILLARS.map((pillar) => {
      const qs = this.questions.filter((q) => q.pillar === pillar);
      const given = qs.filter((q) => answers.has(q.question_id));
      return {
        pillar,
        total: qs.length,
        answered: given.length,
        unknown: given.filter((q) => choiceOf(q, answers.get(q.question_id)!) === 0).length,
      };
    });
  });

  /** Every domain and respondent answers were entered for. */
  readonly sessions: Session[] = $derived.by(() => {
    const byKey = new Map<string, Session>();
    for (const row of assessment.entered) {
      const respondent = row.respondent.trim() || DEFAULT_RESPONDENT;
      const key = `${domainKey(row.domain)}\u0000${respondent}`;
      const session = byKey.get(key) ?? { domain: row.domain.trim(), respondent, answered: 0, unknown: 0 };
      session.answered++;
      if (/^(n\/a|na|don['’]t know|dk)$/i.test(row.answer.trim())) session.unknown++;
      byKey.set(key, session);
    }
    return [...byKey.values()];
  });

  move(step: number): void {
    const last = Math.max(0, this.questions.length - 1);
    this.index = Math.min(last, Math.max(0, this.index + step));
  }

  go(index: number): void {
    this.index = Math.min(Math.max(0, this.questions.length - 1), Math.max(0, index));
  }

  /** The entered answers as the long CSV, safe to open in a spreadsheet program. */
  async csv(): Promise<string> {
    const { default: Papa } = await import('papaparse');
    const data = assessment.entered.map((r) => {
      const n = Number(r.answer);
      // A number stays a number (never prefixed); any other cell that a spreadsheet would read
      // as a formula gets a leading apostrophe.
      return [r.respondent, r.domain, r.question_id, r.answer.trim() !== '' && Number.isFinite(n) ? n : r.answer];
    });
    return `${Papa.unparse(
      { fields: ['respondent', 'domain', 'question_id', 'answer'], data },
      { escapeFormulae: /^[=+\-@\t\r\0]/, newline: '\n' },
    )}\n`;
  }

  async exportCsv(): Promise<void> {
    const date = new Date().toISOString().slice(0, 10);
    downloadText(`workshop-answers-${date}.csv`, await this.csv(), 'text/csv');
  }
}

export const workshop = new Workshop();
