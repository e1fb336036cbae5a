// The PyTorch program of lesson 01 (torch.optim's SGD, SGD with momentum and Adam on the toy problem
// (w − 2)² from w = 5, then SGD at three learning rates) prints these lines; @optlab/lib must print the same ones.
import { describe, expect, it } from "vitest";
import { Adam, minimize, quadratic, SGD, type Optimizer } from "@optlab/lib";

// Its output under PyTorch 1.13, line for line. Only the very last loss differs: PyTorch computes in
// float32, where the diverging lr=1.1 run ends at loss 345.0386; in exact float64 arithmetic the same run
// ends at 345.0384 (w = 20.575...). Lesson 01 replays the float32 run with Math.fround, rounding w - lr·g once
// as PyTorch's add_ does, and gets 345.0386 again.
const expected = `optimizer_comparison
sgd      step=1  w=4.400 loss=9.0000
sgd      step=5  w=2.983 loss=1.5099
sgd      step=10 w=2.322 loss=0.1621
sgd      step=25 w=2.011 loss=0.0002
momentum step=1  w=4.400 loss=9.0000
momentum step=5  w=0.259 loss=0.8571
momentum step=10 w=2.013 loss=0.6767
momentum step=25 w=2.475 loss=0.0200
adam     step=1  w=4.900 loss=9.0000
adam     step=5  w=4.502 loss=6.7648
adam     step=10 w=4.014 loss=4.4535
adam     step=25 w=2.739 loss=0.6569
learning_rate_check
lr=0.01 final_w=4.451 final_loss=6.0085
lr=0.1  final_w=2.322 final_loss=0.1038
lr=1.1  final_w=20.575 final_loss=345.0384`;

/** Prints the same report with the library, in the PyTorch program's format (loss is measured before each step). */
function labReport(): string {
  const lines = ["optimizer_comparison"];
  const runs: [string, Optimizer][] = [
    ["sgd", new SGD({ lr: 0.1 })],
    ["momentum", new SGD({ lr: 0.1, momentum: 0.9 })],
    ["adam", new Adam({ lr: 0.1 })],
  ];
  for (const [name, optimizer] of runs) {
    const run = minimize(quadratic, optimizer, { steps: 25 });
    for (const step of [1, 5, 10, 25]) {
      lines.push(`${name.padEnd(8)} step=${String(step).padEnd(2)} w=${run.path[step][0].toFixed(3)} loss=${run.loss[step - 1].toFixed(4)}`);
    }
  }
  lines.push("learning_rate_check");
  for (const lr of [0.01, 0.1, 1.1]) {
    const run = minimize(quadratic, new SGD({ lr }), { steps: 10 });
    lines.push(`lr=${String(lr).padEnd(4)} final_w=${run.path[10][0].toFixed(3)} final_loss=${run.loss[10].toFixed(4)}`);
  }
  return lines.join("\n");
}

describe("the PyTorch program of lesson 01", () => {
  it("prints its output line for line", () => {
    expect(labReport().split("\n")).toEqual(expected.split("\n"));
  });

  it("diverges at lr = 1.1 because |1 - 2·lr| = 1.2 > 1: w - 2 = 3·(-1.2)^10 after ten steps", () => {
    const run = minimize(quadratic, new SGD({ lr: 1.1 }), { steps: 10 });
    expect(run.path[10][0]).toBeCloseTo(2 + 3 * (-1.2) ** 10, 10);
  });
});
