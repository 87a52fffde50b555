// Every string that reaches the PDF passes through `PdfText.prepare`: the report's own words, the
// engine's sentences, and the user's data (organisation, domain labels, file names), in the page
// text and in the charts' SVG alike.
//
// jsPDF's standard fonts (Helvetica) encode WinAnsi (Windows-1252) only; anything else comes out as
// mojibake. So:
// - symbols get a plain spelling (`≥` → `>=`, `−` → `-`, `Σ` → `sum`, `→` → `->`);
// - invisible and control characters go;
// - letters outside WinAnsi (a domain named `Łódź`, `Ελληνικά`, `Кириллица`) are drawn in an
//   embedded Unicode font (DejaVu Sans, served from the app's own origin and fetched only when a
//   report needs it), so they print exactly; a character that font has no glyph for (Chinese,
//   Japanese, Korean) prints as `?`, and the report says so on its inputs page.
// - without that font (the font could not be loaded; Node), accents are dropped (`Łódź` → `Lodz`)
//   and what is left over becomes `?`.
// Text is only ever text: jsPDF writes it as a string operand and the SVG goes through
// `textContent`, never through markup.

/** The 27 characters Windows-1252 adds between 0x80 and 0x9F, which Helvetica draws. */
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const CP1252_SET = new Set([...CP1252_EXTRA].map((c) => c.codePointAt(0)!));

/** True when Helvetica (WinAnsi) can draw the character. */
export function isWinAnsi(codePoint: number): boolean {
  return (
    codePoint === 0x0a ||
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    CP1252_SET.has(codePoint)
  );
}

/**
 * Plain spellings for symbols that are not WinAnsi. `×`, `÷`, `·`, `±`, `²` and the curly quotes are
 * WinAnsi and stay as they are.
 */
const SYMBOLS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '−': '-', // minus sign
  '‐': '-', // hyphen
  '‑': '-', // non-breaking hyphen
  '‒': '-', // figure dash
  '―': '—',
  '∑': 'sum',
  'Σ': 'sum',
  'ᵢ': '_i',
  'ⱼ': '_j',
  '₀': '0',
  '₁': '1',
  '₂': '2',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '∞': 'infinity',
  '√': 'sqrt',
  '∈': 'in',
  '′': "'",
  '″': '"',
  '✓': 'yes',
  '✔': 'yes',
  '✗': 'no',
  '✘': 'no',
  '¦': '|',
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space
  '\u2007': ' ', // figure space
  '\u2002': ' ',
  '\u2003': ' ',
  '\t': ' ',
  '\r': '',
};

/** Zero-width characters, bidi controls, other control characters: nothing to draw. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufe00-\ufe0f]/gu;

/** What a string is drawn with: the standard font, or the embedded Unicode font. */
export type PdfFontKind = 'standard' | 'unicode';

export interface PreparedText {
  text: string;
  font: PdfFontKind;
}

/** The embedded Unicode font, as far as the text needs to know it. */
export interface GlyphCoverage {
  has(codePoint: number): boolean;
}

/** Symbols to plain spellings, invisible characters out, composed form (NFC). */
export function normalise(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(INVISIBLE, '')) out += SYMBOLS[ch] ?? ch;
  return out;
}

/** The characters left that Helvetica cannot draw. */
function allWinAnsi(text: string): boolean {
  for (const ch of text) if (!isWinAnsi(ch.codePointAt(0)!)) return false;
  return true;
}

/** Letters without a decomposition that still read well in Latin. */
const LATIN_FALLBACK: Record<string, string> = {
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŀ': 'L', 'ŀ': 'l',
  'Ŋ': 'N', 'ŋ': 'n', 'Ŧ': 'T', 'ŧ': 't', 'ĸ': 'k', 'ſ': 's', 'Ə': 'E', 'ə': 'e',
};

/** Without the Unicode font: accents dropped where that leaves a WinAnsi letter, else `?`. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of normalise(text)) {
    const code = ch.codePointAt(0)!;
    if (isWinAnsi(code)) {
      out += ch;
      continue;
    }
    const fallback = LATIN_FALLBACK[ch];
    if (fallback) {
      out += fallback;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base && allWinAnsi(base) ? base : '?';
  }
  return out;
}

const PDFDOC_SAFE: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '“': '"', '”': '"', '„': '"', '–': '-', '—': '-', '…': '...', '•': '-',
  '€': 'EUR', '™': '(TM)', '‹': '<', '›': '>', 'Œ': 'OE', 'œ': 'oe', 'Š': 'S', 'š': 's', 'Ž': 'Z', 'ž': 'z', 'Ÿ': 'Y', 'ƒ': 'f',
};

/**
 * For the bookmarks and the document properties: jsPDF writes them in PDFDocEncoding, which
 * matches Latin-1 from 0xA0 but not WinAnsi's extra characters. Those get ASCII spellings.
 */
export function toPdfDocText(text: string): string {
  let out = '';
  for (const ch of toWinAnsi(text)) out += PDFDOC_SAFE[ch] ?? ch;
  return out;
}

/** True when the text, once symbols are spelled plainly, still holds letters Helvetica lacks. */
export function needsUnicodeFont(text: string): boolean {
  return !allWinAnsi(normalise(text));
}

/**
 * The one sanitising function of a report. `unicode` is the embedded font's coverage when it
 * was loaded, null otherwise. `replaced` collects the strings that could not be drawn exactly as written.
 */
export class PdfText {
  /** The strings (as given) that lost a character they could not be drawn with. */
  readonly replaced = new Set<string>();
  constructor(private readonly unicode: GlyphCoverage | null) {}

  prepare(raw: string): PreparedText {
    const text = normalise(String(raw));
    if (allWinAnsi(text)) return { text, font: 'standard' };
    if (!this.unicode) {
      const plain = toWinAnsi(text);
      if (plain !== text) this.replaced.add(String(raw));
      return { text: plain, font: 'standard' };
    }
    let out = '';
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code === 0x0a || this.unicode.has(code)) out += ch;
      else {
        out += '?';
        this.replaced.add(String(raw));
      }
    }
    return { text: out, font: 'unicode' };
  }
}
