"""``home`` is the base of the sections: it imports none of them."""

import ast
from pathlib import Path

import home

SECTIONS = {
    "accounts",
    "countries",
    "impact",
    "mailinglist",
    "news",
    "search",
    "stories",
    "workshops",
}
HOME = Path(home.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_home_imports_no_section_app():
    offending = {
        f"{path.relative_to(HOME.parent)}: {name}"
        for path in HOME.rglob("*.py")
        if "migrations" not in path.parts
        for name in imported_modules(path)
        if name.split(".")[0] in SECTIONS
    }
    assert offending == set()


def test_the_check_sees_function_level_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from news.models import NewsPage\n")
    assert "news.models" in imported_modules(sample)
