"""adafactorFactors' grading cases through torch 2.x's torch.optim.Adafactor, in float64.

Reads a list of cases ({"input": {"grads", "options", "state"?}}) on stdin and writes, per case, what torch
keeps after the last step ("step", "rowVar", "colVar") and the estimate v̂ of every step read back from the
update torch applied: with lr = 1, eps2 = 1, θ = 0 before each step and d huge, torch moves θ by
−(1/√t)·g/√v̂, so v̂ = (g/u)² with u = −θ·√t (null where g = 0, whose update says nothing about v̂).
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402

torch.set_default_dtype(torch.float64)


def run(case):
    inp = case["input"]
    o = inp["options"]
    rows, cols = o["rows"], o["cols"]
    p = torch.zeros(rows, cols, requires_grad=True)
    opt = torch.optim.Adafactor([p], lr=1.0, beta2_decay=o["beta2Decay"], eps=(o["eps1"], 1.0), d=1e300, weight_decay=0.0)
    start = inp.get("state")
    if start:
        opt.state[p] = {
            "step": torch.tensor(float(start["step"])),
            "row_var": torch.tensor(start["rowVar"]).reshape(rows, 1),
            "col_var": torch.tensor(start["colVar"]).reshape(1, cols),
        }
    estimate = []
    for g in inp["grads"]:
        with torch.no_grad():
            p.zero_()
        p.grad = torch.tensor(g, dtype=torch.float64).reshape(rows, cols)
        opt.step()
        t = float(opt.state[p]["step"])
        u = (-p.detach() * math.sqrt(t)).reshape(-1).tolist()
        estimate += [(gi / ui) ** 2 if gi != 0 else None for gi, ui in zip(g, u)]
    s = opt.state[p]
    return {
        "step": [float(s["step"])],
        "rowVar": s["row_var"].reshape(-1).tolist(),
        "colVar": s["col_var"].reshape(-1).tolist(),
        "estimate": estimate,
    }


json.dump([run(case) for case in json.load(sys.stdin)], sys.stdout)
