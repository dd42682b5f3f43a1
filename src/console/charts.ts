const SVG = 'http://www.w3.org/2000/svg';

export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

export interface Marker {
  time: number;
  label: string;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const niceMax = (value: number) => {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value)!;
};

/**
 * A line chart over time as SVG: one line per series, event markers as labelled vertical lines. The chart
 * is an image with a text summary (role=img + aria-label); the numbers are also in the page as text.
 */
export function lineChart(options: { title: string; times: number[]; end: number; series: Series[]; markers: Marker[]; unit: string; summary: string }): SVGSVGElement {
  const width = 900;
  const height = 260;
  const pad = { left: 56, right: 16, top: 16, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${options.title}. ${options.summary}`, class: 'chart' });
  chart.append(svg('title', {}, options.title));
  const t0 = options.times[0] ?? 0;
  // The axis runs to the end of the range, so something that happened in the last interval still shows.
  const t1 = Math.max(options.end, options.times.at(-1) ?? t0 + 1);
  const x = (t: number) => pad.left + ((t - t0) / Math.max(1, t1 - t0)) * plotW;
  const max = niceMax(Math.max(0, ...options.series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;

  for (let i = 0; i <= 4; i++) {
    const value = (max / 4) * i;
    chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'grid' }));
    chart.append(svg('text', { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, `${Number(value.toPrecision(3))}${options.unit}`));
  }
  const ticks = Math.min(6, options.times.length);
  for (let i = 0; i < ticks; i++) {
    const t = t0 + ((t1 - t0) * i) / Math.max(1, ticks - 1);
    const label = new Date(t).toISOString().slice(5, 16).replace('T', ' ');
    chart.append(svg('text', { x: x(t), y: height - 12, 'text-anchor': 'middle', class: 'axis' }, label));
  }
  for (const series of options.series) {
    let d = '';
    series.values.forEach((value, i) => {
      if (value === null) return;
      d += `${d === '' || series.values[i - 1] === null ? 'M' : 'L'}${x(options.times[i]!).toFixed(1)},${y(value).toFixed(1)}`;
    });
    chart.append(svg('path', { d, fill: 'none', stroke: series.color, 'stroke-width': 2, class: 'series', 'data-series': series.name }));
  }
  options.markers
    .filter((m) => m.time >= t0 && m.time <= t1)
    .sort((a, b) => a.time - b.time)
    .forEach((marker, index) => {
      const group = svg('g', { class: 'marker', 'data-label': marker.label });
      group.append(svg('line', { x1: x(marker.time), x2: x(marker.time), y1: pad.top, y2: pad.top + plotH }));
      // Labels near the right edge run leftwards so they stay inside the chart.
      const nearRight = x(marker.time) > pad.left + plotW * 0.7;
      group.append(svg('text', { x: x(marker.time) + (nearRight ? -3 : 3), y: pad.top + 10 + (index % 3) * 13, 'text-anchor': nearRight ? 'end' : 'start', class: 'marker-label' }, marker.label));
      group.append(svg('title', {}, marker.label));
      chart.append(group);
    });
  return chart;
}

/** The legend as an HTML list, so the colours are named in text too. */
export function legend(series: Series[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = s.color;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, s.name);
    list.append(item);
  }
  return list;
}
