// File names of the exports: the organisation and the assessment date, safe on every system.

/** Letters without a decomposition that still read well in Latin. */
const LATIN: Record<string, string> = { 'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'h', 'ħ': 'h', 'ı': 'i', 'Ŧ': 'T', 'ŧ': 't', 'ß': 'ss', 'Æ': 'AE', 'æ': 'ae', 'Ø': 'O', 'ø': 'o', 'Œ': 'OE', 'œ': 'oe', 'Þ': 'Th', 'þ': 'th' };

/**
 * A safe file-name part: accents dropped, letters and digits of any script kept, everything else
 * (path separators, dots, quotes, reserved characters, white space, control characters) one `-`,
 * lower case, at most 60 characters. Nothing usable left gives `fallback`.
 */
export function slugify(text: string, fallback = 'organisation'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ŁłĐđĦħıŦŧßÆæØøŒœÞþ]/g, (c) => LATIN[c] ?? c)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = [...slug].slice(0, 60).join('').replace(/-+$/, '');
  return cut || fallback;
}

/** The date part of the assessment time (UTC), `YYYY-MM-DD`. */
export function isoDate(assessedAt: string): string {
  const date = new Date(assessedAt);
  return Number.isNaN(date.getTime()) ? 'undated' : date.toISOString().slice(0, 10);
}

/** `northwind-commerce-mesh-readiness-2026-10-05.pdf`. */
export function reportFileName(organisation: string, assessedAt: string): string {
  return `${slugify(organisation)}-mesh-readiness-${isoDate(assessedAt)}.pdf`;
}

/** `northwind-commerce-domain-scores-2026-10-05.csv`. */
export function csvFileName(organisation: string, table: string, assessedAt: string): string {
  return `${slugify(organisation)}-${table}-${isoDate(assessedAt)}.csv`;
}
