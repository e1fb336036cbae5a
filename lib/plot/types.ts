// The small part of Plotly's figure schema that the course uses, typed by hand. A figure is plain data:
// builders return it, tests read it, and only `show` turns it into something on screen.

/** One plotted value; null leaves a gap (Plotly's convention for missing data). */
export type Datum = number | null;

/** A Plotly text title, the form Plotly 3 and later require. */
export interface Title {
  text: string;
}

/** Line style of a trace. */
export interface Line {
  color?: string;
  width?: number;
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

/** Marker style of a trace. */
export interface Marker {
  color?: string;
  size?: number;
  symbol?: string;
  opacity?: number;
  line?: Line;
}

/** A colour bar beside a contour or surface. */
export interface ColorBar {
  title?: Title;
  len?: number;
}

/** Fields every trace kind shares. */
export interface TraceBase {
  name?: string;
  showlegend?: boolean;
  legendgroup?: string;
  visible?: boolean;
  hovertemplate?: string;
}

/** A 2-D line or scatter trace. */
export interface ScatterTrace extends TraceBase {
  type: "scatter";
  x: Datum[];
  y: Datum[];
  mode: "lines" | "markers" | "lines+markers";
  line?: Line;
  marker?: Marker;
  /** Vertical error bars, one half-length per point (see {@link ErrorBars}). */
  error_y?: ErrorBars;
}

/** Symmetric error bars: point i spans y[i] ± array[i]. */
export interface ErrorBars {
  type: "data";
  array: Datum[];
  visible: boolean;
  color?: string;
  thickness?: number;
  width?: number;
}

/** Contour levels: evenly spaced from `start` to `end`, drawn as filled bands or lines only. */
export interface Contours {
  coloring?: "fill" | "lines" | "heatmap" | "none";
  start?: number;
  end?: number;
  size?: number;
  showlines?: boolean;
}

/** A Plotly colour scale: a named one ("Viridis", "RdBu", …) or [position in 0..1, colour] stops. */
export type ColorScale = string | [number, string][];

/** A filled contour plot of z over the grid x × y (z[i][j] is the value at y[i], x[j]). */
export interface ContourTrace extends TraceBase {
  type: "contour";
  x: number[];
  y: number[];
  z: Datum[][];
  colorscale?: ColorScale;
  reversescale?: boolean;
  ncontours?: number;
  contours?: Contours;
  line?: Line;
  showscale?: boolean;
  colorbar?: ColorBar;
  opacity?: number;
}

/** A 3-D surface z over the grid x × y. */
export interface SurfaceTrace extends TraceBase {
  type: "surface";
  x: number[];
  y: number[];
  z: Datum[][];
  colorscale?: ColorScale;
  showscale?: boolean;
  colorbar?: ColorBar;
  opacity?: number;
}

/** A histogram of x with explicit bin edges. */
export interface HistogramTrace extends TraceBase {
  type: "histogram";
  x: Datum[];
  xbins?: { start: number; end: number; size: number };
  opacity?: number;
  marker?: Marker;
}

/** Every trace kind a course figure may hold. */
export type Trace = ScatterTrace | ContourTrace | SurfaceTrace | HistogramTrace;

/** A 2-D or 3-D axis. */
export interface Axis {
  title: Title;
  type?: "linear" | "log";
  /** For a log axis the range is in log10 units, as Plotly expects. */
  range?: [number, number];
  autorange?: boolean;
  scaleanchor?: "x" | "y";
  scaleratio?: number;
  /** With a scaleanchor: shrink the plot area ("domain") rather than widen the range. */
  constrain?: "range" | "domain";
  zeroline?: boolean;
  tickvals?: number[];
  ticktext?: string[];
  exponentformat?: "none" | "e" | "power" | "SI";
}

/** One position of a slider: `args` is applied with Plotly's `update` method when it is chosen. */
export interface SliderStep {
  label: string;
  method: "update" | "restyle";
  args: [{ visible: boolean[] }];
}

/** A slider under the plot. */
export interface Slider {
  active: number;
  steps: SliderStep[];
  currentvalue: { prefix: string; visible?: boolean };
  pad?: { t?: number; b?: number };
}

/** Figure-wide settings. */
export interface Layout {
  title: Title;
  xaxis?: Axis;
  yaxis?: Axis;
  scene?: { xaxis: Axis; yaxis: Axis; zaxis: Axis; camera?: { eye: { x: number; y: number; z: number } } };
  showlegend?: boolean;
  legend?: { orientation?: "v" | "h"; x?: number; y?: number; xanchor?: "left" | "center" | "right"; yanchor?: "top" | "middle" | "bottom" };
  barmode?: "overlay" | "group" | "stack";
  sliders?: Slider[];
  height?: number;
  width?: number;
  margin?: { l?: number; r?: number; t?: number; b?: number };
  hovermode?: "closest" | "x" | "x unified" | false;
}

/** A named frame, for figures that animate (none of the course's builders need one yet). */
export interface Frame {
  name: string;
  data: Trace[];
}

/** A whole Plotly figure: what every builder returns and `show` draws. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  frames?: Frame[];
}

/** One named line of a line chart; x defaults to 0, 1, 2, … */
export interface Series {
  name: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  /** Draw the line dashed (e.g. a reference run). */
  dash?: boolean;
}

/** Titles and scale of a line chart. */
export interface ChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Logarithmic y axis (non-positive values are left out as gaps). */
  logY?: boolean;
}

/** A 2-D plotting window [[xMin, xMax], [yMin, yMax]]. */
export type Window = readonly [readonly [number, number], readonly [number, number]];

/** A named optimizer path through a 2-D problem: one [x, y] point per step. */
export interface NamedPath {
  name: string;
  path: readonly (readonly number[])[];
}
