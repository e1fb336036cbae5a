"""Reference values from PyTorch for the conformance test (test/lib/torch-conformance.test.ts).

Reads one JSON request on stdin and writes one JSON answer on stdout. Everything runs in float64 on the
CPU with one thread, so the only differences from @optlab/lib are the last-bit rounding of the arithmetic.
"""
import json
import sys

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adagrad": torch.optim.Adagrad,
    "RMSProp": torch.optim.RMSprop,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
}

SCHEDULERS = {
    "stepDecay": torch.optim.lr_scheduler.StepLR,
    "multiStep": torch.optim.lr_scheduler.MultiStepLR,
    "exponential": torch.optim.lr_scheduler.ExponentialLR,
    "cosineAnnealing": torch.optim.lr_scheduler.CosineAnnealingLR,
    "linear": torch.optim.lr_scheduler.LinearLR,
    "oneCycle": torch.optim.lr_scheduler.OneCycleLR,
}


def trajectory(case):
    """Parameters after every step of the optimizer on g(θ) = a·θ - b + c·θ³ (elementwise)."""
    a, b, c = (torch.tensor(case[k]) for k in ("a", "b", "c"))
    theta = torch.tensor(case["start"], requires_grad=True)
    optimizer = OPTIMIZERS[case["optimizer"]]([theta], **case["options"])
    path = []
    for _ in range(case["steps"]):
        with torch.no_grad():
            theta.grad = a * theta - b + c * theta * theta * theta
        optimizer.step()
        path.append(theta.detach().tolist())
    return path


def learning_rates(case):
    """The lr after 0, 1, ..., steps calls of scheduler.step()."""
    theta = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=case["lr"])
    scheduler = SCHEDULERS[case["schedule"]](optimizer, **case["options"])
    rates = [optimizer.param_groups[0]["lr"]]
    for _ in range(case["steps"]):
        optimizer.step()
        scheduler.step()
        rates.append(optimizer.param_groups[0]["lr"])
    return rates


def clipped(case):
    """Total norm and clipped gradients from torch.nn.utils.clip_grad_norm_."""
    params = [torch.zeros(len(g), requires_grad=True) for g in case["grads"]]
    for p, g in zip(params, case["grads"]):
        p.grad = torch.tensor(g, dtype=torch.float64)
    total = torch.nn.utils.clip_grad_norm_(params, case["maxNorm"], norm_type=case["normType"])
    return {"total": float(total), "grads": [p.grad.tolist() for p in params]}


request = json.load(sys.stdin)
json.dump(
    {
        "version": torch.__version__,
        "trajectories": [trajectory(c) for c in request["trajectories"]],
        "schedules": [learning_rates(c) for c in request["schedules"]],
        "clipping": [clipped(c) for c in request["clipping"]],
    },
    sys.stdout,
)
