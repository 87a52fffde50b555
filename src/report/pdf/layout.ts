// The page machinery of the report: A4 portrait in points, a cursor that flows down the page and
// breaks to a new one, text that always goes through the report's one sanitiser, tables that
// repeat their header after a break, and the running header and footer drawn last (they need
// the page count).
import type { jsPDF } from 'jspdf';
import type { PdfFontKind, PdfText, PreparedText } from './text.ts';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = { left: 50, right: 50, top: 62, bottom: 64 };
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

/** The app's palette (src/ui/app.css), for print. */
export const INK = {
  ink: '#1b2533',
  ink2: '#4a5668',
  ink3: '#6b7789',
  line: '#dfe4ea',
  line2: '#eef1f5',
  canvas: '#f5f7fa',
  brand: '#1f3a5f',
  brand2: '#2f5d8c',
  accent: '#1a7f72',
  accentSoft: '#e3f3f0',
  warn: '#9a5b00',
  warnSoft: '#fdf3e1',
  bad: '#b42318',
  badSoft: '#fdecea',
  good: '#1a7f37',
  goodSoft: '#e7f5ea',
  initial: '#b42318',
  developing: '#b86e00',
  intermediate: '#2f5d8c',
  advanced: '#1a7f37',
} as const;

export type FontStyle = 'normal' | 'bold' | 'italic' | 'bolditalic';

export interface TextStyle {
  size?: number;
  style?: FontStyle;
  color?: string;
  /** Line height as a multiple of the size. */
  leading?: number;
  align?: 'left' | 'center' | 'right';
  /** Extra space between letters (points), for small capitals headings. */
  charSpace?: number;
}

export const BODY: Required<Pick<TextStyle, 'size' | 'style' | 'color' | 'leading'>> = {
  size: 9.5,
  style: 'normal',
  color: INK.ink,
  leading: 1.42,
};

/** The family jsPDF knows the embedded Unicode font by (null when it was not loaded). */
export interface Fonts {
  unicode: string | null;
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
  /** Wrap long text over several lines instead of shortening it with an ellipsis. */
  wrap?: boolean;
  style?: FontStyle;
}

export type CellValue = string | { text: string; color?: string; style?: FontStyle };

export interface TableOptions {
  size?: number;
  /** Rows in a light band every other row. */
  zebra?: boolean;
  /** Bold, ruled-above last row (a total). */
  totalRow?: boolean;
  rowPadding?: number;
  /** Space between a cell's edge and its text. */
  cellPadding?: number;
  headerSize?: number;
}

export interface RowPlace {
  page: number;
  y: number;
  height: number;
  /** The baseline of the row's first line of text. */
  baseline: number;
}

export interface SectionMark {
  title: string;
  page: number;
  /** Nested under the previous top-level section in the PDF outline (the domain pages). */
  child?: boolean;
}

export class Layout {
  y = MARGIN.top;
  /** Sections by page, for the contents, the outline and the running header. */
  readonly sections: SectionMark[] = [];
  /** The running header's title of each page (index = page − 1). */
  readonly pageTitles: string[] = [''];
  #section = '';

  constructor(
    readonly doc: jsPDF,
    readonly text: PdfText,
    readonly fonts: Fonts,
  ) {}

  get page(): number {
    return this.doc.getNumberOfPages();
  }

  get bottom(): number {
    return A4.height - MARGIN.bottom;
  }

  get left(): number {
    return MARGIN.left;
  }

  get right(): number {
    return A4.width - MARGIN.right;
  }

  /** Space left on this page. */
  get room(): number {
    return this.bottom - this.y;
  }

  newPage(): void {
    this.doc.addPage('a4', 'portrait');
    this.pageTitles.push(this.#section);
    this.y = MARGIN.top;
  }

  /** A new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** Starts a section on a fresh page (the first section of a page keeps it). */
  section(title: string, options: { child?: boolean; runningTitle?: string } = {}): void {
    if (this.y > MARGIN.top + 1 || this.page === 1) this.newPage();
    this.#section = options.runningTitle ?? title;
    this.pageTitles[this.page - 1] = this.#section;
    this.sections.push({ title, page: this.page, child: options.child });
  }

  // --- text ---------------------------------------------------------------------------------

  /** Sanitises `raw`, sets the font it needs, and returns the text as it will be drawn. */
  #use(raw: string, style: TextStyle): PreparedText {
    const prepared = this.text.prepare(raw);
    this.#apply(prepared.font, style);
    return prepared;
  }

  #apply(font: PdfFontKind, style: TextStyle): void {
    const weight = style.style ?? BODY.style;
    if (font === 'unicode' && this.fonts.unicode) {
      // The embedded font has a regular and a bold face.
      this.doc.setFont(this.fonts.unicode, weight.startsWith('bold') ? 'bold' : 'normal');
    } else {
      this.doc.setFont('helvetica', weight);
    }
    this.doc.setFontSize(style.size ?? BODY.size);
    this.doc.setTextColor(style.color ?? BODY.color);
  }

  /** The width of `raw` as it would be drawn. */
  width(raw: string, style: TextStyle = {}): number {
    const { text } = this.#use(raw, style);
    return this.doc.getTextWidth(text) + (style.charSpace ?? 0) * [...text].length;
  }

  /** One line at (x, y) (baseline); shortened with an ellipsis to `maxWidth` if given. */
  write(raw: string, x: number, y: number, style: TextStyle = {}, maxWidth?: number): number {
    let { text } = this.#use(raw, style);
    if (maxWidth !== undefined) text = this.#fit(text, maxWidth);
    this.doc.text(text, x, y, {
      align: style.align ?? 'left',
      baseline: 'alphabetic',
      ...(style.charSpace ? { charSpace: style.charSpace } : {}),
    });
    return this.doc.getTextWidth(text);
  }

  /** `text` shortened with an ellipsis to fit `maxWidth` in the current font. */
  #fit(text: string, maxWidth: number): string {
    if (this.doc.getTextWidth(text) <= maxWidth) return text;
    const chars = [...text];
    while (chars.length > 1 && this.doc.getTextWidth(`${chars.join('').trimEnd()}…`) > maxWidth) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** The lines `raw` wraps into at `width`. */
  lines(raw: string, width: number, style: TextStyle = {}): string[] {
    const out: string[] = [];
    for (const paragraph of raw.split('\n')) {
      const { text } = this.#use(paragraph, style);
      const wrapped = this.doc.splitTextToSize(text, width) as string[];
      out.push(...(wrapped.length ? wrapped : ['']));
    }
    return out;
  }

  lineHeight(style: TextStyle = {}): number {
    return (style.size ?? BODY.size) * (style.leading ?? BODY.leading);
  }

  /** A wrapped paragraph at the cursor, breaking pages between lines; sanitised once. */
  paragraph(raw: string, style: TextStyle = {}, options: { x?: number; width?: number; after?: number } = {}): void {
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    const height = this.lineHeight(style);
    const size = style.size ?? BODY.size;
    for (const paragraph of raw.split('\n')) {
      const prepared = this.#use(paragraph, style);
      const wrapped = (this.doc.splitTextToSize(prepared.text, width) as string[]).filter((line, _, all) => line !== '' || all.length === 1);
      const anchor = style.align === 'right' ? x + width : style.align === 'center' ? x + width / 2 : x;
      for (const line of wrapped) {
        this.ensure(height);
        this.#apply(prepared.font, style);
        this.doc.text(line, anchor, this.y + size, { align: style.align ?? 'left', baseline: 'alphabetic' });
        this.y += height;
      }
    }
    this.y += options.after ?? 0;
  }

  /** The height `paragraph` would take. */
  paragraphHeight(raw: string, width: number, style: TextStyle = {}): number {
    return this.lines(raw, width, style).length * this.lineHeight(style);
  }

  /** Bulleted items at the cursor. */
  bullets(items: readonly string[], style: TextStyle = {}, options: { x?: number; width?: number; bullet?: string; color?: string } = {}): void {
    const x = options.x ?? this.left;
    const width = options.width ?? this.right - x;
    const indent = 11;
    for (const item of items) {
      const height = this.lineHeight(style);
      this.ensure(height);
      this.write(options.bullet ?? '•', x + 1, this.y + (style.size ?? BODY.size), { ...style, color: options.color ?? INK.ink3 });
      this.paragraph(item, style, { x: x + indent, width: width - indent, after: 2 });
    }
  }

  /** A small uppercase label with letter spacing. */
  kicker(raw: string, x: number, y: number, color: string = INK.accent, size = 7.5): void {
    this.write(raw.toUpperCase(), x, y, { size, style: 'bold', color, charSpace: 0.6 });
  }

  // --- shapes -------------------------------------------------------------------------------

  fillRect(x: number, y: number, w: number, h: number, color: string, radius = 0): void {
    this.doc.setFillColor(color);
    if (radius > 0) this.doc.roundedRect(x, y, w, h, radius, radius, 'F');
    else this.doc.rect(x, y, w, h, 'F');
  }

  strokeRect(x: number, y: number, w: number, h: number, color: string, radius = 0, lineWidth = 0.6): void {
    this.doc.setDrawColor(color);
    this.doc.setLineWidth(lineWidth);
    if (radius > 0) this.doc.roundedRect(x, y, w, h, radius, radius, 'S');
    else this.doc.rect(x, y, w, h, 'S');
  }

  rule(x1: number, y: number, x2: number, color: string = INK.line, lineWidth = 0.6, dash?: number[]): void {
    this.doc.setDrawColor(color);
    this.doc.setLineWidth(lineWidth);
    if (dash) this.doc.setLineDashPattern(dash, 0);
    this.doc.line(x1, y, x2, y);
    if (dash) this.doc.setLineDashPattern([], 0);
  }

  vline(x: number, y1: number, y2: number, color: string = INK.line, lineWidth = 0.6, dash?: number[]): void {
    this.doc.setDrawColor(color);
    this.doc.setLineWidth(lineWidth);
    if (dash) this.doc.setLineDashPattern(dash, 0);
    this.doc.line(x, y1, x, y2);
    if (dash) this.doc.setLineDashPattern([], 0);
  }

  /** A rounded label: returns its width. */
  pill(raw: string, x: number, y: number, background: string, color: string, size = 8): number {
    const w = this.width(raw, { size, style: 'bold' }) + 12;
    const h = size + 6;
    this.fillRect(x, y, w, h, background, h / 2);
    this.write(raw, x + 6, y + h / 2 + size * 0.35, { size, style: 'bold', color });
    return w;
  }

  // --- headings -----------------------------------------------------------------------------

  /** The title block of a section: a kicker, the title, a lead paragraph. */
  title(kicker: string, title: string, lead?: string): void {
    this.kicker(kicker, this.left, this.y + 7);
    this.y += 13;
    this.paragraph(title, { size: 19, style: 'bold', color: INK.brand, leading: 1.2 });
    this.y += 3;
    if (lead) this.paragraph(lead, { size: 10, color: INK.ink2 }, { width: CONTENT_WIDTH * 0.92 });
    this.y += 12;
  }

  /** A subheading, kept with at least `keep` points of what follows. */
  heading(raw: string, options: { keep?: number; note?: string } = {}): void {
    const noteHeight = options.note ? this.paragraphHeight(options.note, CONTENT_WIDTH, { size: 8.5 }) : 0;
    this.ensure(22 + noteHeight + (options.keep ?? 60));
    this.paragraph(raw, { size: 12, style: 'bold', color: INK.ink, leading: 1.25 });
    if (options.note) {
      this.y += 1;
      this.paragraph(options.note, { size: 8.5, color: INK.ink3 });
    }
    this.y += 7;
  }

  // --- tables -------------------------------------------------------------------------------

  /** Draws the table and returns where each row landed (page, top, height), for links. */
  table(columns: readonly Column[], rows: readonly (readonly CellValue[])[], options: TableOptions = {}): RowPlace[] {
    const places: RowPlace[] = [];
    const size = options.size ?? 8.8;
    const pad = options.rowPadding ?? 4.5;
    const line = size * 1.3;
    const inset = options.cellPadding ?? 6;
    const headerSize = options.headerSize ?? size - 0.8;
    const x0 = this.left;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const cellX = (i: number) => x0 + columns.slice(0, i).reduce((s, c) => s + c.width, 0);

    const header = () => {
      const h = line + pad * 2;
      columns.forEach((c, i) => {
        const x = c.align === 'right' ? cellX(i) + c.width - inset : c.align === 'center' ? cellX(i) + c.width / 2 : cellX(i) + inset;
        this.write(c.header, x, this.y + pad + size, { size: headerSize, style: 'bold', color: INK.ink2, align: c.align ?? 'left' }, c.width - inset * 2 + 2);
      });
      this.y += h;
      this.rule(x0, this.y, x0 + total, INK.line, 0.8);
    };

    const cellLines = (c: Column, v: CellValue): string[] => {
      const text = typeof v === 'string' ? v : v.text;
      const style = typeof v === 'string' ? c.style : (v.style ?? c.style);
      return c.wrap ? this.lines(text, c.width - inset * 2, { size, style }) : [text];
    };

    this.ensure(line * 2 + pad * 4);
    header();
    rows.forEach((row, r) => {
      const wrapped = columns.map((c, i) => cellLines(c, row[i] ?? ''));
      const h = Math.max(...wrapped.map((w) => w.length)) * line + pad * 2;
      if (this.y + h > this.bottom) {
        this.newPage();
        header();
      }
      places.push({ page: this.page, y: this.y, height: h, baseline: this.y + pad + size });
      const isTotal = options.totalRow && r === rows.length - 1;
      if (options.zebra && r % 2 === 1) this.fillRect(x0, this.y, total, h, '#f8f9fb');
      if (isTotal) this.rule(x0, this.y, x0 + total, INK.ink3, 0.8);
      columns.forEach((c, i) => {
        const v = row[i] ?? '';
        const color = typeof v === 'string' ? undefined : v.color;
        const style: FontStyle = isTotal ? 'bold' : typeof v === 'string' ? (c.style ?? 'normal') : (v.style ?? c.style ?? 'normal');
        const x = c.align === 'right' ? cellX(i) + c.width - inset : c.align === 'center' ? cellX(i) + c.width / 2 : cellX(i) + inset;
        wrapped[i]!.forEach((text, k) => {
          this.write(text, x, this.y + pad + size + k * line, { size, style, color: color ?? INK.ink, align: c.align ?? 'left' }, c.wrap ? undefined : c.width - inset * 2);
        });
      });
      this.y += h;
      if (!isTotal) this.rule(x0, this.y, x0 + total, INK.line2, 0.6);
    });
    this.y += 10;
    return places;
  }

  // --- running header and footer ------------------------------------------------------------

  /** Draws the running header and footer on every page but the cover. */
  finish(footerLeft: string, headerLeft: string): void {
    const pages = this.page;
    for (let p = 2; p <= pages; p++) {
      this.doc.setPage(p);
      const top = 34;
      this.kicker(headerLeft, this.left, top, INK.accent, 7);
      const title = this.pageTitles[p - 1] ?? '';
      if (title) this.write(title, this.right, top, { size: 7.5, color: INK.ink3, align: 'right' }, CONTENT_WIDTH / 2);
      this.rule(this.left, top + 6, this.right, INK.line, 0.6);
      const bottom = A4.height - 34;
      this.rule(this.left, bottom - 11, this.right, INK.line, 0.6);
      this.write(footerLeft, this.left, bottom, { size: 7.5, color: INK.ink3 }, CONTENT_WIDTH - 90);
      this.write(`Page ${p} of ${pages}`, this.right, bottom, { size: 7.5, color: INK.ink2, align: 'right' });
    }
  }
}
