"""The statistics toolkit against hand-computed cases and PyTorch's own distributions."""

import math
import statistics

import pytest
import torch

from fashion_dnn.stats import T_975, Paired, paired, sampling_error, seed_summary


def test_sampling_error_is_the_binomial_one():
    assert sampling_error(0.9, 10_000) == pytest.approx(0.003)
    assert sampling_error(0.5, 100) == pytest.approx(0.05)
    assert sampling_error(1.0, 50) == 0.0


def test_sampling_error_matches_what_resampling_gives():
    torch.manual_seed(0)
    right = torch.rand(200, 5_000) < 0.85  # 200 validation sets of 5,000 images, each right with p = 0.85
    assert right.float().mean(dim=1).std().item() == pytest.approx(sampling_error(0.85, 5_000), rel=0.15)


@pytest.mark.parametrize("acc, n", [(85, 100), (-0.1, 100), (0.5, 0)])
def test_sampling_error_refuses_what_is_not_an_accuracy(acc, n):
    with pytest.raises(ValueError, match="acc=|n="):
        sampling_error(acc, n)


def test_seed_summary():
    assert seed_summary([0.9123, 0.9144, 0.9113]) == "acc=0.9127 ± std=0.0016 (n=3)"
    assert seed_summary((0.5, 0.7), name="val_acc") == "val_acc=0.6000 ± std=0.1414 (n=2)"
    with pytest.raises(ValueError, match="at least 2"):
        seed_summary([0.9])


def test_paired_by_hand():
    a, b = [0.80, 0.82, 0.81], [0.83, 0.84, 0.85]
    gaps = [0.03, 0.02, 0.04]
    result = paired(a, b)
    assert result.n == 3
    assert result.mean == pytest.approx(0.03)
    assert result.sd == pytest.approx(statistics.stdev(gaps))
    assert result.t == pytest.approx(0.03 / (0.01 / math.sqrt(3)))
    assert result.clear  # t = 5.2 > 4.303
    assert str(result) == "gap=+0.0300 ± std=0.0100 (n=3), t=+5.2 (|t| > 4.303 is clear of zero)"


def test_pairing_removes_what_the_seed_does_to_both():
    seed_effect = [0.00, 0.03, -0.03]  # a seed that helps or hurts both models alike
    a = [0.85 + s for s in seed_effect]
    b = [0.86 + s + d for s, d in zip(seed_effect, (0.001, -0.001, 0.0))]
    assert paired(a, b).clear  # the 1-point gap is clear once the seeds' shared part is gone...
    assert statistics.stdev(a) > 0.01  # ...although each model's own spread is three times the gap


def test_a_gap_within_the_noise_is_not_clear():
    result = paired([0.85, 0.86, 0.84], [0.86, 0.85, 0.85])
    assert not result.clear and abs(result.t) < 1
    assert not Paired(0.0, 0.0, 3, 0.0).clear


def test_paired_refuses_runs_that_cannot_be_paired():
    with pytest.raises(ValueError, match="pair them run for run"):
        paired([0.8, 0.81, 0.82], [0.8, 0.81])
    with pytest.raises(ValueError, match="at least 2"):
        paired([0.8], [0.81])


def test_the_t_table_by_sampling():
    # Student's t cdf is not in torch.distributions: check each quantile by drawing, with about 3 se to spare
    torch.manual_seed(0)
    for df in (1, 2, 4, 9):
        draws = torch.distributions.StudentT(torch.tensor(float(df))).sample((400_000,))
        assert (draws.abs() > T_975[df]).float().mean().item() == pytest.approx(0.05, abs=0.0015)
