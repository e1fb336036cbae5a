"""Reference values for lib/exact-math.ts (test/lib/exact-math.test.ts).

Reads one JSON request on stdin: {"exp": [x, ...], "tanh": [...], "cos": [...], "log": [...], "pow": [[x, y], ...]}
and writes, for every function and input, two doubles: C's libm through Python's math module (glibc here,
the library PyTorch calls too), and the correctly rounded value, from mpmath at 300 bits rounded once to the
nearest double by exact rational arithmetic (float(Fraction) rounds correctly, also to subnormals).
Numbers travel as JSON, whose shortest round-trip decimals both sides read back to the same double.
"""
import json
import math
import sys
from fractions import Fraction

from mpmath import mp, mpf

mp.prec = 300


def nearest_double(value):
    """The double nearest an mpf (ties to even), rounded once."""
    if value == 0:
        return 0.0
    sign, man, exp, _ = value._mpf_  # value = (-1)^sign · man · 2^exp
    return float((-1) ** sign * Fraction(man) * Fraction(2) ** exp)


MPMATH = {
    "exp": lambda x: mp.exp(mpf(x)),
    "tanh": lambda x: mp.tanh(mpf(x)),
    "cos": lambda x: mp.cos(mpf(x)),
    "log": lambda x: mp.log(mpf(x)),
}

LIBM = {"exp": math.exp, "tanh": math.tanh, "cos": math.cos, "log": math.log}


def main():
    request = json.load(sys.stdin)
    answer = {}
    for name, inputs in request.items():
        if name == "pow":
            libm = [math.pow(x, y) for x, y in inputs]
            exact = [nearest_double(mp.power(mpf(x), mpf(y))) for x, y in inputs]
        else:
            libm = [LIBM[name](x) for x in inputs]
            exact = [nearest_double(MPMATH[name](x)) for x in inputs]
        answer[name] = {"libm": libm, "exact": exact}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
