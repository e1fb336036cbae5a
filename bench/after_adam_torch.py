"""Times torch 2.x's Newton–Schulz iteration (torch.optim._muon) on a 256×256 matrix for bench/after-adam.ts.

Reads {"size": n, "repeats": R} on stdin; prints one JSON line with milliseconds per call (median, min, max)
for torch's function as shipped (it casts to bfloat16) and for the same source with that cast changed to a
float64 copy, which is the arithmetic the library does. One thread, as the JavaScript side.
"""
import inspect
import json
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
import torch.optim._muon as muon  # noqa: E402

torch.set_num_threads(1)
request = json.loads(sys.stdin.read())
n = request["size"]
source = inspect.getsource(muon._zeropower_via_newtonschulz)
namespace = dict(vars(muon))
exec(source.replace("grad.bfloat16()", "grad.clone()"), namespace)
variants = {"bfloat16": muon._zeropower_via_newtonschulz, "float64": namespace["_zeropower_via_newtonschulz"]}
matrix = torch.randn(n, n, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
coefficients = (3.4445, -4.7750, 2.0315)
out = {"torch": torch.__version__}
for name, fn in variants.items():
    for _ in range(2):
        fn(matrix, coefficients, 5, 1e-7)
    samples = []
    for _ in range(request["repeats"]):
        start = time.perf_counter_ns()
        fn(matrix, coefficients, 5, 1e-7)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    out[name] = {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "samples": len(samples)}
print(json.dumps(out))
