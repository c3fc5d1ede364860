"""The package's layout holds: each stage imports only from the stages before it (base ← read ←
normalize ← evaluate ← write ← verbs ← cli), and no module imports another's private names."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
# Stage of each subpackage or top-level module, in the order data flows.
STAGES = {"base": 0, "read": 1, "normalize": 2, "evaluate": 3, "write": 4,
          "check": 5, "run": 5, "district": 5, "console": 6, "cli": 7, "__init__": 8, "__main__": 8}


def stage_of(module: str) -> int:
    """The stage of a dotted module name inside `pipeline`."""
    return STAGES[module.split(".")[1]]


def imports(path: Path):
    """(imported module, names) of every `from pipeline… import …` and `import pipeline…`."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            yield from ((a.name, []) for a in node.names if a.name.startswith("pipeline."))


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_module_imports_no_later_stage_and_no_private_name(path):
    relative = path.relative_to(PACKAGE).with_suffix("")
    own = ".".join(("pipeline", *relative.parts))
    own_stage = STAGES[relative.parts[0]]
    for module, names in imports(path):
        if module == "pipeline":  # `from pipeline import x`: x is a stage subpackage or module
            targets = [f"pipeline.{name}" for name in names]
        else:
            targets = [module]
        for target in targets:
            assert stage_of(target) <= own_stage, f"{own} imports {target}, a later stage"
        assert not [n for n in names if n.startswith("_")], f"{own} imports private names from {module}"
