"""Model-level rewrites of a captured graph: sibling linears that read one input become one GEMM, a
patchifying convolution (stride equal to its kernel, as in ViT's patch embedding) becomes a GEMM, and a GEMM
written on flattened rows (GPT-2's Conv1D: ``addmm(b, x.view(-1, K), w).view(B, S, N)``) is read as the
matmul of ``x`` itself, so the elementwise ops after the view join its epilogue.

Q, K and V projections (and any other linears sharing an input whose outputs only feed views and other
kernels) are rewritten as one ``aten.linear`` over the weights concatenated along N, followed by a slice per
original output. One kernel then reads the input once and fills the machine with one wider N instead of three
launches of narrower ones.

The concatenated weight is made once, at compile time, and the module's own parameters become views into it
(``param.data = packed[a:b]``): the model keeps working as before, its values unchanged, and no weight is held
twice. Linears with an epilogue region of their own (SwiGLU's gate and up) are left apart: their fused
epilogues are worth more than the shared read.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .torch_match import _arg, _region, _shape, _val

aten = torch.ops.aten


@dataclass
class Packed:
    """One group of sibling linears now computed by one GEMM."""

    node: torch.fx.Node             # the packed linear
    names: list[str]                # the weights' parameter names, in packed order
    sizes: list[int]                # each one's N

    def label(self) -> str:
        short = [n.rsplit(".", 2)[-2] if n.count(".") else n for n in self.names]
        return f"{' | '.join(short)} packed (N = {' + '.join(map(str, self.sizes))})"


def _weight(gm, node):
    if not isinstance(node, torch.fx.Node) or node.op != "get_attr":
        return None
    try:
        return gm.get_parameter(node.target)
    except AttributeError:
        return None


def _candidates(gm) -> dict:
    groups: dict = {}
    for node in gm.graph.nodes:
        if node.op != "call_function" or node.target != aten.linear.default:
            continue
        w, bias = node.args[1], _arg(node, 2, "bias", None)
        if _weight(gm, w) is None or _weight(gm, w).dim() != 2 or (bias is not None and _weight(gm, bias) is None):
            continue
        if _region(node, _shape(node))[0]:  # it has an epilogue of its own: keep it
            continue
        groups.setdefault(node.args[0], []).append(node)
    return {x: nodes for x, nodes in groups.items() if len(nodes) > 1}


def _views_hold(node, fake_slice) -> bool:
    """Whether the views after ``node`` still work on a strided slice of a wider output."""
    for user in node.users:
        if user.op == "call_function" and user.target == aten.view.default:
            try:
                aten.view.default(fake_slice, torch.fx.node.map_arg(user.args[1], lambda a: a.meta["val"]))
            except Exception:  # noqa: BLE001 - a view the slice's strides do not allow
                return False
    return True


def pack_siblings(gm: torch.fx.GraphModule) -> list[Packed]:
    """Rewrite each group of sibling linears into one; returns what was packed."""
    done = []
    for x, nodes in _candidates(gm).items():
        weights = [_weight(gm, n.args[1]) for n in nodes]
        biases = [_arg(n, 2, "bias", None) for n in nodes]
        if len({(w.shape[1], w.dtype, w.device) for w in weights}) != 1 or len({b is None for b in biases}) != 1:
            continue
        out = _val(nodes[0])
        fake_mode = getattr(out, "fake_mode", None)
        if fake_mode is None:
            continue
        sizes = [w.shape[0] for w in weights]
        total = sum(sizes)
        with fake_mode:
            wide = torch.empty(*out.shape[:-1], total, dtype=out.dtype, device=out.device)
            starts = [sum(sizes[:i]) for i in range(len(sizes))]
            slices = [aten.slice.Tensor(wide, -1, s, s + n) for s, n in zip(starts, sizes)]
        if not all(_views_hold(n, s) for n, s in zip(nodes, slices)):
            continue
        names = _names(gm, weights)
        packed = _pack(gm, weights, "weight")
        bias = _pack(gm, [_weight(gm, b) for b in biases], "bias") if biases[0] is not None else None
        graph = gm.graph
        with graph.inserting_before(nodes[0]):
            w_node = graph.get_attr(packed)
            b_node = graph.get_attr(bias) if bias else None
            wide_node = graph.call_function(aten.linear.default, (x, w_node) + ((b_node,) if b_node else ()))
            wide_node.meta["val"] = wide
            w_node.meta["val"] = fake_mode.from_tensor(getattr(gm, packed), static_shapes=True)
            if b_node is not None:
                b_node.meta["val"] = fake_mode.from_tensor(getattr(gm, bias), static_shapes=True)
            for node, start, n, fake in zip(nodes, starts, sizes, slices):
                part = graph.call_function(aten.slice.Tensor, (wide_node, -1, start, start + n))
                part.meta["val"] = fake
                node.replace_all_uses_with(part)
        for node in nodes:
            graph.erase_node(node)
        done.append(Packed(wide_node, names, sizes))
    if done:
        graph.eliminate_dead_code()
        gm.recompile()
    return done


def _names(gm, weights) -> list[str]:
    by_id = {id(p): name for name, p in gm.named_parameters(remove_duplicate=False)}
    return [by_id.get(id(w), "?") for w in weights]


def _adjacent(tensors):
    """The tensors as one, when they already are consecutive rows of one contiguous storage (packed before)."""
    first = tensors[0]
    if any(not t.is_contiguous() or t.untyped_storage().data_ptr() != first.untyped_storage().data_ptr()
           for t in tensors):
        return None
    for a, b in zip(tensors, tensors[1:]):
        if a.data_ptr() + a.numel() * a.element_size() != b.data_ptr():
            return None
    rows = sum(t.shape[0] for t in tensors)
    return first.detach().as_strided((rows, *first.shape[1:]), first.stride())


def _pack(gm, tensors, what: str) -> str:
    """Concatenate ``tensors`` along dim 0 once; the parameters become views into it. Returns its attribute."""
    with torch.no_grad():
        packed = _adjacent(tensors)
        if packed is None:  # the usual case; else a compile before this one packed them already
            packed = torch.cat([t.detach() for t in tensors], 0)
            start = 0
            for t in tensors:
                n = t.shape[0]
                t.data = packed[start:start + n]
                start += n
    name = f"_tilefuse_packed_{what}_{sum(1 for n, _ in gm.named_buffers() if n.startswith('_tilefuse_packed'))}"
    gm.register_buffer(name, packed, persistent=False)
    return name


def _add(graph, fake_mode, target, *args, **kwargs):
    """A new call node, its ``meta["val"]`` computed on the arguments' fake values."""
    node = graph.call_function(target, args, kwargs)
    with fake_mode:
        node.meta["val"] = target(*torch.fx.node.map_arg(args, lambda a: a.meta["val"]), **kwargs)
    return node


def patchify_convs(gm: torch.fx.GraphModule) -> int:
    """``conv2d(x, w, b)`` with stride == kernel size, no padding, dilation or groups, over an image whose size
    the kernel divides: the patches [B * Ho * Wo, C * kh * kw] (one copy of the image) times ``w`` viewed as
    [Cout, C * kh * kw], bias in the epilogue. Returns how many were rewritten."""
    done = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target != aten.convolution.default:
            continue
        x, w, b, stride, padding, dilation, transposed, _, groups = node.args
        xv, wv = _val(x), _val(w)
        if _weight(gm, w) is None or (b is not None and _weight(gm, b) is None) or transposed or groups != 1:
            continue
        if wv.dim() != 4 or xv.dim() != 4 or list(stride) != list(wv.shape[2:]) or any(padding) or \
                any(d != 1 for d in dilation):
            continue
        c, h, wd = xv.shape[1:]
        kh, kw = wv.shape[2:]
        if not all(isinstance(v, int) for v in (c, h, wd)) or h % kh or wd % kw:
            continue
        ho, wo, cout = h // kh, wd // kw, wv.shape[0]
        graph, fake_mode = gm.graph, _val(node).fake_mode
        with graph.inserting_before(node):
            t = _add(graph, fake_mode, aten.view.default, x, [-1, c, ho, kh, wo, kw])
            t = _add(graph, fake_mode, aten.permute.default, t, [0, 2, 4, 1, 3, 5])
            t = _add(graph, fake_mode, aten.clone.default, t, memory_format=torch.contiguous_format)
            t = _add(graph, fake_mode, aten.view.default, t, [-1, c * kh * kw])
            w2 = _add(graph, fake_mode, aten.view.default, w, [cout, c * kh * kw])
            y = _add(graph, fake_mode, aten.linear.default, *((t, w2, b) if b is not None else (t, w2)))
            y = _add(graph, fake_mode, aten.view.default, y, [-1, ho, wo, cout])
            y = _add(graph, fake_mode, aten.permute.default, y, [0, 3, 1, 2])
            # contiguous, as the convolution's output was
            y = _add(graph, fake_mode, aten.clone.default, y, memory_format=torch.contiguous_format)
        node.replace_all_uses_with(y)
        graph.erase_node(node)
        done += 1
    if done:
        gm.recompile()
    return done


def unflatten_addmms(gm: torch.fx.GraphModule) -> int:
    """``addmm(b, x.view(-1, K), w)`` whose one use is a view back to ``x``'s leading dims becomes
    ``matmul(x, w) + b`` (the partitioner flattens ``x`` itself, and takes the bias and what follows as the
    epilogue). Returns how many were rewritten."""
    done = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target != aten.addmm.default or node.kwargs or len(node.args) != 3:
            continue
        bias, flat, w = node.args
        users = list(node.users)
        if len(users) != 1 or users[0].target != aten.view.default or flat.op != "call_function" or \
                flat.target != aten.view.default or _val(w) is None or _val(w).dim() != 2:
            continue
        x, back = flat.args[0], users[0]
        xv, bv = _val(x), _val(back)
        if xv is None or xv.dim() < 3 or list(bv.shape[:-1]) != list(xv.shape[:-1]) or \
                (isinstance(bias, torch.fx.Node) and _val(bias).dim() != 1):
            continue
        graph, fake_mode = gm.graph, _val(node).fake_mode
        with graph.inserting_before(back):
            y = _add(graph, fake_mode, aten.matmul.default, x, w)
            y = _add(graph, fake_mode, aten.add.Tensor, y, bias)
        back.replace_all_uses_with(y)
        graph.erase_node(back)
        graph.erase_node(node)
        done += 1
    if done:
        graph.eliminate_dead_code()
        gm.recompile()
    return done
