// From ECharts' SVG text to vectors in the PDF (browser only: svg2pdf.js needs a DOM).
//
// The SVG is parsed into an inert document (DOMParser: no script runs, nothing loads), cut down
// to the shapes and text ECharts draws, and every text node passes through the report's
// sanitiser, so a domain named `<img src=x onerror=…>` is drawn as those characters. svg2pdf
// then writes paths, gradients and text as PDF operators: nothing is rasterised.
import type { jsPDF } from 'jspdf';
import { svg2pdf } from 'svg2pdf.js';
import type { ChartDrawer } from './charts.ts';
import type { Fonts } from './layout.ts';
import type { PdfText } from './text.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What ECharts' SVG renderer writes; anything else is dropped before drawing. */
const ALLOWED = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'defs', 'clipPath', 'linearGradient', 'radialGradient', 'stop', 'style',
]);

export function svgDrawer(doc: jsPDF, text: PdfText, fonts: Fonts): ChartDrawer {
  return async (svg, x, y, width, height) => {
    const root = parseSvg(svg);
    prepareText(root, text, fonts);
    await svg2pdf(root, doc, { x, y, width, height, loadExternalStyleSheets: false, loadImages: false });
  };
}

function parseSvg(svg: string): SVGSVGElement {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length) {
    throw new Error('A chart could not be drawn: ECharts did not produce a valid SVG.');
  }
  clean(root);
  return root as unknown as SVGSVGElement;
}

/** Drops elements ECharts does not write and any attribute that could reach outside the file. */
function clean(element: Element): void {
  for (const child of [...element.children]) {
    if (child.namespaceURI !== SVG_NS || !ALLOWED.has(child.localName)) child.remove();
    else clean(child);
  }
  for (const attribute of [...element.attributes]) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on') || name.includes('href')) element.removeAttribute(attribute.name);
  }
}

/**
 * ECharts writes `style="font: normal 600 12px helvetica"` and `dominant-baseline`; svg2pdf reads
 * presentation attributes, `alignment-baseline`, and only the weights jsPDF has (normal, bold).
 * Every text node is sanitised and gets the font that can draw it.
 */
function prepareText(root: Element, text: PdfText, fonts: Fonts): void {
  for (const node of [...root.getElementsByTagNameNS(SVG_NS, 'text')]) {
    const font = parseFont(node.getAttribute('style') ?? '');
    const prepared = text.prepare(node.textContent ?? '');
    node.textContent = prepared.text;
    node.removeAttribute('style');
    const family = prepared.font === 'unicode' && fonts.unicode ? fonts.unicode : 'helvetica';
    node.setAttribute('font-family', family);
    node.setAttribute('font-size', String(font.size));
    node.setAttribute('font-weight', font.bold ? 'bold' : 'normal');
    // The embedded font has no italic face.
    node.setAttribute('font-style', font.italic && family === 'helvetica' ? 'italic' : 'normal');
    const baseline = node.getAttribute('dominant-baseline');
    if (baseline) node.setAttribute('alignment-baseline', baseline === 'central' ? 'middle' : baseline);
  }
}

interface FontSpec {
  size: number;
  bold: boolean;
  italic: boolean;
}

/** Reads the `font` shorthand and the longhands ECharts writes into a text's `style`. */
export function parseFont(style: string): FontSpec {
  const spec: FontSpec = { size: 12, bold: false, italic: false };
  for (const declaration of style.split(';')) {
    const at = declaration.indexOf(':');
    if (at < 0) continue;
    const property = declaration.slice(0, at).trim().toLowerCase();
    const value = declaration.slice(at + 1).trim().toLowerCase();
    if (property === 'font') {
      const match = /^(?:(normal|italic|oblique)\s+)?(?:(normal|bold|bolder|lighter|\d{3})\s+)?([\d.]+)px\b/.exec(value);
      if (match) {
        spec.italic = match[1] === 'italic' || match[1] === 'oblique';
        spec.bold = isBold(match[2]);
        spec.size = Number(match[3]);
      }
    } else if (property === 'font-size') {
      const size = Number.parseFloat(value);
      if (Number.isFinite(size)) spec.size = size;
    } else if (property === 'font-weight') {
      spec.bold = isBold(value);
    } else if (property === 'font-style') {
      spec.italic = value === 'italic' || value === 'oblique';
    }
  }
  return spec;
}

function isBold(weight: string | undefined): boolean {
  if (!weight) return false;
  if (weight === 'bold' || weight === 'bolder') return true;
  const n = Number(weight);
  return Number.isFinite(n) && n >= 600;
}
