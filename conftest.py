"""Settings every pytest run shares, notebooks included: kernels inherit this environment."""

import os

# Training numbers depend on the thread count (TEACHING.md, "Regenerating the outputs"): the stored outputs were
# written with 2 threads by tools/run_notebooks.py, so the re-run uses 2 threads too.
os.environ["OMP_NUM_THREADS"] = "2"
os.environ["MKL_NUM_THREADS"] = "2"
