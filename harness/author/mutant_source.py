"""Mutants of reference functions: small, plausible wrong answers made with ``ast``.

Each operator mirrors a slip students make in this course: the wrong axis, a dropped
``keepdims``, the sample instead of the population deviation, a changed constant, a
flipped comparison, a dropped ``max(., 0)``, swapped operands, an off-by-one range.  A
rubric that cannot tell such a mutant from the reference would let the same slip pass.
"""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Callable, Iterator

REDUCERS = {"mean", "std", "var", "sum", "max", "min", "argmax", "argmin", "prod", "median", "average",
            "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_std", "reduce_variance",
            "cumsum", "concatenate", "stack", "norm", "softmax", "flip", "squeeze", "expand_dims"}
RECTIFIERS = {"max", "maximum", "relu", "clip"}
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
FLIPPED = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.NotEq,
           ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
STAT_KEYWORDS = {"axis", "ddof", "keepdims"}


@dataclass(frozen=True)
class Mutant:
    function: str
    operator: str
    line: int
    before: str  # the mutated expression, as written in the reference
    after: str  # ... and as the mutant has it
    source: str  # the whole mutated module
    equivalent: str = ""  # why this mutant, if it survives, is known to compute what the reference does

    def describe(self) -> str:
        return f"line {self.line} {self.function}: {self.operator}: `{self.before}` -> `{self.after}`"


LEADING_AXIS = ("a statistic over the leading axis broadcasts against the array the same way with or "
                "without keepdims (NumPy aligns trailing axes)")


def mutate_module(source: str, functions: list[str], cap: int = 40) -> list[Mutant]:
    """Mutants of each named top-level function, at most ``cap`` per function, operators interleaved."""
    tree = ast.parse(source)
    original = ast.unparse(tree)
    found: list[Mutant] = []
    for name in functions:
        position = next((i for i, n in enumerate(tree.body) if isinstance(n, ast.FunctionDef) and n.name == name), None)
        if position is None:
            continue
        candidates = list(_candidates(tree, position))
        unique, seen = [], {original}
        for mutant in _interleaved(candidates):
            if mutant.source not in seen:
                seen.add(mutant.source)
                unique.append(mutant)
        found += unique[:cap]
    return found


def _candidates(tree: ast.Module, position: int) -> Iterator[Mutant]:
    function = tree.body[position]
    parents = {child: node for node in ast.walk(function) for child in ast.iter_child_nodes(node)}
    nodes = list(ast.walk(function))
    for index, node in enumerate(nodes):
        for operator, make in OPERATORS:
            for replacement in make(node, parents):
                replacement, equivalent = replacement if isinstance(replacement, tuple) else (replacement, "")
                mutated = copy.deepcopy(tree)
                old = list(ast.walk(mutated.body[position]))[index]
                mutated = ast.fix_missing_locations(_Replace(old, replacement).visit(mutated))
                before, after = _shown(node, replacement, parents, nodes, mutated.body[position])
                yield Mutant(function.name, operator, getattr(node, "lineno", function.lineno),
                             before, after, ast.unparse(mutated), equivalent)


def _shown(node, replacement, parents, nodes, mutated_function) -> tuple[str, str]:
    """The change as a reader needs it: a bare constant (`1` -> `2`) is shown in the expression
    holding it (`y.shape[1] > 1` -> `y.shape[1] > 2`), so two such mutants on a line differ."""
    parent = parents.get(node)
    if isinstance(parent, ast.Slice):
        parent = parents.get(parent)  # `x.shape[1:]`, not `1:`
    if not isinstance(node, ast.Constant) or not isinstance(parent, (ast.expr, ast.keyword)):
        return _short(node), _short(replacement)
    # A constant swapped for a constant leaves the tree's shape, so the walk order, unchanged.
    return _short(parent), _short(list(ast.walk(mutated_function))[nodes.index(parent)])


def _interleaved(mutants: list[Mutant]) -> list[Mutant]:
    """Round-robin over operators so a cap keeps every kind of slip, not the first 40 constants."""
    by_operator: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_operator.setdefault(m.operator, []).append(m)
    queues = list(by_operator.values())
    out = []
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    return out


class _Replace(ast.NodeTransformer):
    def __init__(self, old: ast.AST, new: ast.AST):
        self.old, self.new = old, new

    def visit(self, node):
        if node is self.old:
            return ast.copy_location(self.new, node) if hasattr(node, "lineno") else self.new
        return self.generic_visit(node)


def _short(node: ast.AST) -> str:
    text = ast.unparse(node) if not isinstance(node, ast.arguments) else "(arguments)"
    return text if len(text) <= 90 else text[:87] + "..."


def _int(node) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _int(node.operand) is not None:
        return -_int(node.operand)
    return None


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _with(call: ast.Call, **changes) -> ast.Call:
    new = copy.deepcopy(call)
    for field, value in changes.items():
        setattr(new, field, value)
    return new


def swap_axis(node, parents):
    if not isinstance(node, ast.Call):
        return
    other = lambda v: ast.Constant(1 if v == 0 else 0)  # noqa: E731 - rows become columns and back
    for i, kw in enumerate(node.keywords):
        if kw.arg == "axis" and _int(kw.value) is not None:
            keywords = copy.deepcopy(node.keywords)
            keywords[i].value = other(_int(kw.value))
            yield _with(node, keywords=keywords)
    if _name(node) in REDUCERS and isinstance(node.func, ast.Attribute):
        # x.mean(0) has the axis first; np.mean(x, 0) second (builtins such as max() have none).
        slot = 1 if _module_call(node) else 0
        if len(node.args) > slot and _int(node.args[slot]) is not None:
            args = copy.deepcopy(node.args)
            args[slot] = other(_int(node.args[slot]))
            yield _with(node, args=args)


def _module_call(call: ast.Call) -> bool:
    """np.mean(...), tf.reduce_mean(...), keras.ops.mean(...): a function of a module, not a method."""
    value = call.func.value if isinstance(call.func, ast.Attribute) else None
    while isinstance(value, ast.Attribute):
        value = value.value
    return isinstance(value, ast.Name) and value.id in {"np", "numpy", "tf", "K", "ops", "keras", "math", "torch"}


def drop_keepdims(node, parents):
    if isinstance(node, ast.Call) and any(kw.arg == "keepdims" for kw in node.keywords):
        axis = next((_int(kw.value) for kw in node.keywords if kw.arg == "axis"), None)
        # Named, not silently skipped: it still counts as killed when a check tells it apart.
        leading = LEADING_AXIS if axis == 0 and not isinstance(parents.get(node), ast.Return) else ""
        yield _with(node, keywords=[copy.deepcopy(kw) for kw in node.keywords if kw.arg != "keepdims"]), leading


def toggle_ddof(node, parents):
    if not isinstance(node, ast.Call):
        return
    if any(kw.arg == "ddof" for kw in node.keywords):
        yield _with(node, keywords=[copy.deepcopy(kw) for kw in node.keywords if kw.arg != "ddof"])
    elif _name(node) in {"std", "var", "nanstd", "nanvar"}:
        yield _with(node, keywords=[*copy.deepcopy(node.keywords), ast.keyword("ddof", ast.Constant(1))])


def change_constant(node, parents):
    if not isinstance(node, ast.Constant) or type(node.value) not in (int, float):
        return
    parent = parents.get(node)
    if isinstance(parent, ast.keyword) and parent.arg in STAT_KEYWORDS:
        return  # swap-axis and ddof mutate these more meaningfully
    if isinstance(parent, ast.UnaryOp):
        return
    value = node.value
    yield ast.Constant(value + 1 if type(value) is int else (value * 2 if value else 1.0))


def flip_comparison(node, parents):
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIPPED:
        yield _with(node, ops=[FLIPPED[type(node.ops[0])]()])


def drop_rectifier(node, parents):
    """max(x, 0), np.maximum(x, 0.), tf.nn.relu(x), np.clip(x, 0, None) become x."""
    if not isinstance(node, ast.Call) or _name(node) not in RECTIFIERS:
        return
    name, args = _name(node), node.args
    if name == "relu" and len(args) == 1:
        yield copy.deepcopy(args[0])
    elif name == "clip" and len(args) >= 2 and _is_zero(args[1]):
        yield copy.deepcopy(args[0])
    elif len(args) == 2 and (_is_zero(args[0]) or _is_zero(args[1])):
        yield copy.deepcopy(args[1] if _is_zero(args[0]) else args[0])


def _is_zero(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value == 0


def swap_operands(node, parents):
    if isinstance(node, ast.BinOp) and isinstance(node.op, NON_COMMUTATIVE):
        yield ast.BinOp(copy.deepcopy(node.right), copy.deepcopy(node.op), copy.deepcopy(node.left))


def range_off_by_one(node, parents):
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" and node.args):
        return
    stop = 0 if len(node.args) == 1 else 1
    args = copy.deepcopy(node.args)
    args[stop] = ast.BinOp(args[stop], ast.Sub(), ast.Constant(1))
    yield _with(node, args=args)
    if len(node.args) >= 2:
        args = copy.deepcopy(node.args)
        args[0] = ast.BinOp(args[0], ast.Add(), ast.Constant(1))
        yield _with(node, args=args)


OPERATORS: list[tuple[str, Callable]] = [
    ("swap-axis", swap_axis), ("drop-keepdims", drop_keepdims), ("ddof", toggle_ddof),
    ("constant", change_constant), ("flip-comparison", flip_comparison), ("drop-max", drop_rectifier),
    ("swap-operands", swap_operands), ("range-off-by-one", range_off_by_one),
]
