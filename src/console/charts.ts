import { intervalMs, placeLabels, pointTime, timeTickLabel, timeTicks, valueAxis } from './chart-math.ts';
import { formatTick } from './format.ts';

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

/** A stretch of time to highlight, e.g. an hour the anomaly detector flagged; `label` says why. */
export interface Band {
  from: number;
  to: number;
  label: string;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const LABEL_CHAR_WIDTH = 6.2; // average width of an 11px sans-serif character, in chart units
const LABEL_MAX_CHARS = 40;

export interface LineChartOptions {
  title: string;
  /** Interval starts as GraphQL returns them, and the interval ("1h"). */
  starts: number[];
  interval: string;
  /** The range the numbers cover: the time axis runs from one to the other. */
  from: number;
  to: number;
  /** Per point: only part of its interval lies in the range (GraphQL `partial`). */
  partial?: boolean[];
  series: Series[];
  markers: Marker[];
  /** Drawn behind the lines, with their label as a tooltip (the page lists them in text too). */
  bands?: Band[];
  unit: string;
  summary: string;
}

/**
 * A line chart over time as SVG: one line per series with each point at the middle of its interval, round
 * ticks on both axes, event markers as vertical lines whose labels never overlap (a label with no room is
 * left to its tooltip and to the text list under the chart). The chart is an image with a text summary
 * (role=img + aria-label); the numbers are also in the page as text.
 */
export function lineChart(options: LineChartOptions): SVGSVGElement {
  const width = 900;
  const height = 270;
  const pad = { left: 64, right: 16, top: 50, bottom: 30 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${options.title}. ${options.summary}`,
    class: 'chart',
  });
  chart.append(svg('title', {}, options.title));
  const { from, to } = options;
  const x = (t: number) => pad.left + ((t - from) / Math.max(1, to - from)) * plotW;
  const step = intervalMs(options.interval);
  const times = options.starts.map((start) => pointTime(start, step, from, to));
  const axis = valueAxis(
    Math.max(0, ...options.series.flatMap((s) => s.values.filter((v): v is number => v !== null))),
  );
  const y = (v: number) => pad.top + plotH - (v / axis.max) * plotH;

  for (const value of axis.ticks) {
    chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'grid' }));
    chart.append(
      svg(
        'text',
        { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis', 'data-value': value },
        `${formatTick(value, axis.step)}${options.unit}`,
      ),
    );
  }
  const timeAxis = timeTicks(from, to);
  for (const t of timeAxis.ticks) {
    chart.append(svg('line', { x1: x(t), x2: x(t), y1: pad.top, y2: pad.top + plotH, class: 'grid' }));
    chart.append(
      svg(
        'text',
        { x: x(t), y: height - 10, 'text-anchor': 'middle', class: 'axis', 'data-tick': new Date(t).toISOString() },
        timeTickLabel(t, timeAxis.step),
      ),
    );
  }
  for (const band of options.bands ?? []) {
    const left = x(Math.max(from, band.from));
    const right = x(Math.min(to, band.to));
    if (right <= left) continue;
    const rect = svg('rect', {
      x: left,
      y: pad.top,
      width: right - left,
      height: plotH,
      class: 'anomaly',
      'data-from': new Date(band.from).toISOString(),
    });
    rect.append(svg('title', {}, band.label));
    chart.append(rect);
  }
  const partial = options.partial ?? [];
  const at = (value: number, i: number) => `${x(times[i]!).toFixed(1)},${y(value).toFixed(1)}`;
  for (const series of options.series) {
    // Whole intervals make the line; a partial one (the range cuts it, e.g. the hour still running) is
    // joined by a dashed segment, so its smaller count does not read as a drop in traffic.
    let d = '';
    let dashed = '';
    series.values.forEach((value, i) => {
      if (value === null) return;
      const previous = series.values[i - 1];
      if (partial[i] || partial[i - 1]) {
        if (previous !== null && previous !== undefined) dashed += `M${at(previous, i - 1)}L${at(value, i)}`;
        return;
      }
      d += `${d === '' || previous === null || previous === undefined ? 'M' : 'L'}${at(value, i)}`;
    });
    chart.append(
      svg('path', {
        d,
        fill: 'none',
        stroke: series.color,
        'stroke-width': 2,
        class: 'series',
        'data-series': series.name,
      }),
    );
    if (dashed)
      chart.append(
        svg('path', {
          d: dashed,
          fill: 'none',
          stroke: series.color,
          'stroke-width': 2,
          'stroke-dasharray': '3 3',
          class: 'partial',
          'data-series': series.name,
        }),
      );
  }

  const markers = options.markers.filter((m) => m.time >= from && m.time <= to).sort((a, b) => a.time - b.time);
  const texts = markers.map((m) =>
    m.label.length > LABEL_MAX_CHARS ? `${m.label.slice(0, LABEL_MAX_CHARS - 1)}…` : m.label,
  );
  const placed = placeLabels(
    markers.map((m, i) => ({ x: x(m.time), width: texts[i]!.length * LABEL_CHAR_WIDTH })),
    pad.left,
    width - pad.right,
  );
  markers.forEach((marker, i) => {
    const { row, anchor, hidden } = placed[i]!;
    const group = svg('g', { class: 'marker', 'data-label': marker.label, 'data-row': hidden ? 'hidden' : row });
    // The line reaches up to its label's row, so each label is tied to its marker.
    group.append(
      svg('line', { x1: x(marker.time), x2: x(marker.time), y1: hidden ? pad.top : 8 + row * 13, y2: pad.top + plotH }),
    );
    if (!hidden)
      group.append(
        svg(
          'text',
          {
            x: x(marker.time) + (anchor === 'end' ? -3 : 3),
            y: 17 + row * 13,
            'text-anchor': anchor,
            class: 'marker-label',
          },
          texts[i]!,
        ),
      );
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
