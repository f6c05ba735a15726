"""Readable text for a graph. Every pass can be checked by reading its output before and after."""

from __future__ import annotations

import os

from .dims import axes_str


def format_type(node) -> str:
    return f"{node.dtype}[{axes_str(node.axes)}]"


def format_attrs(node) -> str:
    if not node.attrs:
        return ""
    parts = []
    for key, value in node.attrs.items():
        if key == "position":
            continue
        if isinstance(value, str):
            value = f'"{value}"'
        elif isinstance(value, tuple):
            value = "(" + ", ".join(str(v) for v in value) + ")"
        parts.append(f"{key}={value}")
    return f"[{', '.join(parts)}]" if parts else ""


def format_node(node) -> str:
    args = ", ".join(f"%{a.name}" for a in node.args)
    text = f"%{node.name}: {format_type(node)} = {node.op}{format_attrs(node)}"
    if args:
        text += f"({args})"
    if node.loc is not None:
        text = f"{text:<72}  # {os.path.basename(node.loc.file)}:{node.loc.line}"
    return text


def format_graph(graph, indent: str = "  ") -> str:
    sig = ", ".join(f"{n.name}: {format_type(n)}" for n in graph.inputs)
    lines = [f"program {graph.name}({sig}) {{"]
    lines += [indent + format_node(n) for n in graph.nodes if n.op != "input"]
    lines.append(indent + "return " + ", ".join(f"%{n.name}" for n in graph.outputs))
    lines.append("}")
    return "\n".join(lines)
