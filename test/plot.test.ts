// Figure builders produce the numbers they are given (or compute by hand-checkable formulas), and show/table
// emit HTML that carries plotly.js once, escapes what it must and refuses malformed figures with a message.
import { afterEach, describe, expect, it } from "vitest";
import {
  circleData,
  contourPaths,
  decisionBoundary,
  figureHtml,
  histogram,
  lineChart,
  lossCurves,
  MLP,
  parameterTraces,
  quadratic,
  ravine,
  scheduleCurves,
  setOutputSink,
  show,
  sliderChart,
  sliderContour,
  stepDecay,
  surface3d,
  table,
  tableHtml,
  type ContourTrace,
  type Figure,
  type ScatterTrace,
  type SurfaceTrace,
} from "@optlab/lib";

const scatter = (f: Figure, i: number) => f.data[i] as ScatterTrace;

describe("lineChart and its presets", () => {
  it("copies y (typed arrays included) into plain arrays, with x = 0, 1, 2, … by default", () => {
    const f = lineChart([{ name: "run", y: new Float64Array([3, 2, 1]) }], { title: "T", xTitle: "step", yTitle: "loss" });
    expect(scatter(f, 0).x).toEqual([0, 1, 2]);
    expect(scatter(f, 0).y).toEqual([3, 2, 1]);
    expect(Array.isArray(scatter(f, 0).y)).toBe(true);
    expect(f.layout.title).toEqual({ text: "T" });
    expect(f.layout.xaxis?.title.text).toBe("step");
    expect(f.layout.yaxis?.title.text).toBe("loss");
    expect(f.layout.showlegend).toBe(false);
  });

  it("turns non-finite values into gaps, and non-positive ones too on a log axis", () => {
    const y = [4, NaN, Infinity, 0, -2, 0.5];
    const lin = lineChart([{ name: "a", y }], { title: "T", xTitle: "x", yTitle: "y" });
    expect(scatter(lin, 0).y).toEqual([4, null, null, 0, -2, 0.5]);
    const log = lineChart([{ name: "a", y }], { title: "T", xTitle: "x", yTitle: "y", logY: true });
    expect(scatter(log, 0).y).toEqual([4, null, null, null, null, 0.5]);
    expect(log.layout.yaxis?.type).toBe("log");
  });

  it("shows a legend for several series, gives each its own colour and dashes on request", () => {
    const f = lineChart([{ name: "a", y: [1, 2] }, { name: "b", y: [2, 1], x: [10, 20], dash: true }], { title: "T", xTitle: "x", yTitle: "y" });
    expect(f.layout.showlegend).toBe(true);
    expect(scatter(f, 1).x).toEqual([10, 20]);
    expect(scatter(f, 1).line?.dash).toBe("dash");
    expect(scatter(f, 0).line?.color).not.toBe(scatter(f, 1).line?.color);
  });

  it("names the series whose x and y lengths differ, and refuses an empty title", () => {
    expect(() => lineChart([{ name: "short", y: [1, 2, 3], x: [0, 1] }], { title: "T", xTitle: "x", yTitle: "y" })).toThrow(/"short" has 2 x values but 3 y values/);
    expect(() => lineChart([{ name: "a", y: [1] }], { title: "", xTitle: "x", yTitle: "y" })).toThrow(/options.title must be a non-empty string/);
    expect(() => lineChart([], { title: "T", xTitle: "x", yTitle: "y" })).toThrow(/series must be a non-empty array/);
  });

  it("lossCurves and parameterTraces fill in their axis titles, which options can override", () => {
    const l = lossCurves([{ name: "a", y: [1] }], { title: "L" });
    expect([l.layout.xaxis?.title.text, l.layout.yaxis?.title.text]).toEqual(["step", "loss"]);
    const p = parameterTraces([{ name: "w", y: [1] }], { title: "P", xTitle: "epoch" });
    expect([p.layout.xaxis?.title.text, p.layout.yaxis?.title.text]).toEqual(["epoch", "parameter value"]);
  });
});

describe("scheduleCurves", () => {
  it("evaluates each schedule at steps 0 … n-1", () => {
    // StepLR with lr 0.1, step size 2, gamma 0.5: 0.1, 0.1, 0.05, 0.05, 0.025
    const f = scheduleCurves([{ name: "step", schedule: stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 }) }], 5, { title: "S" });
    expect(scatter(f, 0).x).toEqual([0, 1, 2, 3, 4]);
    expect(scatter(f, 0).y).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(f.layout.yaxis?.title.text).toBe("learning rate");
    expect(() => scheduleCurves([{ name: "s", schedule: stepDecay({ lr: 1, stepSize: 1 }) }], 0, { title: "S" })).toThrow(/steps = 0/);
  });
});

describe("histogram", () => {
  it("puts every series on the same bins spanning min to max", () => {
    const f = histogram([{ name: "a", values: [0, 1, 2] }, { name: "b", values: [4] }], { title: "H", xTitle: "v", bins: 4 });
    const a = f.data[0];
    const b = f.data[1];
    if (a.type !== "histogram" || b.type !== "histogram") throw new Error("expected histograms");
    expect(a.xbins).toEqual(b.xbins);
    expect(a.xbins?.start).toBe(0);
    expect(a.xbins?.size).toBeCloseTo(1, 6); // (4 - 0) / 4 bins
    expect(a.xbins!.start + 4 * a.xbins!.size).toBeGreaterThan(4); // the maximum falls inside the last bin
    expect(f.layout.barmode).toBe("overlay");
  });

  it("with logX bins log10 of the values and says how many were left out", () => {
    const f = histogram([{ name: "steps", values: [1, 10, 100, -1, 0] }], { title: "H", xTitle: "size", logX: true });
    const t = f.data[0];
    if (t.type !== "histogram") throw new Error("expected a histogram");
    expect(t.x).toEqual([0, 1, 2, null, null]);
    expect(t.name).toBe("steps (2 ≤ 0 or not finite left out)");
    expect(f.layout.xaxis?.tickvals).toEqual([0, 1, 2]);
    expect(f.layout.xaxis?.ticktext?.[2]).toBe("10<sup>2</sup>");
  });
});

describe("contourPaths and surface3d", () => {
  const bowl = ravine(1, 2); // f = (x² + 2y²) / 2
  const window: [[number, number], [number, number]] = [[-1, 1], [-2, 2]];

  it("samples f on the grid: z[i][j] = f(x[j], y[i])", () => {
    const f = contourPaths(bowl, [], { title: "C", window, resolution: 11 });
    const c = f.data[0] as ContourTrace;
    expect(c.x[0]).toBe(-1);
    expect(c.y[0]).toBe(-2);
    expect(c.z[0][0]).toBeCloseTo(4.5, 12); // (1 + 8) / 2
    expect(c.z[5][5]).toBeCloseTo(0, 12); // the origin
    expect(c.z[10][0]).toBeCloseTo(4.5, 12); // (-1, 2)
    expect(c.z[5][10]).toBeCloseTo(0.5, 12); // (1, 0)
    expect(f.layout.xaxis?.range).toEqual([-1, 1]);
  });

  it("logZ colours by log10(f - min f + δ)", () => {
    const c = contourPaths(bowl, [], { title: "C", window, resolution: 11, logZ: true }).data[0] as ContourTrace;
    expect(c.z[0][0]).toBeCloseTo(Math.log10(4.5), 5);
    expect(c.z[5][10]).toBeCloseTo(Math.log10(0.5), 5);
  });

  it("draws each path with its start and end marked", () => {
    const path = [[-1, 1], [-0.5, 0.2], [0.1, 0.05]];
    const f = contourPaths(bowl, [{ name: "SGD", path }], { title: "C", window });
    const [line, start, end] = [1, 2, 3].map((i) => scatter(f, i));
    expect(line.x).toEqual([-1, -0.5, 0.1]);
    expect(line.y).toEqual([1, 0.2, 0.05]);
    expect([start.x, start.y]).toEqual([[-1], [1]]);
    expect([end.x, end.y]).toEqual([[0.1], [0.05]]);
    expect(start.marker?.symbol).toBe("circle");
    expect(end.marker?.symbol).toBe("star");
    expect(f.layout.showlegend).toBe(true);
  });

  it("refuses a problem that is not 2-D, and a bad window", () => {
    expect(() => contourPaths(quadratic, [], { title: "C" })).toThrow(/has 1 parameter\(s\)/);
    expect(() => contourPaths(bowl, [], { title: "C", window: [[1, -1], [0, 1]] })).toThrow(/invalid window/);
  });

  it("surface3d samples the same grid and titles all three axes", () => {
    const f = surface3d(bowl, { title: "S", window, resolution: 11 });
    const s = f.data[0] as SurfaceTrace;
    expect(s.z[0][0]).toBeCloseTo(4.5, 12);
    expect(f.layout.scene?.zaxis.title.text).toBe("loss f");
  });
});

describe("decisionBoundary", () => {
  it("contours the model's probability over the data and plots the points by label", () => {
    const data = circleData({ n: 50, seed: 3 });
    const model = new MLP(4);
    const params = model.init(1, 0.5);
    const f = decisionBoundary(model, params, data, { title: "D", resolution: 12 });
    const c = f.data[0] as ContourTrace;
    expect(c.z[3][7]).toBeCloseTo(model.predict(params, c.x[7], c.y[3]), 12);
    const boundary = f.data[1] as ContourTrace;
    expect(boundary.contours).toMatchObject({ coloring: "lines", start: 0.5, end: 0.5 });
    let inside = 0;
    for (let s = 0; s < data.size; s++) inside += data.labels[s];
    expect(scatter(f, 2).x.length).toBe(inside);
    expect(scatter(f, 3).x.length).toBe(data.size - inside);
    expect(() => decisionBoundary(model, new Float64Array(3), data, { title: "D" })).toThrow(/length 17/);
  });
});

describe("sliders", () => {
  const steps = [
    { label: "0.1", series: [{ name: "loss", y: [8, 4] }, { name: "lr", y: [1, 1] }] },
    { label: "0.5", series: [{ name: "loss", y: [8, 0.5] }, { name: "lr", y: [2, 2] }] },
  ];

  it("sliderChart shows one run per position, on axes fixed over all runs", () => {
    const f = sliderChart(steps, { title: "S", xTitle: "step", yTitle: "loss", sliderTitle: "lr", logY: true });
    expect(f.data.map((t) => t.visible)).toEqual([true, true, false, false]);
    const slider = f.layout.sliders![0];
    expect(slider.steps.map((s) => s.label)).toEqual(["0.1", "0.5"]);
    expect(slider.steps[1].args[0].visible).toEqual([false, false, true, true]);
    expect(slider.currentvalue.prefix).toBe("lr = ");
    // log axis: range in log10 units around [0.5, 8] padded by 5 % of the span
    const [lo, hi] = f.layout.yaxis!.range!;
    const span = Math.log10(8) - Math.log10(0.5);
    expect(lo).toBeCloseTo(Math.log10(0.5) - 0.05 * span, 10);
    expect(hi).toBeCloseTo(Math.log10(8) + 0.05 * span, 10);
  });

  it("sliderContour keeps the contour and marker legend visible at every position", () => {
    const f = sliderContour(ravine(1, 2), [
      { label: "a", paths: [{ name: "p", path: [[-1, 1], [0, 0]] }] },
      { label: "b", paths: [{ name: "p", path: [[-1, -1], [0, 0]] }] },
    ], { title: "S", sliderTitle: "momentum", window: [[-1, 1], [-1, 1]] });
    // contour, 3 traces for step a, 3 for step b, 2 legend entries
    expect(f.data.length).toBe(9);
    expect(f.layout.sliders![0].steps[1].args[0].visible).toEqual([true, false, false, false, true, true, true, true, true]);
    expect(f.data.slice(1, 4).every((t) => t.visible === true)).toBe(true);
    expect(f.data.slice(4, 7).every((t) => t.visible === false)).toBe(true);
  });
});

describe("show and table", () => {
  const sent: string[] = [];
  const capture = () => {
    sent.length = 0;
    setOutputSink({ html: (h) => sent.push(h) });
  };
  afterEach(() => setOutputSink(null));
  const fig = () => lossCurves([{ name: "a", y: [1.23456789012, 2] }], { title: "T" });

  it("carries plotly.js (with define hidden) in the first figure only", () => {
    capture();
    show(fig());
    show(fig());
    expect(sent.length).toBe(2);
    expect(sent[0]).toContain("plotly.js v4");
    expect(sent[0]).toContain("window.define = undefined");
    expect(sent[0].length).toBeGreaterThan(3_000_000);
    expect(sent[1]).not.toContain("plotly.js v4");
    expect(sent[1].length).toBeLessThan(10_000);
    expect(sent[1]).toContain("Plotly.newPlot");
    // numbers are rounded to 7 significant digits on the page
    expect(sent[1]).toContain('"y":[1.234568,2]');
  });

  it("escapes a closing script tag in a title", () => {
    const html = figureHtml(lossCurves([{ name: "a", y: [1] }], { title: "</script><b>" }), { includePlotly: false, id: "x" });
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("<\\/script><b>");
  });

  it("refuses a malformed figure with a message that names each problem, and shows nothing", () => {
    capture();
    const bad = {
      data: [
        { type: "scatter", mode: "lines", name: "typed", x: new Float64Array([1, 2]), y: [1, 2] },
        { type: "scatter", mode: "lines", name: "uneven", x: [1, 2, 3], y: [1, 2] },
        { type: "contour", x: [0, 1], y: [0, 1], z: [[1, 2], [3]] },
        { type: "bar", x: [1], y: [1] },
      ],
      layout: { title: "plain string" },
    } as unknown as Figure;
    let message = "";
    try {
      show(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('layout.title must be { text: "..." }');
    expect(message).toContain('trace 0 ("typed"): x must be a plain array (a typed array is not drawn: use Array.from)');
    expect(message).toContain('trace 1 ("uneven"): x has 3 values but y has 2');
    expect(message).toContain("trace 2: z row 1 must be an array of 2 values");
    expect(message).toContain('trace 3: unknown type "bar"');
    expect(sent.length).toBe(0);
  });

  it("table lists every column, escapes text and prints numbers to 7 significant digits", () => {
    const html = tableHtml([{ lr: 0.1, loss: 345.038412345 }, { lr: 1.1, note: "<diverged>" }]);
    expect(html.match(/<th /g)?.length).toBe(3);
    expect(html).toContain(">345.0384<");
    expect(html).toContain("&lt;diverged&gt;");
    expect(html).not.toContain("<diverged>");
    capture();
    table([{ step: 1, loss: 9 }]);
    expect(sent[0]).toBe(tableHtml([{ step: 1, loss: 9 }]));
  });
});
