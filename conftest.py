"""Settings every pytest run shares, notebooks included: kernels inherit this environment."""

import os

# The stored outputs were computed on the CPU, so the tests run there even on a machine with a GPU or Apple's MPS.
# (The thread count, which training numbers also depend on, is set by the fashion_dnn package itself: 1 thread.)
os.environ["FASHION_DNN_DEVICE"] = "cpu"
