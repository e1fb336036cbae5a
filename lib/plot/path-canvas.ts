/// <reference lib="dom" />
// The playground's paths and loss curves, drawn on a <canvas> laid over the Plotly figure. Plotly draws what
// changes rarely (the loss contour, the axes, the title); the canvas draws what changes on every frame of a
// dragged slider. A Plotly update costs 15 ms or more however few points move, because it re-derives the
// whole figure (defaults, data, layout); a canvas draws 4 × 1000-step paths in well under a millisecond.
// Bundled for the browser with the rest of lib/plot (lib/plot/bundle.ts); never imported by Node code.

/** A Plotly axis after layout: where it sits in the figure, in pixels, and the range it shows (log10 units on a log axis). */
export interface PlacedAxis {
  _offset: number;
  _length: number;
  range: [number, number];
  type: string;
}

/** The part of Plotly's laid-out figure (`gd._fullLayout`) the canvas needs to place its points. */
export interface PlacedLayout {
  width: number;
  height: number;
  xaxis: PlacedAxis;
  yaxis: PlacedAxis;
  xaxis2: PlacedAxis;
  yaxis2: PlacedAxis;
}

/** One optimizer's run as drawn: its path in the contour's plane and its loss at each step, up to `count` points. */
export interface DrawnRun {
  color: string;
  /** x and y of the path's points. */
  x: Float64Array;
  y: Float64Array;
  /** The loss at each point of the path. */
  loss: Float64Array;
  /** How many points are drawn (a prefix of the arrays). */
  count: number;
}

/** A data value → canvas pixel map of one axis: p = offset + length·(u(v) − r0)/(r1 − r0), u = log10 on a log axis. */
function pixelMap(axis: PlacedAxis, flip: boolean): (v: number) => number {
  const [r0, r1] = axis.range;
  const scale = axis._length / (r1 - r0);
  const log = axis.type === "log";
  if (flip) return (v) => axis._offset + axis._length - ((log ? Math.log10(v) : v) - r0) * scale;
  return (v) => axis._offset + ((log ? Math.log10(v) : v) - r0) * scale;
}

/** Draws one polyline through (x[k], y[k]) for k < count; a point that cannot be placed (NaN, ≤ 0 on a log axis) breaks the line. */
function polyline(ctx: CanvasRenderingContext2D, px: (v: number) => number, py: (v: number) => number, x: ArrayLike<number>, y: ArrayLike<number>, count: number): void {
  ctx.beginPath();
  let open = false;
  for (let k = 0; k < count; k++) {
    const u = px(x[k]);
    const v = py(y[k]);
    if (!Number.isFinite(u) || !Number.isFinite(v)) {
      open = false;
      continue;
    }
    if (open) ctx.lineTo(u, v);
    else ctx.moveTo(u, v);
    open = true;
  }
  ctx.stroke();
}

/** A five-pointed star of outer radius r centred on (cx, cy), as Plotly's "star" marker. */
function star(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : 0.4 * r;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const u = cx + radius * Math.cos(angle);
    const v = cy + radius * Math.sin(angle);
    if (k === 0) ctx.moveTo(u, v);
    else ctx.lineTo(u, v);
  }
  ctx.closePath();
}

/** Limits drawing to one subplot's rectangle. */
function clipTo(ctx: CanvasRenderingContext2D, x: PlacedAxis, y: PlacedAxis): void {
  ctx.beginPath();
  ctx.rect(x._offset, y._offset, x._length, y._length);
  ctx.clip();
}

/**
 * Sizes `canvas` to the figure (sharp on high-density screens) and draws every run: its path on the contour
 * (xaxis, yaxis) with a circle at the start and a star at the end, and its loss against the step on the
 * second subplot (xaxis2, yaxis2).
 */
export function drawRuns(canvas: HTMLCanvasElement, layout: PlacedLayout, runs: readonly DrawnRun[]): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(layout.width * ratio);
  const height = Math.round(layout.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
  }
  const ctx = canvas.getContext("2d");
  if (ctx === null) throw new Error("this browser gives no 2-D canvas to draw the paths on");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.lineJoin = "round";

  const px = pixelMap(layout.xaxis, false);
  const py = pixelMap(layout.yaxis, true);
  ctx.save();
  clipTo(ctx, layout.xaxis, layout.yaxis);
  for (const run of runs) {
    if (run.count === 0) continue;
    ctx.strokeStyle = run.color;
    ctx.lineWidth = 2;
    polyline(ctx, px, py, run.x, run.y, run.count);
  }
  for (const run of runs) {
    if (run.count === 0) continue;
    ctx.beginPath();
    ctx.arc(px(run.x[0]), py(run.y[0]), 5.5, 0, 2 * Math.PI);
    ctx.fillStyle = run.color;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
    const last = run.count - 1;
    star(ctx, px(run.x[last]), py(run.y[last]), 7);
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#000";
    ctx.stroke();
  }
  ctx.restore();

  const ps = pixelMap(layout.xaxis2, false);
  const pl = pixelMap(layout.yaxis2, true);
  const steps = new Float64Array(runs.reduce((n, r) => Math.max(n, r.count), 0)).map((_, k) => k);
  ctx.save();
  clipTo(ctx, layout.xaxis2, layout.yaxis2);
  ctx.lineWidth = 1.5;
  for (const run of runs) {
    ctx.strokeStyle = run.color;
    polyline(ctx, ps, pl, steps, run.loss, run.count);
  }
  ctx.restore();
}

/** The run and step nearest to a pointer at (u, v) figure pixels: a path point on the contour, or a step on the loss plot; null when nothing is within `reach` pixels. */
export function pointAt(layout: PlacedLayout, runs: readonly DrawnRun[], u: number, v: number, reach = 10): { run: number; step: number } | null {
  const inside = (x: PlacedAxis, y: PlacedAxis) => u >= x._offset && u <= x._offset + x._length && v >= y._offset && v <= y._offset + y._length;
  let best: { run: number; step: number } | null = null;
  let bestDistance = reach * reach + 1e-9; // a point exactly `reach` away still counts
  const consider = (run: number, step: number, pu: number, pv: number) => {
    const d = (pu - u) ** 2 + (pv - v) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = { run, step };
    }
  };
  if (inside(layout.xaxis, layout.yaxis)) {
    const px = pixelMap(layout.xaxis, false);
    const py = pixelMap(layout.yaxis, true);
    runs.forEach((r, i) => {
      for (let k = 0; k < r.count; k++) consider(i, k, px(r.x[k]), py(r.y[k]));
    });
  } else if (inside(layout.xaxis2, layout.yaxis2)) {
    const ps = pixelMap(layout.xaxis2, false);
    const pl = pixelMap(layout.yaxis2, true);
    runs.forEach((r, i) => {
      for (let k = 0; k < r.count; k++) consider(i, k, ps(k), pl(r.loss[k]));
    });
  }
  return best;
}
