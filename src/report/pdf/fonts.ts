// The embedded Unicode font (DejaVu Sans, regular and bold): added to a report only when a name in
// it has letters outside WinAnsi. jsPDF embeds the glyphs used, not the whole font.
import type { jsPDF } from 'jspdf';
import type { GlyphCoverage } from './text.ts';

export const UNICODE_FAMILY = 'DejaVuSans';

/** The two font files' bytes (fetched from our own origin in the browser, read from disk in tests). */
export interface UnicodeFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** Adds the font to the document and returns which characters it can draw. */
export function embedUnicodeFont(doc: jsPDF, files: UnicodeFontFiles): GlyphCoverage {
  const faces = [
    ['normal', 'DejaVuSans.ttf', files.regular],
    ['bold', 'DejaVuSans-Bold.ttf', files.bold],
  ] as const;
  const glyphs: ((codePoint: number) => number)[] = [];
  for (const [style, name, bytes] of faces) {
    doc.addFileToVFS(name, base64(bytes));
    doc.addFont(name, UNICODE_FAMILY, style, 'Identity-H');
    doc.setFont(UNICODE_FAMILY, style);
    const metadata = (doc.getFont() as unknown as { metadata: { characterToGlyph(code: number): number } }).metadata;
    glyphs.push((code) => metadata.characterToGlyph(code));
  }
  doc.setFont('helvetica', 'normal');
  // A character counts as drawable when both faces have it.
  return { has: (codePoint) => glyphs.every((glyph) => glyph(codePoint) !== 0) };
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
