"""Code the generated files carry, kept here as real, importable Python (tested as such) and copied into each
file as text: section ``name`` is the source between the ``# -- begin name`` and ``# -- end name`` lines
(``program.prelude(name)``).

    tanh, floordiv, mod   @triton.jit helpers that op templates call
    launch                argument checks, LaunchError, the aligned copy of an operand, output buffers
    eager                 the PyTorch helpers of eager steps
    tables                the block-table cache of table-mode attention kernels
    sparse                BlockSparse, packing a dense weight, checking a packed one

The back end reads this file, it never imports it: importing triton decides once whether kernels run in the
interpreter, and that choice belongs to whoever loads a generated file.
"""

import os
import weakref

import torch
import triton
import triton.language as tl
from triton.tools.tensor_descriptor import TensorDescriptor


# -- begin tanh
@triton.jit
def _tanh(x):
    # tanh(x) = 1 - 2 / (exp(2x) + 1): exact at both tails, and in every Triton version.
    return 1.0 - 2.0 / (tl.exp(2.0 * x) + 1.0)
# -- end tanh


# -- begin floordiv
@triton.jit
def _floordiv(a, b):
    # Python's floor division (Triton's // truncates toward zero).
    q = a // b
    return q - ((a % b != 0) & ((a < 0) != (b < 0))).to(q.dtype)
# -- end floordiv


# -- begin mod
@triton.jit
def _mod(a, b):
    # Python's modulo: the sign follows the divisor.
    r = a % b
    return r + ((r != 0) & ((r < 0) != (b < 0))).to(r.dtype) * b
# -- end mod


# -- begin launch
# Triton decides at import time whether kernels run on the GPU or in its CPU interpreter.
_INTERPRETED = os.environ.get("TRITON_INTERPRET", "0") == "1"


class LaunchError(ValueError):
    """Raised for arguments that do not fit the kernel: shapes, dtypes, devices."""


def _check_tensor(program, name, t, dtype, ndim):
    if not isinstance(t, torch.Tensor):
        raise LaunchError(f"{program}: {name} must be a torch.Tensor, got {type(t).__name__}")
    if t.dtype != dtype:
        raise LaunchError(f"{program}: {name} must be {dtype}, got {t.dtype}")
    if t.dim() != ndim:
        raise LaunchError(f"{program}: {name} must have {ndim} dims, got shape {tuple(t.shape)}")


def _check_devices(program, tensors):
    devices = {t.device for t in tensors.values()}
    if len(devices) > 1:
        where = ", ".join(f"{n} on {t.device}" for n, t in tensors.items())
        raise LaunchError(f"{program}: all tensors must be on one device ({where})")
    (device,) = devices
    if device.type != "cuda" and not _INTERPRETED:
        raise LaunchError(f"{program}: tensors are on {device}; move them to a CUDA device "
                          "or set TRITON_INTERPRET=1 before importing this file to run on the CPU")
    return device


def _check_dim(program, dim, value, where, other, other_where):
    if value != other:
        raise LaunchError(f"{program}: dim {dim} is {value} in {where} but {other} in {other_where}")


# triton.cdiv and triton.next_power_of_2 are constexpr functions: microseconds per call on the host
def _cdiv(a, b):
    return -(-a // b)


def _pow2(n):
    return 1 << max(int(n) - 1, 0).bit_length()


def _misaligned(t, unit_stride=False):
    """Whether ``_aligned`` copies ``t``: rows not 16-element aligned, or (``unit_stride``) a strided last dim."""
    if t.dim() < 2 or t.numel() == 0:
        return False
    if t.stride(-1) != 1:
        return unit_stride
    return t.data_ptr() % 16 != 0 or any(s % 16 for s in t.stride()[:-1])


def _aligned(t, unit_stride=False, note=None):
    """``t`` itself, or a copy whose rows start every 64 elements when its row stride is not a multiple of 16.

    GEMM operands stream through the K loop; unaligned rows (K = 5921, say) stop Triton from using wide
    vector loads, which costs far more than one copy of the operand. ``unit_stride``: the operand is read through
    a TMA descriptor, which also needs its last dim contiguous, so a transposed view or a strided slice is copied
    too (``note``, a debug build's "program: name", warns once when that happens).
    """
    if not _misaligned(t, unit_stride):
        return t
    if note is not None and t.stride(-1) != 1 and note not in _COPIED:
        import warnings

        _COPIED.add(note)
        warnings.warn(f"{note} has strides {tuple(t.stride())}; its TMA loads need a contiguous last dim and "
                      "16-byte aligned rows, so it is copied once per call (pass it contiguous to save the copy)",
                      stacklevel=3)
    cols = t.shape[-1]
    buf = torch.empty((*t.shape[:-1], -(-cols // 64) * 64), dtype=t.dtype, device=t.device)[..., :cols]
    buf.copy_(t)
    return buf


_COPIED = set()


def _output(program, out, shape, dtype, device):
    if out is None:
        return torch.empty(shape, dtype=dtype, device=device)
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != tuple(shape) or out.dtype != dtype \
            or out.device != device:
        got = f"{tuple(out.shape)} {out.dtype} on {out.device}" if isinstance(out, torch.Tensor) else type(out).__name__
        raise LaunchError(f"{program}: out must be {tuple(shape)} {dtype} on {device}, got {got}")
    return out


def _remember(cache, key, value, capacity=1024):
    """Store ``value`` in a bounded dict (cleared when full: signatures seldom number more than a few)."""
    if len(cache) >= capacity:
        cache.clear()
    cache[key] = value
    return value


_SLOTS = iter(range(1 << 62))  # one number per checked call signature, never reused
_DESCRIPTORS = {}


def _descriptor(key, t, block):
    """The TMA descriptor of operand ``key`` on ``t``. What Triton checks and reads of a descriptor besides its
    ``base`` (the launch takes the pointer from it) is ``t``'s shape, strides, dtype and 16-byte alignment: while
    those match the last one built for this operand, that one's fields are reused with ``t`` as the base (every
    layer of a model calls one kernel with its own weight, and an activation is a new view at every call). No
    tensor is kept."""
    entry = _DESCRIPTORS.get(key)
    if entry is not None and entry[0] == t.shape and entry[1] == t.stride() and entry[2] is t.dtype \
            and entry[3] == block and t.data_ptr() % 16 == 0:
        desc = object.__new__(TensorDescriptor)
        desc.__dict__.update(entry[4], base=t)
        return desc
    desc = TensorDescriptor.from_tensor(t, block)
    if hasattr(desc, "__dict__"):  # a plain dataclass (Triton 3.6 to 3.9)
        _DESCRIPTORS[key] = (t.shape, t.stride(), t.dtype, block, {**vars(desc), "base": None})
    return desc


def _capturing(device):
    """Whether the current stream of ``device`` is being captured into a CUDA graph."""
    return device.type == "cuda" and torch.cuda.is_current_stream_capturing()


_SMS = {}


def _sm_count(device):
    """The device's SM count, asked once per device (132 in the interpreter)."""
    n = _SMS.get(device)
    if n is None:
        n = torch.cuda.get_device_properties(device).multi_processor_count if device.type == "cuda" else 132
        _SMS[device] = n
    return n


class _Workspaces:
    """Scratch buffers kept per (name, device, stream, shape) and reused by the next call on that stream
    (stream order makes that safe). Inside a CUDA-graph capture a buffer comes from the graph's own pool and is
    not kept, so replays never share memory with eager calls."""

    def __init__(self, capacity=64):
        self.buffers, self.capacity = {}, capacity

    def get(self, name, shape, device, zero=False):
        (buf,) = self.get_many(name, (shape,), device)
        return buf.zero_() if zero else buf

    def get_many(self, name, shapes, device):
        """Several buffers at once (one lookup): a tuple, one per shape."""
        if device.type != "cuda" or _capturing(device):
            return tuple(torch.empty(s, dtype=torch.float32, device=device) for s in shapes)
        key = (name, device, _raw_stream(device.index), shapes)
        bufs = self.buffers.get(key)
        if bufs is None:
            bufs = _remember(self.buffers, key, tuple(torch.empty(s, dtype=torch.float32, device=device)
                                                      for s in shapes), self.capacity)
        return bufs


_WORKSPACES = _Workspaces()
_raw_stream = getattr(torch._C, "_cuda_getCurrentRawStream", None)


def _triton_version():
    try:
        return tuple(int(part) for part in triton.__version__.split(".")[:2])
    except ValueError:
        return (0, 0)


# Calling a compiled kernel's own launcher (as Inductor's generated code does) skips the JIT's argument binding
# and specialization on every call. Its calling convention is Triton-internal: checked for 3.6 to 3.9; outside
# that (or with TILEFUSE_JIT_LAUNCH=1) every launch goes through the JIT.
_DIRECT = (not _INTERPRETED and _raw_stream is not None and (3, 6) <= _triton_version() <= (3, 9)
           and os.environ.get("TILEFUSE_JIT_LAUNCH", "0") != "1")


def _no_launch_hooks():
    runtime = getattr(getattr(triton, "knobs", None), "runtime", None)
    if runtime is None:
        return False
    hooks = (getattr(runtime, "launch_enter_hook", None), getattr(runtime, "launch_exit_hook", None))
    return all(h is None or (hasattr(h, "calls") and not h.calls) for h in hooks)  # 3.6 keeps an empty HookChain


class _Launch:
    """One kernel's launches. The first call of a call signature goes through the JIT (which compiles, or finds
    the compiled kernel in its cache) and keeps the compiled kernel under the signature's ``slot``; later calls
    hand the arguments straight to its launcher. The signature (the inputs' dtypes, devices, shapes, strides and
    pointer alignment) fixes every integer argument and so Triton's specialization of them: a kept kernel is the
    one the JIT would pick. Nothing is kept in the interpreter, under launch hooks (profilers) or for slot None."""

    def __init__(self, fn, num_warps, num_stages, capacity=256):
        self.fn, self.num_warps, self.num_stages, self.capacity = fn, num_warps, num_stages, capacity
        self.compiled = {}

    def __call__(self, slot, device, grid, *args):
        kernel = self.compiled.get(slot)
        if kernel is not None:
            kernel.run(grid[0], grid[1], grid[2], _raw_stream(device.index), kernel.function, kernel.packed_metadata,
                       None, None, None, *args)
            return
        kernel = self.fn[grid](*args, num_warps=self.num_warps, num_stages=self.num_stages)
        if _DIRECT and slot is not None and hasattr(kernel, "packed_metadata") and _no_launch_hooks() \
                and device.type == "cuda" and device.index == torch.cuda.current_device():
            kernel.run  # noqa: B018 - loads the module's handles once, before the first direct launch
            _remember(self.compiled, slot, kernel, self.capacity)
# -- end launch


# -- begin eager
def _align(t, have, want):
    """View ``t`` (axes ``have``) so it broadcasts against axes ``want``: permute, then unsqueeze."""
    if not isinstance(t, torch.Tensor) or t.dim() == 0:
        return t
    t = t.permute([have.index(a) for a in want if a in have])
    sizes = iter(t.shape)
    return t.reshape([next(sizes) if a in have else 1 for a in want])


def _softmax(x, dim):
    """Softmax whose all--inf rows give zeros."""
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(m == float("-inf"), torch.zeros_like(m), m)
    e = torch.exp(x - m)
    s = e.sum(dim=dim, keepdim=True)
    return e / torch.where(s == 0, torch.ones_like(s), s)


def _logsumexp(x, dim):
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(m == float("-inf"), torch.zeros_like(m), m)
    return (torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True)) + m).squeeze(dim)
# -- end eager


# -- begin tables
class _TableCache:
    """Block tables keyed by sizes, and by the identity and version of the mask's input tensors.

    A table is reused only while every input is the very same tensor object, not modified in place since
    (``_version``); a weak reference guards against a new tensor reusing a freed one's id. Inside a CUDA-graph
    capture the cache is neither read nor written: the prologue kernel goes into the graph and rebuilds the table
    on every replay, from whatever the mask's inputs hold then.
    """

    def __init__(self, capacity=16):
        self.entries = {}
        self.capacity = capacity

    def _key(self, key, tensors):
        return key + tuple(id(t) for t in tensors)

    def get(self, key, tensors, device):
        if _capturing(device):
            return None
        entry = self.entries.get(self._key(key, tensors))
        if entry is None:
            return None
        refs, versions, tables = entry
        if all(r() is t for r, t in zip(refs, tensors)) and versions == [t._version for t in tensors]:
            return tables
        return None

    def put(self, key, tensors, tables, device):
        if _capturing(device):
            return
        self.entries.pop(self._key(key, tensors), None)
        while len(self.entries) >= self.capacity:
            self.entries.pop(next(iter(self.entries)))
        self.entries[self._key(key, tensors)] = ([weakref.ref(t) for t in tensors], [t._version for t in tensors],
                                                 tables)

    def clear(self):
        self.entries.clear()


_TABLES = _TableCache()
# -- end tables


# -- begin heads
def _head_pack(most, group, rows, block_m):
    """Heads packed into one attention tile: the largest power of two up to ``most`` that divides the ``group`` of
    heads sharing K/V and leaves each head at least ``rows`` (rounded up to a power of two) of the ``block_m``."""
    pack = 1
    while pack * 2 <= most and group > 0 and group % (pack * 2) == 0 and pack * 2 * _pow2(rows) <= block_m:
        pack *= 2
    return pack
# -- end heads


# -- begin sparse
class BlockSparse:
    """A [K, N] weight kept as its non-zero BLOCK_K x BLOCK_N blocks, grouped by N block (block-CSC).

    ``values[i]`` is the i-th stored block (zero-padded at the ragged edges); the blocks of N block ``j``
    are ``col_ptr[j]:col_ptr[j + 1]`` and ``row_idx[i]`` is block i's K block. ``shape`` is the dense
    shape as the program declares it: [N, K] when ``transposed``.
    """

    def __init__(self, values, col_ptr, row_idx, shape, block, transposed=False):
        self.values, self.col_ptr, self.row_idx = values, col_ptr, row_idx
        self.shape, self.block, self.transposed = tuple(shape), tuple(block), transposed

    @property
    def device(self):
        return self.values.device

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def density(self):
        """Fraction of the blocks that are stored (and multiplied)."""
        blocks = (self.col_ptr.numel() - 1) * -(-self._kn()[0] // self.block[0])
        return self.row_idx.numel() / max(blocks, 1)

    def _kn(self):
        return self.shape if not self.transposed else self.shape[::-1]

    def to_dense(self):
        """The dense weight these blocks stand for (dropped blocks are zeros), in the declared layout."""
        bk, bn = self.block
        k, n = self._kn()
        kb, nb = -(-k // bk), self.col_ptr.numel() - 1
        out = torch.zeros((kb, nb, bk, bn), dtype=self.dtype, device=self.device)
        cols = torch.repeat_interleave(torch.arange(nb, device=self.device), torch.diff(self.col_ptr.long()))
        out[self.row_idx.long(), cols] = self.values
        dense = out.permute(0, 2, 1, 3).reshape(kb * bk, nb * bn)[:k, :n]
        return dense.T if self.transposed else dense

    def __repr__(self):
        return (f"BlockSparse(shape={self.shape}, block={self.block}, stored={self.row_idx.numel()} blocks, "
                f"density={self.density:.3f}, {self.dtype})")


def _pack_block_sparse(dense, block, dtype, transposed=False, block_mask=None, threshold=None):
    """Pack a dense weight: keep the blocks that ``block_mask`` (bool [K blocks, N blocks]) selects, or else
    the blocks whose largest magnitude exceeds ``threshold`` (default 0: drop only all-zero blocks).
    A block dropped by the mask or the threshold counts as zero (that is the pruning)."""
    if not isinstance(dense, torch.Tensor) or dense.dim() != 2:
        raise LaunchError(f"pack: expected a 2-D dense tensor, got {getattr(dense, 'shape', type(dense))}")
    kn = dense.T if transposed else dense
    k, n = kn.shape
    bk, bn = block
    kb, nb = -(-k // bk), -(-n // bn)
    padded = torch.zeros((kb * bk, nb * bn), dtype=dtype, device=dense.device)
    padded[:k, :n] = kn
    blocks = padded.reshape(kb, bk, nb, bn).permute(2, 0, 1, 3)  # [N block, K block, bk, bn]
    if block_mask is not None:
        if tuple(block_mask.shape) != (kb, nb):
            raise LaunchError(f"pack: block_mask must be [{kb}, {nb}] (K blocks of {bk}, N blocks of {bn}), "
                              f"got {tuple(block_mask.shape)}")
        keep = block_mask.to(device=dense.device, dtype=torch.bool).T
    else:
        keep = blocks.abs().amax(dim=(2, 3)) > (0 if threshold is None else threshold)
    values = blocks[keep].contiguous()
    col_ptr = torch.zeros((nb + 1,), dtype=torch.int32, device=dense.device)
    col_ptr[1:] = torch.cumsum(keep.sum(dim=1), 0)
    row_idx = keep.nonzero()[:, 1].to(torch.int32).contiguous()
    return BlockSparse(values, col_ptr, row_idx, dense.shape, block, transposed)


def _check_packed(program, name, w, dtype, block):
    if not all(hasattr(w, a) for a in ("values", "col_ptr", "row_idx", "block")):  # any kernel's BlockSparse
        raise LaunchError(f"{program}: {name} is block-sparse; pass pack_{name}(dense, ...) (kernel.pack({name!r}, "
                          f"dense, ...)), not {type(w).__name__}")
    if w.dtype != dtype:
        raise LaunchError(f"{program}: {name} must be packed as {dtype}, got {w.dtype}")
    if w.block != tuple(block):
        raise LaunchError(f"{program}: {name} was packed in {w.block[0]}x{w.block[1]} blocks; this kernel walks "
                          f"{block[0]}x{block[1]} (BLOCK_K x BLOCK_N): pack it with this kernel's pack_{name}")
# -- end sparse


# -- begin dispatch
def _bucket(n):
    """The shape bucket of a size: the next power of two."""
    return 1 << max(0, int(n) - 1).bit_length()


class _Dispatch:
    """Picks this file's specialization per call from the key dims' sizes: the exact shape if the table has it,
    else the entry for its bucket, else the nearest tuned bucket at most ``max_distance`` away (sum over dims of
    |log2| of the buckets' ratios), else the fallback, with one warning per new bucket. Choices are cached."""

    def __init__(self, program, dims, table, launchers, fallback, max_distance=2):
        self.program, self.dims, self.launchers, self.fallback = program, dims, launchers, fallback
        self.max_distance = max_distance
        rows = sorted(table, key=lambda row: not row["exact"])  # exact rows first: they own their bucket
        self.exact = {tuple(row["shape"]): row["spec"] for row in rows if row["exact"]}
        self.buckets, self.tuned = {}, {}
        for row in rows:
            b = tuple(_bucket(v) for v in row["shape"])
            self.buckets.setdefault(b, row["spec"])
            if row["exact"]:
                self.tuned.setdefault(b, row["spec"])
        self.cache, self.warned = {}, set()

    def __call__(self, key):
        launcher = self.cache.get(key)
        if launcher is None:
            launcher = self.launchers[self.choose(key)]
            if len(self.cache) >= 4096:
                self.cache.clear()
            self.cache[key] = launcher
        return launcher

    def choose(self, key):
        """The index of the specialization for ``key`` (None: the fallback)."""
        if key is None:
            return self.fallback
        if key in self.exact:
            return self.exact[key]
        b = tuple(_bucket(v) for v in key)
        if b in self.buckets:
            return self.buckets[b]
        near = sorted((sum(abs(x.bit_length() - y.bit_length()) for x, y in zip(t, b)), t) for t in self.tuned)
        if near and near[0][0] <= self.max_distance:
            return self.tuned[near[0][1]]
        if b not in self.warned:
            import warnings

            self.warned.add(b)
            shape = ", ".join(f"{d}={v}" for d, v in zip(self.dims, key))
            warnings.warn(f"{self.program}: {shape} is outside this file's dispatch table (no entry for its bucket "
                          f"or a tuned one near it); running the fallback config, spec {self.fallback}",
                          stacklevel=3)
        return self.fallback
# -- end dispatch
