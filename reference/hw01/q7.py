"""hw01 Q7: validating on the training data, and how to spot it in a student's code.

The seed's FER run called ``model.fit(train_set, validation_data=(train_set), ...)``:
the "validation" curve then measures memorisation of the training images and cannot show
over-fitting. ``detect_validation_on_training`` finds that pattern statically.
"""
import ast


# A notebook cell that makes each detected mistake (the seed's FER run), for `harness validate`
# to prove the detector names it. Kept in a string: the reference itself never makes it.
DETECTOR_EXAMPLES = {
    "detect_validation_on_training": (
        "def train_fer(model, train_set):\n"
        "    return model.fit(train_set, epochs=10, validation_data=(train_set))\n"
    ),
}


def _key(node):
    """A comparable form of an expression: its AST without load/store context."""
    return ast.dump(node, annotate_fields=False, include_attributes=False).replace(
        "Load()", "").replace("Store()", "")


def _parse_blocks(source):
    """Parse the source; if one cell is broken, parse blank-line separated blocks alone."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    cleaned = "\n".join(lines)
    try:
        return [ast.parse(cleaned)]
    except SyntaxError:
        trees = []
        for block in cleaned.split("\n\n"):
            try:
                trees.append(ast.parse(block))
            except SyntaxError:
                continue
        return trees


def _assignments(trees):
    """name -> [(position, expression)] for every plain ``name = expr``, in source order."""
    values = {}
    for block, tree in enumerate(trees):
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                values.setdefault(node.targets[0].id, []).append(((block, node.lineno), node.value))
    for found in values.values():
        found.sort(key=lambda item: item[0])
    return values


def _resolve(node, values, where, depth=3):
    """Follow ``name`` to the expression last assigned to it *before* ``where`` (block, line):
    a name reused later in the notebook (``images = x_test`` for a demo) does not count."""
    while depth and isinstance(node, ast.Name) and node.id in values:
        earlier = [(pos, value) for pos, value in values[node.id] if pos < where]
        if not earlier:
            break
        where, node = earlier[-1]
        depth -= 1
    return node


def _validates_on_training(call, values, where):
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    train_x = call.args[0] if call.args else keywords.get("x")
    validation = keywords.get("validation_data")
    if train_x is None or validation is None:
        return False
    validation = _resolve(validation, values, where)
    if isinstance(validation, (ast.Tuple, ast.List)) and validation.elts:
        validation = validation.elts[0]
    same = {_key(train_x), _key(_resolve(train_x, values, where))}
    return bool(same & {_key(validation), _key(_resolve(validation, values, where))})


def detect_validation_on_training(source: str) -> bool:
    """True when some ``.fit(...)``/``.fit_generator(...)`` call passes the training inputs
    (first argument or ``x=``) again as ``validation_data``. ``validation_split`` and
    separate validation arrays are fine."""
    trees = _parse_blocks(source)
    values = _assignments(trees)
    for block, tree in enumerate(trees):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("fit", "fit_generator") \
                    and _validates_on_training(node, values, (block, node.lineno)):
                return True
    return False
