"""How sure a number is: an accuracy's sampling error, seeds' mean and spread, and paired differences between models.

Introduced in 05_baseline_model (sampling error) and 06_deeper_models (seeds and paired differences).
"""

import math
import statistics
from typing import NamedTuple

# Student's t: the 97.5th percentile for 1, 2, ... degrees of freedom. A paired gap is clear of zero, at the usual
# 95 % level, when |mean / (sd / sqrt(n))| exceeds T_975[n - 1]. Checked against torch.distributions.StudentT in
# tests/test_stats.py.
T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093}


def sampling_error(acc: float, n: int) -> float:
    """Standard error of an accuracy measured on n images: sqrt(acc * (1 - acc) / n), the binomial one.

    Another n images of the same kind would give an accuracy that differs from this one by about this much.
    """
    if not 0 <= acc <= 1:
        raise ValueError(f"acc={acc}: an accuracy is a fraction between 0 and 1 (give 0.85, not 85).")
    if n < 1:
        raise ValueError(f"n={n}: give the number of images the accuracy was measured on, 1 or more.")
    return math.sqrt(acc * (1 - acc) / n)


def _values(values, what: str) -> list[float]:
    values = [float(v) for v in values]
    if len(values) < 2:
        raise ValueError(f"{what}: {len(values)} value(s); a spread needs at least 2 runs (seeds).")
    return values


def seed_summary(values, name: str = "acc") -> str:
    """'acc=0.9127 ± std=0.0016 (n=3)': the mean of runs with different seeds, and their sample standard deviation."""
    values = _values(values, name)
    return f"{name}={statistics.mean(values):.4f} ± std={statistics.stdev(values):.4f} (n={len(values)})"


class Paired(NamedTuple):
    """The differences b - a of two models trained on the same seeds: their mean, sd, count and t = mean / (sd/√n)."""

    mean: float
    sd: float
    n: int
    t: float

    @property
    def clear(self) -> bool:
        """Whether the mean gap is clear of zero at the 95 % level (|t| above Student's t for n - 1 degrees)."""
        return abs(self.t) > T_975[self.n - 1]

    def __str__(self) -> str:
        return (f"gap={self.mean:+.4f} ± std={self.sd:.4f} (n={self.n}), t={self.t:+.1f} "
                f"(|t| > {T_975[self.n - 1]:.3f} is clear of zero)")


def paired(a, b) -> Paired:
    """Compare model b with model a, run for run: a[i] and b[i] must come from the same seed (same split, same order
    of batches). Pairing removes what the seed does to both, so a gap is judged by the spread of the differences."""
    a, b = _values(a, "a"), _values(b, "b")
    if len(a) != len(b):
        raise ValueError(f"a has {len(a)} runs and b {len(b)}: pair them run for run, one seed each.")
    if len(a) - 1 not in T_975:
        raise ValueError(f"{len(a)} pairs: this table of Student's t covers 2 to {max(T_975) + 1}.")
    gaps = [y - x for x, y in zip(a, b)]
    mean, sd = statistics.mean(gaps), statistics.stdev(gaps)
    t = mean / (sd / math.sqrt(len(gaps))) if sd > 0 else math.copysign(math.inf, mean) if mean else 0.0
    return Paired(mean, sd, len(gaps), t)
