/**
 * `mnas-ts/report`: the report of `mnas-ts report` as a library (Node). `renderReport` turns
 * a journal read by `readJournal` into the self-contained HTML page the CLI writes; the figure
 * kit below draws SVG figures in the same style (axes fitted to the data, 1-2-5 ticks, numbers
 * rounded for people, every interpolated value escaped).
 *
 * @example
 * import { readJournal } from 'mnas-ts/search';
 * import { renderReport } from 'mnas-ts/report';
 * const page = renderReport(await readJournal('runs/search.jsonl'), { title: 'My search' });
 *
 * @module mnas-ts/report
 */

// The report page and its two figures.
export { paretoSvg, renderReport, rewardSvg, type ReportOptions } from '../cli/report.js';

// The figure kit: axes, positions, the frame with ticks and labels, escaped HTML templates.
export {
  H as FIGURE_HEIGHT,
  M as FIGURE_MARGINS,
  W as FIGURE_WIDTH,
  axis,
  frame,
  informativeRange,
  round3,
  scale,
  tickValues,
  type Axis,
} from '../cli/chart.js';
export { Html, escapeHtml, html, raw } from '../cli/html.js';
