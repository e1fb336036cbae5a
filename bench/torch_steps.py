"""Times torch.optim steps on float64 parameter vectors for the Optimizer Lab benchmark.

Run by bench/optimizers.ts as a child process: reads a JSON request on stdin,
{"sizes": [...], "optimizers": [...], "repeats": R}, and prints one JSON line with,
per optimizer and size, nanoseconds per parameter per step (median, min, max over R
timed steps after two warm-up steps). One thread, as the JavaScript side.
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)

MAKERS = {
    "SGD": lambda p: torch.optim.SGD([p], lr=0.01),
    "SGD-momentum": lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9),
    "Nesterov": lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9, nesterov=True),
    "RMSProp": lambda p: torch.optim.RMSprop([p], lr=0.01),
    "Adam": lambda p: torch.optim.Adam([p], lr=1e-3),
    "AdamW": lambda p: torch.optim.AdamW([p], lr=1e-3),
}


def main():
    request = json.loads(sys.stdin.read())
    results = []
    for n in request["sizes"]:
        generator = torch.Generator().manual_seed(1)
        param = torch.nn.Parameter(torch.randn(n, dtype=torch.float64, generator=generator))
        param.grad = torch.randn(n, dtype=torch.float64, generator=generator)
        for name in request["optimizers"]:
            optimizer = MAKERS[name](param)
            for _ in range(2):
                optimizer.step()
            samples = []
            for _ in range(request["repeats"]):
                start = time.perf_counter_ns()
                optimizer.step()
                samples.append((time.perf_counter_ns() - start) / n)
            results.append({
                "optimizer": name,
                "size": n,
                "median": statistics.median(samples),
                "min": min(samples),
                "max": max(samples),
                "samples": len(samples),
            })
            del optimizer
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
