// Charts: Vega-Lite specs rendered to SVG on the server (no client JavaScript). The SVG is decorative for assistive
// technology (the figure's caption describes it and every chart is paired with its data table by the caller).
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { html, raw, type SafeHtml } from './html.ts';

const FONT = 'Source Sans Pro, Helvetica, Arial, sans-serif';

export async function chartSvg(spec: Record<string, unknown>): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 640,
    height: 240,
    config: { font: FONT, axis: { labelFontSize: 12, titleFontSize: 13 }, legend: { labelFontSize: 12 } },
    ...spec,
  };
  const view = new vega.View(vega.parse(vl.compile(full as vl.TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  await view.finalize();
  // Strip Vega's per-mark ARIA roles: the figure as a whole is described by its caption and table.
  return svg
    .replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '')
    .replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}

export async function figure(title: string, description: string, spec: Record<string, unknown>): Promise<SafeHtml> {
  return html`<figure class="margin-x-0 margin-y-3"><div class="sb-chart">${raw(await chartSvg(spec))}</div>
    <figcaption><strong>${title}</strong> — ${description}</figcaption></figure>`;
}
