"""Reference values from PyTorch 2.x for test/lib/torch2-conformance.test.ts (run by .venv-torch2's python).

Reads one JSON request on stdin and writes one JSON answer on stdout. Everything runs in float64 on the CPU
with one thread. Muon is torch's own code with one change, made here and checked: its Newton–Schulz iteration
casts the matrix to bfloat16 (8 bits of mantissa), so "bfloat16 trajectories" runs torch's Muon as shipped,
and the float64 ones run the same source with that one cast replaced by a float64 copy.
"""
import inspect
import json
import sys
import warnings

warnings.filterwarnings("ignore")  # "Failed to initialize NumPy": torch runs without numpy here
import torch  # noqa: E402
import torch.optim._muon as muon_module  # noqa: E402

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adagrad": torch.optim.Adagrad,
    "RMSProp": torch.optim.RMSprop,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "NAdam": torch.optim.NAdam,
    "RAdam": torch.optim.RAdam,
    "Adamax": torch.optim.Adamax,
    "Adafactor": torch.optim.Adafactor,
    "Muon": torch.optim.Muon,
}

BFLOAT16_NS = muon_module._zeropower_via_newtonschulz
_source = inspect.getsource(BFLOAT16_NS)
if _source.count("grad.bfloat16()") != 1:
    raise SystemExit("torch's _zeropower_via_newtonschulz changed: expected exactly one grad.bfloat16()")
_namespace = dict(vars(muon_module))
exec(_source.replace("grad.bfloat16()", "grad.clone()"), _namespace)
FLOAT64_NS = _namespace["_zeropower_via_newtonschulz"]

DTYPES = set()  # dtype of every parameter and state tensor used, so the test can insist on float64


def trajectory(case):
    """Parameters after every step on g(θ) = a·θ - b + c·θ³ (elementwise), flattened row-major.

    θ is split into one tensor per group ("groups": options each with its "size" and optional "shape"),
    each a param group of its own and reshaped to its [rows, cols] when it has one.
    """
    muon_module._zeropower_via_newtonschulz = BFLOAT16_NS if case.get("bfloat16") else FLOAT64_NS
    a, b, c, start = (torch.tensor(case[k], dtype=torch.float64) for k in ("a", "b", "c", "start"))
    specs = case.get("groups", [{"size": len(case["start"]), "shape": case.get("shape")}])
    sizes = [g["size"] for g in specs]

    def shaped(piece, g):
        return piece.reshape(g["shape"]) if g.get("shape") else piece

    thetas = [shaped(piece, g).clone().requires_grad_(True) for piece, g in zip(torch.split(start, sizes), specs)]
    groups = [{"params": [t], **{k: v for k, v in g.items() if k not in ("size", "shape")}} for t, g in zip(thetas, specs)]
    options = {k: tuple(v) if isinstance(v, list) else v for k, v in case["options"].items()}
    optimizer = OPTIMIZERS[case["optimizer"]](groups, **options)
    pieces = [[shaped(p, g) for p, g in zip(torch.split(x, sizes), specs)] for x in (a, b, c)]
    path = []
    for _ in range(case["steps"]):
        with torch.no_grad():
            for theta, ak, bk, ck in zip(thetas, *pieces):
                theta.grad = ak * theta - bk + ck * theta * theta * theta
        optimizer.step()
        path.append(torch.cat([t.detach().reshape(-1) for t in thetas]).tolist())
    for theta in thetas:
        DTYPES.add(str(theta.dtype))
        DTYPES.update(str(v.dtype) for v in optimizer.state[theta].values() if torch.is_tensor(v) and v.dim() > 0)
    return path


request = json.load(sys.stdin)
json.dump(
    {
        "version": torch.__version__,
        "trajectories": [trajectory(c) for c in request["trajectories"]],
        "dtypes": sorted(DTYPES),  # after the trajectories, which fill it
    },
    sys.stdout,
)
