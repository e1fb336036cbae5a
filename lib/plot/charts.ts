// Figure builders for curves over steps: loss curves, parameter traces, schedules, histograms and a
// slider over precomputed runs. Each returns a plain Plotly figure and never touches the kernel.
import type { Schedule } from "../schedules";
import { meanStd } from "../stats";
import { checkNumber } from "../validate";
import {
  axis,
  checkArrayLike,
  checkNonEmpty,
  checkText,
  colorOf,
  extent,
  paddedRange,
  range,
  toData,
} from "./common";
import type { ChartOptions, Datum, Figure, HistogramTrace, ScatterTrace, Series } from "./types";

/** Turns one series into a line trace, checking that x and y have the same length. */
function seriesTrace(owner: string, s: Series, index: number, logY: boolean): ScatterTrace {
  const name = checkText(owner, `series[${index}].name`, s?.name);
  const y = checkArrayLike(owner, `series[${index}].y ("${name}")`, s.y);
  const x = s.x === undefined ? range(y.length) : toData(checkArrayLike(owner, `series[${index}].x ("${name}")`, s.x));
  if (x.length !== y.length) {
    throw new RangeError(`${owner}: series "${name}" has ${x.length} x values but ${y.length} y values; they must match`);
  }
  return {
    type: "scatter",
    mode: y.length === 1 ? "markers" : "lines",
    name,
    x,
    y: toData(y, logY),
    line: { color: colorOf(index), width: 2, dash: s.dash ? "dash" : "solid" },
    marker: { color: colorOf(index), size: 6 },
  };
}

/** A line chart of one or more named series, with a title, axis titles and a legend when there are several. */
export function lineChart(series: Series[], options: ChartOptions): Figure {
  const owner = "lineChart";
  checkNonEmpty(owner, "series", series);
  const title = checkText(owner, "options.title", options?.title);
  const logY = options.logY === true;
  const data = series.map((s, i) => seriesTrace(owner, s, i, logY));
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: axis(checkText(owner, "options.xTitle", options.xTitle)),
      yaxis: axis(checkText(owner, "options.yTitle", options.yTitle), logY),
      showlegend: series.length > 1,
      hovermode: "closest",
    },
  };
}

/** Loss over steps for one or more runs; x is "step" and y "loss" unless the options say otherwise. */
export function lossCurves(series: Series[], options: Partial<ChartOptions> & { title: string; logY?: boolean }): Figure {
  return lineChart(series, { xTitle: "step", yTitle: "loss", ...options });
}

/** Parameter values over steps (one series per parameter or run); y is "parameter value" by default. */
export function parameterTraces(series: Series[], options: Partial<ChartOptions> & { title: string; logY?: boolean }): Figure {
  return lineChart(series, { xTitle: "step", yTitle: "parameter value", ...options });
}

/** Learning rate against step for each schedule, evaluated at steps 0 … steps - 1. */
export function scheduleCurves(schedules: { name: string; schedule: Schedule }[], steps: number, options: { title: string; logY?: boolean }): Figure {
  const owner = "scheduleCurves";
  checkNonEmpty(owner, "schedules", schedules);
  checkNumber(owner, "steps", steps, { min: 1, integer: true });
  const series = schedules.map((s, i) => {
    if (typeof s?.schedule !== "function") throw new TypeError(`${owner}: schedules[${i}].schedule must be a function (step) => lr`);
    return { name: s.name, y: range(steps).map((k) => s.schedule(k)) };
  });
  return lineChart(series, { title: options.title, xTitle: "step", yTitle: "learning rate", logY: options.logY });
}

/** Powers of ten between lo and hi (log10 units), labelled 10ᵏ, for a histogram of log10 values. */
function powerTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const tickvals: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) tickvals.push(k);
  return { tickvals, ticktext: tickvals.map((k) => `10<sup>${k}</sup>`) };
}

/**
 * Overlaid histograms of one or more sets of values on shared bins (default 30). With `logX` the values are
 * binned by their base-10 logarithm (non-positive values are left out, and the legend says how many).
 */
export function histogram(series: { name: string; values: ArrayLike<number> }[], options: { title: string; xTitle: string; bins?: number; logX?: boolean }): Figure {
  const owner = "histogram";
  checkNonEmpty(owner, "series", series);
  const title = checkText(owner, "options.title", options?.title);
  const xTitle = checkText(owner, "options.xTitle", options.xTitle);
  const bins = checkNumber(owner, "options.bins", options.bins ?? 30, { min: 1, max: 1000, integer: true });
  const logX = options.logX === true;
  const columns: { name: string; x: Datum[] }[] = series.map((s, i) => {
    const name = checkText(owner, `series[${i}].name`, s?.name);
    const values = checkArrayLike(owner, `series[${i}].values ("${name}")`, s.values);
    const x = toData(values, logX).map((v) => (v !== null && logX ? Math.log10(v) : v));
    const dropped = x.filter((v) => v === null).length;
    const why = logX ? "≤ 0 or not finite" : "not finite";
    return { name: dropped > 0 ? `${name} (${dropped} ${why} left out)` : name, x };
  });
  const e = extent(columns.map((c) => c.x));
  const [lo, hi] = e ?? [0, 1];
  const size = hi > lo ? ((hi - lo) / bins) * (1 + 1e-9) : 1;
  const start = hi > lo ? lo : lo - 0.5;
  const data: HistogramTrace[] = columns.map((c, i) => ({
    type: "histogram",
    name: c.name,
    x: c.x,
    xbins: { start, end: start + bins * size, size },
    opacity: series.length > 1 ? 0.6 : 0.9,
    marker: { color: colorOf(i), line: { color: "#ffffff", width: 0.5 } },
  }));
  const xaxis = logX ? { ...axis(`${xTitle} (log scale)`), ...powerTicks(lo, hi) } : axis(xTitle);
  return {
    data,
    layout: { title: { text: title }, xaxis, yaxis: axis("count"), barmode: "overlay", showlegend: series.length > 1 },
  };
}

/**
 * An interactive line chart with a slider: one slider position per precomputed run (e.g. one learning rate
 * each). Axes are fixed over all positions, so moving the slider compares runs on the same scale.
 */
export function sliderChart(steps: { label: string; series: Series[] }[], options: ChartOptions & { sliderTitle: string }): Figure {
  const owner = "sliderChart";
  checkNonEmpty(owner, "steps", steps);
  const title = checkText(owner, "options.title", options?.title);
  const sliderTitle = checkText(owner, "options.sliderTitle", options.sliderTitle);
  const logY = options.logY === true;
  const data: ScatterTrace[] = [];
  const owners: number[] = [];
  steps.forEach((step, k) => {
    checkText(owner, `steps[${k}].label`, step?.label);
    checkNonEmpty(owner, `steps[${k}].series`, step.series);
    step.series.forEach((s, i) => {
      data.push({ ...seriesTrace(owner, s, i, logY), visible: k === 0, legendgroup: s.name });
      owners.push(k);
    });
  });
  const xs = extent(data.map((t) => t.x));
  const ys = extent(data.map((t) => t.y));
  const xaxis = axis(checkText(owner, "options.xTitle", options.xTitle));
  const yaxis = axis(checkText(owner, "options.yTitle", options.yTitle), logY);
  if (xs) xaxis.range = paddedRange(xs[0], xs[1], false);
  if (ys) yaxis.range = paddedRange(ys[0], ys[1], logY);
  return {
    data,
    layout: {
      title: { text: title },
      xaxis,
      yaxis,
      showlegend: steps.some((s) => s.series.length > 1),
      hovermode: "closest",
      sliders: [
        {
          active: 0,
          currentvalue: { prefix: `${sliderTitle} = ` },
          pad: { t: 50 },
          steps: steps.map((s, k) => ({ label: s.label, method: "restyle", args: [{ visible: owners.map((o) => o === k) }] })),
        },
      ],
      height: 520,
    },
  };
}

/**
 * Repeated runs side by side: for each group (e.g. one optimizer over ten seeds) a marker at the mean with an
 * error bar of ± one sample standard deviation, and every single run as a small grey dot behind it.
 */
export function spreadChart(groups: { name: string; values: ArrayLike<number> }[], options: { title: string; xTitle: string; yTitle: string }): Figure {
  const owner = "spreadChart";
  checkNonEmpty(owner, "groups", groups);
  const title = checkText(owner, "options.title", options?.title);
  const names = groups.map((g, i) => checkText(owner, `groups[${i}].name`, g?.name));
  const stats = groups.map((g, i) => meanStd(checkArrayLike(owner, `groups[${i}].values ("${names[i]}")`, g.values)));
  const runs: ScatterTrace = {
    type: "scatter",
    mode: "markers",
    name: "each run",
    x: groups.flatMap((g, i) => Array.from({ length: g.values.length }, () => i)),
    y: groups.flatMap((g) => toData(g.values)),
    marker: { color: "#9e9e9e", size: 5, opacity: 0.6 },
  };
  const means: ScatterTrace = {
    type: "scatter",
    mode: "markers",
    name: "mean ± standard deviation",
    x: range(groups.length),
    y: stats.map((s) => s.mean),
    marker: { color: colorOf(0), size: 10 },
    error_y: { type: "data", array: stats.map((s) => s.std), visible: true, color: colorOf(0), thickness: 2, width: 8 },
  };
  const xaxis = { ...axis(checkText(owner, "options.xTitle", options.xTitle)), tickvals: range(groups.length), ticktext: names };
  return { data: [runs, means], layout: { title: { text: title }, xaxis, yaxis: axis(checkText(owner, "options.yTitle", options.yTitle)), showlegend: true, hovermode: "closest" } };
}
