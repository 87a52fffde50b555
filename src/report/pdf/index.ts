// The browser's entry to the PDF report, loaded by `import()` when **Export PDF** is clicked:
// jsPDF, svg2pdf.js and this code stay out of the page's main bundle. The Unicode font is
// fetched from our own origin only when a name needs it.
import boldUrl from './fonts/DejaVuSans-Bold.ttf?url';
import regularUrl from './fonts/DejaVuSans.ttf?url';
import { reportFileName } from '../file-name.ts';
import { UNICODE_FAMILY, type UnicodeFontFiles } from './fonts.ts';
import { buildReport, type ReportInput } from './report.ts';
import { svgDrawer } from './svg.ts';
import { needsUnicodeFont } from './text.ts';

export interface PdfFile {
  fileName: string;
  blob: Blob;
  /** Pages in the report. */
  pages: number;
}

export async function exportPdf(input: ReportInput): Promise<PdfFile> {
  const names = [
    input.organisation,
    ...input.metrics.domains.map((d) => d.label),
    ...input.summary.files.map((f) => f.fileName),
  ];
  const unicodeFont = names.some(needsUnicodeFont) ? await loadUnicodeFont() : null;
  const doc = await buildReport(input, { chartDrawer: svgDrawer, unicodeFont });
  return {
    fileName: reportFileName(input.organisation, input.metrics.assessed_at),
    blob: doc.output('blob'),
    pages: doc.getNumberOfPages(),
  };
}

/**
 * DejaVu Sans from our origin. It is also registered with the page (FontFace) so that the charts
 * measure their labels with the font they will be printed in. A font that cannot be loaded
 * leaves the report in Helvetica, with accents dropped and other letters as "?".
 */
async function loadUnicodeFont(): Promise<UnicodeFontFiles | null> {
  try {
    const [regular, bold] = await Promise.all(
      [regularUrl, boldUrl].map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      }),
    );
    await registerFace(regular!, 'normal');
    await registerFace(bold!, 'bold');
    return { regular: regular!, bold: bold! };
  } catch (e) {
    console.warn('The report font could not be loaded; names outside Latin-1 print approximately.', e);
    return null;
  }
}

async function registerFace(bytes: Uint8Array, weight: 'normal' | 'bold'): Promise<void> {
  if (typeof FontFace === 'undefined' || !('fonts' in document)) return;
  try {
    const face = new FontFace(UNICODE_FAMILY, bytes.slice().buffer, { weight });
    await face.load();
    document.fonts.add(face);
  } catch {
    // Measuring with a fallback font only shifts chart labels slightly.
  }
}
