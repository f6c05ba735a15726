"""A linear layer with a block-sparse (pruned) weight, bias and GELU fused into one kernel.

Compiled plainly it is a dense GEMM; compiled with ``sparse=("w",)`` the kernel reads ``w`` as packed
BLOCK_K x BLOCK_N blocks and skips the pruned ones, so its time follows the kept fraction of blocks::

    kernel = sparse_linear.compile("bf16", sparse=("w",), config={"BLOCK_M": 128, "BLOCK_N": 128, "BLOCK_K": 64})
    packed = kernel.pack("w", w_dense, threshold=1e-2)   # or block_mask=bool[K // 64, N // 128]
    y = kernel(x, packed, bias)                          # packed.density: the fraction of blocks kept

The block size is a tuning knob (BLOCK_K x BLOCK_N); a weight packed for one kernel is refused by another
whose blocks differ. Run this file to see it on random data (GPU, or TRITON_INTERPRET=1 on the CPU).

    tilefuse compile examples/sparse_linear.py --out build
"""

import tilefuse as tf


@tf.program
def sparse_linear(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"], bias: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,kn->mn", x, w) + bias)


if __name__ == "__main__":
    import torch

    from tilefuse.backends.triton.loader import use_interpreter_if_no_gpu

    use_interpreter_if_no_gpu()
    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype, (m, k, n) = ("bf16", (512, 1024, 1024)) if device == "cuda" else ("fp32", (64, 128, 96))
    config = {"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_K": 32, "num_warps": 4, "num_stages": 2}
    kernel = sparse_linear.compile(dtype, sparse=("w",), config=config)
    x = torch.randn(m, k, device=device).to(kernel.lowered.source.inputs[0].dtype.to_torch())
    w = torch.randn(k, n, device=device).to(x.dtype)
    keep = torch.rand(-(-k // 32), -(-n // 64), device=device) < 0.5
    packed = kernel.pack("w", w, block_mask=keep)
    bias = torch.randn(n, device=device).to(x.dtype)
    y = kernel(x, packed, bias)
    want = torch.nn.functional.gelu(x.double() @ packed.to_dense().double() + bias.double())
    print(f"{packed}: relative error {((y.double() - want).norm() / want.norm()).item():.2e}")
