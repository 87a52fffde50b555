// Printing a view: the charts were drawn for the screen's width, which is wider than paper. While
// the page is printed (the print dialog, "Save as PDF", or print emulation) every chart is redrawn
// at most as wide as the printable width (170 mm, inside A4 and US Letter with print.css's
// margins), synchronously, so the snapshot has it; its SVG also gets a viewBox, so that whatever
// width the browser lays the paper out at, print.css can scale it. Afterwards both are undone.
import { drawnCharts } from '../../charts/drawn.ts';

const MARK = 'data-print-viewbox';
const PRINT_WIDTH = '170mm';

function fitViewBox(svg: SVGSVGElement): void {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  if (!(width > 0 && height > 0)) return;
  if (svg.hasAttribute('viewBox') && !svg.hasAttribute(MARK)) return; // not ours
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute(MARK, '');
}

/** 170 mm in CSS pixels. */
function printWidth(): number {
  const probe = document.createElement('div');
  probe.style.cssText = `position:absolute;visibility:hidden;width:${PRINT_WIDTH}`;
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return width || 640;
}

/** Listens for printing; returns the function that stops listening. */
export function fitChartsWhenPrinting(): () => void {
  let observer: MutationObserver | null = null;
  let printing = false;

  const fit = () => {
    if (printing) return;
    printing = true;
    const max = printWidth();
    for (const chart of drawnCharts.values()) {
      if (chart.isDisposed() || chart.getWidth() <= max) continue;
      chart.resize({ width: max, height: chart.getHeight(), animation: { duration: 0 } });
      chart.getZr().refreshImmediately();
    }
    for (const svg of document.querySelectorAll<SVGSVGElement>('.chart svg')) fitViewBox(svg);
    // A chart redrawn while printing (its window resized) keeps a viewBox that matches it.
    observer ??= new MutationObserver((records) => {
      for (const record of records) {
        if (record.target instanceof SVGSVGElement) fitViewBox(record.target);
        for (const node of record.addedNodes) if (node instanceof SVGSVGElement) fitViewBox(node);
      }
    });
    for (const element of document.querySelectorAll('.chart')) {
      observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ['width', 'height'] });
    }
  };

  const unfit = () => {
    if (!printing) return;
    printing = false;
    observer?.disconnect();
    observer = null;
    for (const svg of document.querySelectorAll<SVGSVGElement>(`.chart svg[${MARK}]`)) {
      svg.removeAttribute('viewBox');
      svg.removeAttribute(MARK);
    }
    for (const chart of drawnCharts.values()) {
      if (!chart.isDisposed()) chart.resize({ animation: { duration: 0 } });
    }
  };

  const print = window.matchMedia('print');
  const onChange = (event: MediaQueryListEvent) => (event.matches ? fit() : unfit());
  window.addEventListener('beforeprint', fit);
  window.addEventListener('afterprint', unfit);
  print.addEventListener('change', onChange);
  return () => {
    unfit();
    window.removeEventListener('beforeprint', fit);
    window.removeEventListener('afterprint', unfit);
    print.removeEventListener('change', onChange);
  };
}
