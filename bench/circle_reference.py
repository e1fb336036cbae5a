"""A reference pure-Python training of the course's circle network, for the Optimizer Lab benchmark.

The algorithm is the classic from-scratch one: a 2-8-1 ReLU/sigmoid network trained one sample at a time,
parameters flattened into a list before every optimizer step and written back after it, and
four optimizer classes (SGD, SGD with momentum, Adam, AdamW with the decay applied after
the Adam update). Data and initial weights come from the JavaScript side as JSON on stdin, so
both languages start from the same numbers. Prints one JSON line: per optimizer the per-epoch
loss and accuracy and the final parameters, and the wall time of the whole experiment.
"""
import json
import math
import statistics
import sys
import time


class SGD:
    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for i in range(len(params)):
            params[i] -= self.lr * grads[i]


class SGDMomentum:
    def __init__(self, lr, beta):
        self.lr = lr
        self.beta = beta
        self.velocity = None

    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [0.0] * len(params)
        for i in range(len(params)):
            self.velocity[i] = self.beta * self.velocity[i] + grads[i]
            params[i] -= self.lr * self.velocity[i]


class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.0):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weight_decay = weight_decay
        self.m = None
        self.v = None
        self.t = 0

    def step(self, params, grads):
        if self.m is None:
            self.m = [0.0] * len(params)
            self.v = [0.0] * len(params)
        self.t += 1
        for i in range(len(params)):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * grads[i]
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * grads[i] ** 2
            m_hat = self.m[i] / (1 - self.beta1 ** self.t)
            v_hat = self.v[i] / (1 - self.beta2 ** self.t)
            params[i] -= self.lr * m_hat / (math.sqrt(v_hat) + self.epsilon)
            if self.weight_decay:
                params[i] -= self.lr * self.weight_decay * params[i]


def sigmoid(z):
    z = max(-500.0, min(500.0, z))
    return 1.0 / (1.0 + math.exp(-z))


class Network:
    """The 2-8-1 network, with its initial weights given by the JavaScript side instead of drawn here."""

    def __init__(self, optimizer, flat, hidden):
        self.hidden = hidden
        self.optimizer = optimizer
        self.set_params(flat)

    def get_params(self):
        flat = []
        for row in self.w1:
            flat.extend(row)
        flat.extend(self.b1)
        flat.extend(self.w2)
        flat.append(self.b2)
        return flat

    def set_params(self, flat):
        h = self.hidden
        self.w1 = [[flat[2 * i], flat[2 * i + 1]] for i in range(h)]
        self.b1 = list(flat[2 * h:3 * h])
        self.w2 = list(flat[3 * h:4 * h])
        self.b2 = flat[4 * h]

    def forward(self, x):
        self.x = x
        self.z1 = []
        self.h = []
        for i in range(self.hidden):
            z = self.w1[i][0] * x[0] + self.w1[i][1] * x[1] + self.b1[i]
            self.z1.append(z)
            self.h.append(max(0.0, z))
        self.z2 = sum(self.w2[i] * self.h[i] for i in range(self.hidden)) + self.b2
        self.out = sigmoid(self.z2)
        return self.out

    def compute_grads(self, target):
        eps = 1e-15
        p = max(eps, min(1 - eps, self.out))
        d_loss = -(target / p) + (1 - target) / (1 - p)
        d_out = d_loss * (self.out * (1 - self.out))
        h = self.hidden
        grads = [0.0] * (4 * h + 1)
        for i in range(h):
            d_h = d_out * self.w2[i] * (1.0 if self.z1[i] > 0 else 0.0)
            grads[2 * i] = d_h * self.x[0]
            grads[2 * i + 1] = d_h * self.x[1]
            grads[2 * h + i] = d_h
            grads[3 * h + i] = d_out * self.h[i]
        grads[4 * h] = d_out
        return grads

    def train(self, data, epochs):
        history = []
        for _ in range(epochs):
            total = 0.0
            correct = 0
            for x, y in data:
                pred = self.forward(x)
                grads = self.compute_grads(y)
                flat = self.get_params()
                self.optimizer.step(flat, grads)
                self.set_params(flat)
                p = max(1e-15, min(1 - 1e-15, pred))
                total += -(y * math.log(p) + (1 - y) * math.log(1 - p))
                if (pred >= 0.5) == (y >= 0.5):
                    correct += 1
            history.append((total / len(data), correct / len(data)))
        return history


def make_optimizer(spec):
    kind = spec["kind"]
    if kind == "sgd":
        return SGD(spec["lr"])
    if kind == "momentum":
        return SGDMomentum(spec["lr"], spec["momentum"])
    if kind == "adam":
        return Adam(spec["lr"])
    if kind == "adamw":
        return Adam(spec["lr"], weight_decay=spec["weightDecay"])
    raise ValueError(f"unknown optimizer kind {kind!r}")


def experiment(request):
    inputs = request["inputs"]
    data = [([inputs[2 * s], inputs[2 * s + 1]], request["labels"][s]) for s in range(len(request["labels"]))]
    runs = []
    for spec in request["optimizers"]:
        net = Network(make_optimizer(spec), request["init"], request["hidden"])
        history = net.train(data, request["epochs"])
        runs.append({
            "name": spec["name"],
            "loss": [h[0] for h in history],
            "accuracy": [h[1] for h in history],
            "params": net.get_params(),
        })
    return runs


def main():
    request = json.loads(sys.stdin.read())
    seconds = []
    runs = None
    for _ in range(request["repeats"]):
        start = time.perf_counter()
        runs = experiment(request)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({
        "python": sys.version.split()[0],
        "runs": runs,
        "seconds": {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "samples": len(seconds)},
    }))


if __name__ == "__main__":
    main()
