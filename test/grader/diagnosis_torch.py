"""PyTorch's answers to the grading cases, for test/grader/diagnosis-torch.test.ts.

Reads {"exercise": [case input, ...], ...} as JSON on stdin and writes the same shape with what torch
observes for each case (the final parameters and optimizer state, the learning rates, the clipped
gradients and norms), in float64 on the CPU with one thread. Non-finite numbers travel as {"$num": "NaN"}.
"""
import json
import math
import sys

import torch

from torch_exercises import optimizer  # also sets float64 and one thread


def tensor(values):
    return torch.tensor(values, dtype=torch.float64)


def optimizer_case(name, case):
    w = tensor(case["params"]).requires_grad_(True)
    opt = optimizer(name, [w], case["options"])
    start = case.get("state")
    if start is not None:
        # a saved state: torch keeps momentum's buffer, or Adam's step count and both moments
        state = opt.state[w]
        if name in ("momentumStep", "nesterovStep"):
            state["momentum_buffer"] = tensor(start["velocity"])
        else:
            state["step"] = torch.tensor(float(start["step"]))
            state["exp_avg"] = tensor(start["m"])
            state["exp_avg_sq"] = tensor(start["v"])
    bowl = case.get("bowl", 0)
    steps = bowl if bowl else len(case["grads"])
    for k in range(steps):
        w.grad = 2 * (w.detach() - 2) if bowl else tensor(case["grads"][k])
        opt.step()
    out = {"params": w.detach().tolist()}
    state = opt.state[w]
    if name in ("momentumStep", "nesterovStep"):
        out["velocity"] = state["momentum_buffer"].tolist()
    elif name == "adagradStep":
        out["sum"] = state["sum"].tolist()
    elif name == "rmspropStep":
        out["squareAvg"] = state["square_avg"].tolist()
    elif name.startswith("adam"):
        out["m"] = state["exp_avg"].tolist()
        out["v"] = state["exp_avg_sq"].tolist()
        out["step"] = [float(state["step"])]
    return out


def schedule_case(name, case):
    o = case["options"]
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=o["lr"])
    if name == "stepDecay":
        scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=o["stepSize"], gamma=o["gamma"])
    else:
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=o["tMax"], eta_min=o["minLr"])
    seen = {}
    for step in range(max(case["steps"]) + 1):
        seen[step] = opt.param_groups[0]["lr"]
        opt.step()
        scheduler.step()
    return {"lr": [seen[s] for s in case["steps"]]}


def clip_case(name, case):
    rows = case["grads"] if isinstance(case["grads"][0], list) else [case["grads"]]
    grads, norms = [], []
    for row in rows:
        p = torch.zeros(len(row), requires_grad=True)
        p.grad = tensor(row)
        if name == "clipGradNorm":
            norms.append(float(torch.nn.utils.clip_grad_norm_([p], case["maxNorm"])))
        else:
            torch.nn.utils.clip_grad_value_([p], case["clipValue"])
        grads += p.grad.tolist()
    return {"grads": grads, "norm": norms} if name == "clipGradNorm" else {"grads": grads}


def answer(name, case):
    if name in ("stepDecay", "cosineAnnealing"):
        return schedule_case(name, case)
    if name in ("clipGradNorm", "clipGradValue"):
        return clip_case(name, case)
    return optimizer_case(name, case)


def decode(obj):
    if isinstance(obj, dict) and list(obj) == ["$num"]:
        return float(obj["$num"])
    return obj


def encode(x):
    if isinstance(x, float) and not math.isfinite(x):
        return {"$num": "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")}
    if isinstance(x, list):
        return [encode(v) for v in x]
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    return x


request = json.load(sys.stdin, object_hook=decode)
json.dump(encode({name: [answer(name, case) for case in cases] for name, cases in request.items()}), sys.stdout)
