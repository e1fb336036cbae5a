// Figure builders over a 2-D plane: loss contours with optimizer paths, a 3-D surface, the MLP's decision
// boundary, and a contour with a slider over precomputed runs. Plain Plotly objects, no kernel.
import type { Dataset } from "../data";
import type { MLP } from "../mlp";
import type { Problem } from "../problems";
import { checkNumber } from "../validate";
import { axis, checkNonEmpty, checkText, colorOf, extent, logGrid, sampleGrid, toData, windowOf } from "./common";
import type { ContourTrace, Figure, NamedPath, ScatterTrace, SurfaceTrace, Trace, Window } from "./types";

/** The loss of a 2-D problem as a function of (x, y). */
function lossAt(problem: Problem): (x: number, y: number) => number {
  const p = new Float64Array(2);
  return (x, y) => {
    p[0] = x;
    p[1] = y;
    return problem.loss(p);
  };
}

/** The filled contour of a problem's loss over a window. */
function lossContour(problem: Problem, window: Window, resolution: number, logZ: boolean): ContourTrace {
  const grid = sampleGrid(lossAt(problem), window, resolution);
  return {
    type: "contour",
    name: "loss",
    x: grid.x,
    y: grid.y,
    z: logZ ? logGrid(grid.z) : grid.z,
    colorscale: "Viridis",
    reversescale: true,
    ncontours: 30,
    contours: { coloring: "fill", showlines: true },
    line: { width: 0.5, color: "rgba(255,255,255,0.35)" },
    colorbar: { title: { text: logZ ? "log₁₀(f − min f)" : "f" }, len: 0.8 },
    showlegend: false,
    hovertemplate: `x=%{x:.3g}<br>y=%{y:.3g}<br>${logZ ? "log₁₀(f − min f)" : "f"}=%{z:.4g}<extra></extra>`,
  };
}

/** Line, start marker (circle) and end marker (star) of one named path, all in the path's colour. */
function pathTraces(owner: string, p: NamedPath, index: number): ScatterTrace[] {
  const name = checkText(owner, `paths[${index}].name`, p?.name);
  if (!Array.isArray(p.path) || p.path.length === 0) throw new TypeError(`${owner}: paths[${index}].path ("${name}") must be a non-empty array of [x, y] points`);
  p.path.forEach((pt, s) => {
    if (!pt || pt.length < 2) throw new TypeError(`${owner}: paths[${index}].path[${s}] ("${name}") must be a point [x, y], got ${JSON.stringify(pt)}`);
  });
  const x = toData(p.path.map((pt) => pt[0]));
  const y = toData(p.path.map((pt) => pt[1]));
  const color = colorOf(index);
  const last = p.path.length - 1;
  const at = (s: number) => ({ x: [x[s]], y: [y[s]] });
  return [
    { type: "scatter", mode: "lines+markers", name, legendgroup: name, x, y, line: { color, width: 2 }, marker: { color, size: 4 } },
    {
      type: "scatter", mode: "markers", name: `${name}: start`, legendgroup: name, showlegend: false, ...at(0),
      marker: { color, size: 12, symbol: "circle", line: { color: "#ffffff", width: 2 } },
      hovertemplate: `start of ${name}<br>(%{x:.4g}, %{y:.4g})<extra></extra>`,
    },
    {
      type: "scatter", mode: "markers", name: `${name}: end`, legendgroup: name, showlegend: false, ...at(last),
      marker: { color, size: 16, symbol: "star", line: { color: "#000000", width: 1 } },
      hovertemplate: `end of ${name} (step ${last})<br>(%{x:.4g}, %{y:.4g})<extra></extra>`,
    },
  ];
}

/** Two legend-only entries that explain the start and end markers. */
function markerLegend(): ScatterTrace[] {
  return [
    { type: "scatter", mode: "markers", name: "start", x: [null], y: [null], marker: { color: "#555555", size: 10, symbol: "circle" } },
    { type: "scatter", mode: "markers", name: "end", x: [null], y: [null], marker: { color: "#555555", size: 12, symbol: "star" } },
  ];
}

/** Axes fixed to the window, x and y titled by the parameter names. */
function planeAxes(window: Window) {
  const xaxis = { ...axis("x (first parameter)"), range: [window[0][0], window[0][1]] as [number, number], zeroline: false };
  const yaxis = { ...axis("y (second parameter)"), range: [window[1][0], window[1][1]] as [number, number], zeroline: false };
  return { xaxis, yaxis };
}

/**
 * The loss of a 2-D problem as filled contours over its window, with each optimizer path drawn on top:
 * a circle marks the start and a star the end. `logZ` colours by log10(f - min f).
 */
export function contourPaths(
  problem: Problem,
  paths: { name: string; path: number[][] }[],
  options: { title: string; window?: [[number, number], [number, number]]; logZ?: boolean; resolution?: number },
): Figure {
  const owner = "contourPaths";
  const title = checkText(owner, "options.title", options?.title);
  const window = windowOf(owner, problem, options.window);
  const resolution = checkNumber(owner, "options.resolution", options.resolution ?? 80, { min: 10, max: 300, integer: true });
  if (!Array.isArray(paths)) throw new TypeError(`${owner}: paths must be an array of { name, path }`);
  const data: Trace[] = [lossContour(problem, window, resolution, options.logZ === true)];
  paths.forEach((p, i) => data.push(...pathTraces(owner, p, i)));
  if (paths.length > 0) data.push(...markerLegend());
  return {
    data,
    layout: {
      title: { text: title },
      ...planeAxes(window),
      showlegend: paths.length > 0,
      hovermode: "closest",
      height: 560,
      // below the plot, so it never hides a path
      legend: { orientation: "h", x: 0, y: -0.16, xanchor: "left", yanchor: "top" },
    },
  };
}

/** The loss of a 2-D problem as a 3-D surface over its window (drag to rotate). */
export function surface3d(problem: Problem, options: { title: string; window?: [[number, number], [number, number]]; resolution?: number; logZ?: boolean }): Figure {
  const owner = "surface3d";
  const title = checkText(owner, "options.title", options?.title);
  const window = windowOf(owner, problem, options.window);
  const resolution = checkNumber(owner, "options.resolution", options.resolution ?? 60, { min: 10, max: 200, integer: true });
  const logZ = options.logZ === true;
  const grid = sampleGrid(lossAt(problem), window, resolution);
  // a 3-D surface needs a larger δ than a contour: the log of near-zero grid values would stand as spikes
  const zTitle = logZ ? "log₁₀(f − min f + ε)" : "loss f";
  const surface: SurfaceTrace = {
    type: "surface",
    name: "loss",
    x: grid.x,
    y: grid.y,
    z: logZ ? logGrid(grid.z, 1e-3) : grid.z,
    colorscale: "Viridis",
    colorbar: { title: { text: zTitle }, len: 0.7 },
  };
  return {
    data: [surface],
    layout: {
      title: { text: title },
      scene: { xaxis: axis("x"), yaxis: axis("y"), zaxis: axis(zTitle), camera: { eye: { x: 1.6, y: -1.6, z: 1.1 } } },
      height: 560,
      margin: { l: 0, r: 0, t: 50, b: 0 },
    },
  };
}

/**
 * The MLP's predicted probability p(label 1 | x, y) as filled contours over the data's square, the decision
 * boundary p = 0.5 as a black line, and the data points coloured by their true label.
 */
export function decisionBoundary(model: MLP, params: Float64Array, data: Dataset, options: { title: string; resolution?: number }): Figure {
  const owner = "decisionBoundary";
  const title = checkText(owner, "options.title", options?.title);
  const resolution = checkNumber(owner, "options.resolution", options.resolution ?? 60, { min: 10, max: 200, integer: true });
  if (!(params instanceof Float64Array) || params.length !== model.size) {
    throw new RangeError(`${owner}: params must be a Float64Array of length ${model.size} (the model's size), got ${params?.length}`);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let s = 0; s < data.size; s++) {
    xs.push(data.inputs[2 * s]);
    ys.push(data.inputs[2 * s + 1]);
  }
  const ex = extent([xs]) ?? [-1, 1];
  const ey = extent([ys]) ?? [-1, 1];
  const pad = 0.1 * Math.max(ex[1] - ex[0], ey[1] - ey[0], 1e-9);
  const window: Window = [[ex[0] - pad, ex[1] + pad], [ey[0] - pad, ey[1] + pad]];
  const grid = sampleGrid((x, y) => model.predict(params, x, y), window, resolution);
  const probability: ContourTrace = {
    type: "contour", name: "p(label 1)", x: grid.x, y: grid.y, z: grid.z, colorscale: "RdBu", reversescale: true,
    contours: { coloring: "fill", start: 0, end: 1, size: 0.1, showlines: false }, opacity: 0.55,
    colorbar: { title: { text: "p(label 1)" }, len: 0.8 }, showlegend: false,
    hovertemplate: "x=%{x:.3g}<br>y=%{y:.3g}<br>p=%{z:.3f}<extra></extra>",
  };
  const boundary: ContourTrace = {
    type: "contour", name: "boundary p = 0.5", x: grid.x, y: grid.y, z: grid.z, showscale: false, showlegend: true,
    colorscale: [[0, "#000000"], [1, "#000000"]],
    contours: { coloring: "lines", start: 0.5, end: 0.5, size: 1 }, line: { color: "#000000", width: 3 },
    hovertemplate: "p = 0.5<extra></extra>",
  };
  const points = (label: number, name: string, color: string): ScatterTrace => {
    const idx = xs.map((_, s) => s).filter((s) => (data.labels[s] >= 0.5) === (label === 1));
    return {
      type: "scatter", mode: "markers", name, x: idx.map((s) => xs[s]), y: idx.map((s) => ys[s]),
      marker: { color, size: 7, line: { color: "#ffffff", width: 1 } },
    };
  };
  return {
    data: [probability, boundary, points(1, "label 1 (inside)", "#08306b"), points(0, "label 0 (outside)", "#a50f15")],
    layout: {
      title: { text: title },
      xaxis: { ...axis("x₁"), range: [window[0][0], window[0][1]], zeroline: false, constrain: "domain" },
      yaxis: { ...axis("x₂"), range: [window[1][0], window[1][1]], zeroline: false, scaleanchor: "x", scaleratio: 1, constrain: "domain" },
      showlegend: true, height: 520, hovermode: "closest",
      legend: { orientation: "h", x: 0, y: -0.15 },
    },
  };
}

/**
 * Contours of a 2-D problem with a slider: each position shows the paths of one precomputed setting
 * (e.g. one learning rate), with start and end marked; the contour stays in place.
 */
export function sliderContour(
  problem: Problem,
  steps: { label: string; paths: { name: string; path: number[][] }[] }[],
  options: { title: string; sliderTitle: string; window?: [[number, number], [number, number]]; logZ?: boolean },
): Figure {
  const owner = "sliderContour";
  const title = checkText(owner, "options.title", options?.title);
  const sliderTitle = checkText(owner, "options.sliderTitle", options.sliderTitle);
  checkNonEmpty(owner, "steps", steps);
  const window = windowOf(owner, problem, options.window);
  const data: Trace[] = [lossContour(problem, window, 70, options.logZ === true)];
  const owners: number[] = [-1];
  steps.forEach((step, k) => {
    checkText(owner, `steps[${k}].label`, step?.label);
    checkNonEmpty(owner, `steps[${k}].paths`, step.paths);
    step.paths.forEach((p, i) => {
      for (const t of pathTraces(owner, p, i)) {
        data.push({ ...t, visible: k === 0 });
        owners.push(k);
      }
    });
  });
  for (const t of markerLegend()) {
    data.push(t);
    owners.push(-1);
  }
  return {
    data,
    layout: {
      title: { text: title },
      ...planeAxes(window),
      showlegend: true,
      hovermode: "closest",
      height: 600,
      // above the plot: the slider takes the space below it
      legend: { orientation: "h", x: 0, y: 1.02, xanchor: "left", yanchor: "bottom" },
      margin: { t: 100 },
      sliders: [
        {
          active: 0,
          currentvalue: { prefix: `${sliderTitle} = ` },
          pad: { t: 50 },
          steps: steps.map((s, k) => ({ label: s.label, method: "restyle", args: [{ visible: owners.map((o) => o === -1 || o === k) }] })),
        },
      ],
    },
  };
}
