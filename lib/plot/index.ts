// Plotting for the course: builders return plain Plotly figures; `show` and `table` display them in a notebook.
export type {
  Axis, ChartOptions, ColorBar, ColorScale, ContourTrace, Contours, Datum, ErrorBars, Figure, Frame, HistogramTrace, Layout, Line, Marker,
  NamedPath, ScatterTrace, Series, Slider, SliderStep, SurfaceTrace, Title, Trace, TraceBase, Window,
} from "./types";
export { lineChart, lossCurves, parameterTraces, scheduleCurves, histogram, sliderChart, spreadChart } from "./charts";
export { contourPaths, surface3d, decisionBoundary, sliderContour } from "./surfaces";
export { show, table, figureHtml, figureProblems, tableHtml, formatCell, plotlyBundle, setOutputSink, type OutputSink } from "./show";
export { explore, exploreHtml, libraryScript, playgroundPage, type ExploreOptions } from "./explore";
export { libraryBundle } from "./bundle";
export {
  PLAYGROUND_PROBLEMS, PLAYGROUND_OPTIMIZERS, PLAYGROUND_SCHEDULES, defaultState, defaultOptimizer, stateToHash, stateFromHash, runPlayground, checkExploreSettings,
  type PlaygroundState, type PlaygroundOptimizer, type ExploreSettings, type ScheduleKind, type ControlSpec,
} from "./playground";
