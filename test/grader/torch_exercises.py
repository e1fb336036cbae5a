"""The torch.optim optimizer that each optimizer exercise of the grader corresponds to, with its options.

Shared by diagnosis_torch.py and trajectory_torch.py. Importing it sets torch to float64 on one thread.
"""
import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def optimizer(name, params, o):
    if name == "sgdStep":
        return torch.optim.SGD(params, lr=o["lr"])
    if name == "momentumStep":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"], dampening=o["dampening"])
    if name == "nesterovStep":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"], nesterov=True)
    if name == "adagradStep":
        return torch.optim.Adagrad(params, lr=o["lr"], eps=o["eps"])
    if name == "rmspropStep":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o["alpha"], eps=o["eps"])
    betas = (o["beta1"], o["beta2"])
    if name == "adamStep":
        return torch.optim.Adam(params, lr=o["lr"], betas=betas, eps=o["eps"])
    if name == "adamL2Step":
        return torch.optim.Adam(params, lr=o["lr"], betas=betas, eps=o["eps"], weight_decay=o["weightDecay"])
    if name == "adamwStep":
        return torch.optim.AdamW(params, lr=o["lr"], betas=betas, eps=o["eps"], weight_decay=o["weightDecay"])
    raise ValueError(name)
