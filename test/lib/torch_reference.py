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


DTYPES = set()  # dtype of every parameter and state tensor used, reported so the test can insist on float64


def scheduler_for(optimizer, spec):
    """None, one of SCHEDULERS for all groups, or "lambda": LambdaLR with one StepLR-like factor per group."""
    if spec is None:
        return None
    if spec["name"] == "lambda":
        factors = [lambda s, g=g: g["gamma"] ** (s // g["step_size"]) for g in spec["groups"]]
        return torch.optim.lr_scheduler.LambdaLR(optimizer, factors)
    return SCHEDULERS[spec["name"]](optimizer, **spec["options"])


def trajectory(case):
    """Parameters after every step of the optimizer on g(θ) = a·θ - b + c·θ³ (elementwise).

    With "groups" (a list of options, each with its "size"), θ is split in that order into one tensor per
    group, each a param group of its own; with "scheduler", the scheduler steps after every optimizer step.
    """
    a, b, c, start = (torch.tensor(case[k], dtype=torch.float64) for k in ("a", "b", "c", "start"))
    specs = case.get("groups", [{"size": len(case["start"])}])
    sizes = [g["size"] for g in specs]
    thetas = [piece.clone().requires_grad_(True) for piece in torch.split(start, sizes)]
    groups = [{"params": [t], **{k: v for k, v in g.items() if k != "size"}} for t, g in zip(thetas, specs)]
    optimizer = OPTIMIZERS[case["optimizer"]](groups, **case["options"])
    scheduler = scheduler_for(optimizer, case.get("scheduler"))
    pieces = [torch.split(x, sizes) for x in (a, b, c)]
    path = []
    for _ in range(case["steps"]):
        with torch.no_grad():
            for theta, ak, bk, ck in zip(thetas, *pieces):
                theta.grad = ak * theta - bk + ck * theta * theta * theta
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        path.append(torch.cat([t.detach() for t in thetas]).tolist())
    for theta in thetas:
        DTYPES.add(str(theta.dtype))
        DTYPES.update(str(v.dtype) for v in optimizer.state[theta].values() if torch.is_tensor(v) and v.shape == theta.shape)
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
        "dtypes": sorted(DTYPES),  # after the trajectories, which fill it
    },
    sys.stdout,
)
