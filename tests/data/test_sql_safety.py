"""No SQL is built from what a person typed: every execute() gets literal SQL (values go in as ? parameters),
or is one of a few reviewed places that put *our own* identifiers into SQL, listed here with the reason.

The check reads the source with `ast`: the SQL argument of each execute/executemany/sql/query call
must be a string literal, a concatenation of literals, a local variable only ever assigned such
values, or an item of a module-level list of literals (the migrations). A new f-string or
concatenation with a variable fails this test until it is rewritten with parameters or reviewed.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_METHODS = {"execute", "executemany", "sql", "query"}

# (file, function): why the SQL text it builds cannot carry user input.
REVIEWED = {
    ("benchmarks/bench.py", "bare_duckdb"):
        "the benchmark's baseline: table and column names from checks.case_suites.CASE_TABLES (the SSD names "
        "in code); the organisation and the file path are ? parameters",
    ("benchmarks/bench.py", "case_count_pass"):
        "the benchmark's baseline: table names from data.case_queries.CASE_TABLE_NAMES (in code); the load "
        "id is a parameter",
    ("loads/writers.py", "upsert"):
        "table, key and column names come from the write_* functions' own typed frames (fixed column lists "
        "in code), never from a file's header; every value goes through a registered frame",
    ("ops/backup.py", "backup"):
        "the attach alias is generated (pidash_backup_<hex>), the database name comes from current_database(); "
        "the backup path is a ? parameter",
    ("ops/backup.py", "_count"):
        "database and table names come from DuckDB's own catalogue (duckdb_tables()), quoted as identifiers",
    ("data/case_queries.py", "run_definition"):
        "the SQL text is one of the package's own data/computed/<code>_v<N>.sql files (found by definition_files, "
        "chosen by indicator code and version from the catalogue), never text from a file or a person; the case "
        "load and months go in as $ parameters and the working-day calendar as a registered frame",
    ("demo/scale.py", "write_scale_files"):
        "the output path is the benchmark's own folder, quoted by _sql_path; the data goes in as a registered frame",
}


def _literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _module_constants(tree: ast.Module) -> set[str]:
    """Module-level names bound to a literal string or a list/tuple of literal strings."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            ok = _literal(value) or (isinstance(value, (ast.List, ast.Tuple)) and all(_literal(e) for e in value.elts))
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name) and ok}
    return names


def _assignments(function: ast.AST, name: str) -> list[ast.AST]:
    values = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            values.append(node.value)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name) \
                and node.target.id == name and node.value is not None:
            values.append(node.value)
    return values


def _enclosing(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    """Each node's innermost enclosing function (or the module)."""
    owner: dict[ast.AST, ast.AST] = {}

    def visit(node: ast.AST, current: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            owner[child] = current
            visit(child, child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else current)

    visit(tree, tree)
    return owner


def _argument_at_calls(tree: ast.Module, function: ast.FunctionDef, name: str) -> list[tuple[ast.AST, ast.AST]] | None:
    """(argument, calling function) for every call of `function` in the module; None if a call cannot be read."""
    params = [a.arg for a in function.args.args]
    index = params.index(name)
    owner = _enclosing(tree)
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        callee = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)
        if callee != function.name:
            continue
        keyword = next((k.value for k in call.keywords if k.arg == name), None)
        if keyword is not None:
            found.append((keyword, owner[call]))
        elif index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            found.append((call.args[index], owner[call]))
        else:
            return None
    return found


def _static(node: ast.AST, function: ast.AST, constants: set[str], seen: frozenset = frozenset(),
            tree: ast.Module | None = None) -> bool:
    """True when `node` can only ever hold SQL text written in the source."""
    if _literal(node):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_static(node.left, function, constants, seen, tree)
                and _static(node.right, function, constants, seen, tree))
    if isinstance(node, ast.Name):
        if node.id in constants or node.id in seen:
            return True
        values = _assignments(function, node.id)
        if values:
            return all(_static(v, function, constants, seen | {node.id}, tree) for v in values)
        # a parameter: static when every call in the module passes static SQL for it
        if tree is not None and isinstance(function, ast.FunctionDef) and node.id in [a.arg for a in function.args.args]:
            calls = _argument_at_calls(tree, function, node.id)
            return bool(calls) and all(_static(arg, caller, constants, seen | {node.id}, tree) for arg, caller in calls)
        return False
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return node.value.id in constants
    return False


def dynamic_sql() -> dict[tuple[str, str], list[str]]:
    """Every call whose SQL text is not provably literal: (file, function) → the expressions."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "build/")) or "/." in f"/{rel}":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _module_constants(tree)
        owner = _enclosing(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_METHODS and node.args):
                continue
            function = owner[node]
            if not _static(node.args[0], function, constants, tree=tree):
                name = getattr(function, "name", "<module>")
                found.setdefault((rel, name), []).append(ast.unparse(node.args[0])[:80])
    return found


def test_no_sql_is_built_from_anything_but_literals_except_in_reviewed_places():
    found = dynamic_sql()
    unreviewed = {where: exprs for where, exprs in found.items() if where not in REVIEWED}
    assert unreviewed == {}, (
        "SQL built from variables: use ? parameters for values, or review the place and add it to REVIEWED "
        f"with the reason no user input can reach it: {unreviewed}")


def test_the_checker_catches_an_f_string_and_passes_a_parameter():
    source = (
        "def bad(con, name):\n    con.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
        "def also_bad(con, name):\n    sql = 'SELECT * FROM t WHERE name = ' + name\n    con.execute(sql)\n"
        "def good(con, name, limit):\n    sql = 'SELECT * FROM t WHERE name = ?'\n"
        "    if limit:\n        sql += ' LIMIT 5'\n    con.execute(sql, [name])\n"
        "QUERY = 'SELECT 1'\n"
        "def run_given(con, sql):\n    con.execute(sql)\n"
        "def caller(con):\n    run_given(con, QUERY)\n    run_given(con, sql='SELECT 2')\n"
        "def run_tainted(con, sql):\n    con.execute(sql)\n"
        "def tainted_caller(con, name):\n    run_tainted(con, QUERY)\n    run_tainted(con, f'SELECT {name}')\n"
    )
    tree = ast.parse(source)
    constants = _module_constants(tree)
    verdict = {}
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        call = next((n for n in ast.walk(function) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "execute"),
                    None)
        if call is not None:
            verdict[function.name] = _static(call.args[0], function, constants, tree=tree)
    assert verdict == {"bad": False, "also_bad": False, "good": True, "run_given": True, "run_tainted": False}


def test_the_reviewed_places_still_exist():
    """A stale entry would let a new dynamic SQL call in the same function through unreviewed."""
    found = dynamic_sql()
    assert set(REVIEWED) <= set(found) | {k for k in REVIEWED if not (ROOT / k[0]).exists()}
