"""Code every generated CUDA launcher carries, kept here as real, importable Python and copied into each file as
text (everything below the ``# -- begin runtime`` line): argument checks with the Triton launcher's wording, the
output buffer, and ``_CudaModule``, which loads the kernels' binary and launches them on torch's current stream.

The binary is ``<launcher stem>.fatbin`` (or ``.cubin``) next to the launcher when there is one (``nvcc -fatbin``,
see ``offline.build_fatbin``), else the embedded CUDA source compiled with NVRTC for the device. Needs torch and
cuda-python (``cuda.bindings``) only, imported when a kernel first runs, so the checks work without either GPU or
cuda-python.
"""

# -- begin runtime
import ctypes
import os

import torch


class LaunchError(ValueError):
    """A generated kernel was called with arguments it cannot run on."""


def _check_tensor(program, name, t, dtype, ndim):
    if not isinstance(t, torch.Tensor):
        raise LaunchError(f"{program}: {name} must be a torch.Tensor, got {type(t).__name__}")
    if t.dtype != dtype:
        raise LaunchError(f"{program}: {name} must be {dtype}, got {t.dtype}")
    if t.dim() != ndim:
        raise LaunchError(f"{program}: {name} must have {ndim} dims, got shape {tuple(t.shape)}")


def _check_dim(program, dim, value, where, other, other_where):
    if other != value:
        raise LaunchError(f"{program}: dim {dim} is {value} in {where} but {other} in {other_where}")


def _check_contiguous(program, name, t):
    # The CUDA kernels index row-major compact tensors: a view with other strides is an error, never a silent copy.
    if not t.is_contiguous():
        raise LaunchError(f"{program}: {name} must be contiguous (shape {tuple(t.shape)}, strides {t.stride()}); "
                          f"pass {name}.contiguous()")


def _check_devices(program, tensors):
    devices = {t.device for t in tensors.values()}
    if len(devices) > 1:
        where = ", ".join(f"{n} on {t.device}" for n, t in tensors.items())
        raise LaunchError(f"{program}: all tensors must be on one device ({where})")
    (device,) = devices
    if device.type != "cuda":
        raise LaunchError(f"{program}: tensors are on {device}; move them to a CUDA device "
                          "(the CUDA back end has no CPU mode)")
    return device


def _check_size(program, dim, value, limit=2**31 - 1):
    if value > limit:
        raise LaunchError(f"{program}: {dim} = {value} exceeds the kernel's 32-bit indexing ({limit})")


def _output(program, out, shape, dtype, device):
    if out is None:
        return torch.empty(shape, dtype=dtype, device=device)
    if tuple(out.shape) != tuple(shape) or out.dtype != dtype or out.device != device or not out.is_contiguous():
        got = f"{tuple(out.shape)} {out.dtype} on {out.device}" + ("" if out.is_contiguous() else ", not contiguous")
        raise LaunchError(f"{program}: out must be {tuple(shape)} {dtype} on {device}, contiguous, got {got}")
    return out


def _cdiv(a, b):
    return (a + b - 1) // b


def _aligned(*tensors):
    """Whether every tensor starts on a 16-byte boundary (a kernel copying 16-byte vectors needs it)."""
    return all(t.data_ptr() % 16 == 0 for t in tensors)


def _cuda_check(result, what):
    err = result[0]
    if int(err) != 0:
        raise RuntimeError(f"{what} failed: {err!r}")
    return result[1] if len(result) == 2 else result[1:]


class _CudaModule:
    """The kernels of one launcher file, loaded once per device."""

    def __init__(self, source, stem, program):
        self.source, self.stem, self.program = source, stem, program
        self.loaded = {}  # device index -> {kernel name: CUfunction}
        self.opted_in = set()  # (device, kernel name) allowed more than 48 KiB of dynamic shared memory

    def binary(self, device):
        for suffix in (".fatbin", ".cubin"):
            if os.path.exists(self.stem + suffix):
                with open(self.stem + suffix, "rb") as f:
                    return f.read()
        return self.nvrtc(device)

    def nvrtc(self, device):
        from cuda.bindings import nvrtc

        major, minor = torch.cuda.get_device_capability(device)
        arch = f"sm_{major}{minor}" + ("a" if major >= 9 else "")
        prog = _cuda_check(nvrtc.nvrtcCreateProgram(self.source.encode(), b"kernel.cu", 0, [], []),
                           "nvrtcCreateProgram")
        opts = [f"--gpu-architecture={arch}".encode(), b"--std=c++17", b"-default-device"]
        (err,) = nvrtc.nvrtcCompileProgram(prog, len(opts), opts)
        if int(err) != 0:
            size = _cuda_check(nvrtc.nvrtcGetProgramLogSize(prog), "nvrtcGetProgramLogSize")
            log = b" " * size
            nvrtc.nvrtcGetProgramLog(prog, log)
            raise RuntimeError(f"{self.program}: NVRTC could not compile the kernels for {arch}:\n{log.decode()}")
        size = _cuda_check(nvrtc.nvrtcGetCUBINSize(prog), "nvrtcGetCUBINSize")
        cubin = b" " * size
        nvrtc.nvrtcGetCUBIN(prog, cubin)
        return cubin

    def function(self, device, name):
        from cuda.bindings import driver

        index = device.index if device.index is not None else torch.cuda.current_device()
        functions = self.loaded.get(index)
        if functions is None:
            torch.cuda.init()
            _cuda_check(driver.cuInit(0), "cuInit")
            dev = _cuda_check(driver.cuDeviceGet(index), "cuDeviceGet")
            context = _cuda_check(driver.cuDevicePrimaryCtxRetain(dev), "cuDevicePrimaryCtxRetain")  # torch's own
            _cuda_check(driver.cuCtxSetCurrent(context), "cuCtxSetCurrent")
            module = _cuda_check(driver.cuModuleLoadData(self.binary(device)), "cuModuleLoadData")
            functions = self.loaded[index] = {"_module": module}
        if name not in functions:
            functions[name] = _cuda_check(driver.cuModuleGetFunction(functions["_module"], name.encode()),
                                          f"cuModuleGetFunction({name})")
        return functions[name]

    def launch(self, device, name, grid, block, shared, args):
        """Launch kernel ``name`` with ``shared`` bytes of dynamic shared memory; ``args`` are (value, kind) pairs,
        kind "ptr" (a tensor), "int" or "float"."""
        from cuda.bindings import driver

        function = self.function(device, name)
        if shared > 48 * 1024 and (device, name) not in self.opted_in:  # beyond 48 KiB a kernel must opt in
            attribute = driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
            _cuda_check(driver.cuFuncSetAttribute(function, attribute, shared), f"cuFuncSetAttribute({name})")
            self.opted_in.add((device, name))
        kinds = {"ptr": ctypes.c_void_p, "int": ctypes.c_int, "float": ctypes.c_float}
        values = tuple(v.data_ptr() if kind == "ptr" else v for v, kind in args)
        params = (values, tuple(kinds[kind] for _, kind in args))
        stream = driver.CUstream(torch.cuda.current_stream(device).cuda_stream)
        _cuda_check(driver.cuLaunchKernel(function, *grid, *block, shared, stream, params, 0), f"launch of {name}")
