"""PyTorch's whole runs, for test/grader/trajectory.test.ts.

Reads {"exercise": run input, ...} as JSON on stdin (params: the start, curvature c, center, steps, options)
and writes, per exercise, what torch records after every step on the quadratic f = 1/2 sum c_i (w_i - center_i)^2:
"params" (the parameters after each step, one flat list), the optimizer's state after each step under the
grader's names ("velocity", "sum", "squareAvg", "m", "v") and "step" (Adam's count), in float64, one thread.
"""
import json
import sys

import torch

from torch_exercises import optimizer  # also sets float64 and one thread


STATE = {"velocity": "momentum_buffer", "sum": "sum", "squareAvg": "square_avg", "m": "exp_avg", "v": "exp_avg_sq"}
FIELDS = {"momentumStep": ["velocity"], "nesterovStep": ["velocity"], "adagradStep": ["sum"], "rmspropStep": ["squareAvg"]}


def run(name, case):
    w = torch.tensor(case["params"]).requires_grad_(True)
    c = torch.tensor(case["curvature"])
    center = torch.tensor(case["center"])
    opt = optimizer(name, [w], case["options"])
    fields = FIELDS.get(name, ["m", "v"] if name.startswith("adam") else [])
    out = {"params": [], **{f: [] for f in fields}}
    if name.startswith("adam"):
        out["step"] = []
    for _ in range(case["steps"]):
        w.grad = c * (w.detach() - center)
        opt.step()
        out["params"] += w.detach().tolist()
        state = opt.state[w]
        for f in fields:
            out[f] += state[STATE[f]].tolist()
        if "step" in out:
            out["step"].append(float(state["step"]))
    return out


request = json.load(sys.stdin)
json.dump({name: run(name, case) for name, case in request.items()}, sys.stdout)
