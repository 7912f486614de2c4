"""Write summary changes (upserts of deltas), bump the data version, rebuild every cube from scratch."""

from __future__ import annotations

import functools

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from feedback.models import CUBES, DataVersion, cube_table
from feedback.summaries.cells import Cells, by_cube, contributions, difference


def _adding(statement, table):
    """An insert into a cube that, for a cell already there, adds to its counts."""
    return statement.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key.columns],
        set_={
            "records": table.c.records + statement.excluded.records,
            "key_sum": table.c.key_sum + statement.excluded.key_sum,
        },
    )


@functools.cache
def _upsert_statement(dialect_name: str, name: str):
    table = cube_table(name)
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return _adding(dialect.insert(table), table)


def _drop_empty(connection: Connection, table, keys: list[tuple]) -> None:
    columns = list(table.primary_key.columns)
    statement = delete(table).where(*(c == bindparam(f"k_{c.name}") for c in columns), table.c.records == 0)
    connection.execute(
        statement, [{f"k_{c.name}": v for c, v in zip(columns, key, strict=True)} for key in keys]
    )


def _cube_rows(changes: Cells, table) -> list[dict]:
    """A cube's changed cells as rows, in key order (so concurrent writers lock rows alike)."""
    names = [c.name for c in table.primary_key.columns]
    return [
        {**dict(zip(names, key, strict=True)), "records": changes[key][0], "key_sum": changes[key][1]}
        for key in sorted(changes)
    ]


def _changed_cubes(delta: Cells) -> list[tuple]:
    """(cube, its changed cells) for every cube the delta touches, in the cubes' fixed order."""
    projected = by_cube(delta) if delta else {}
    return [(cube, projected[cube.name]) for cube in CUBES if projected.get(cube.name)]


def _drop_emptied(connection: Connection, changed: list[tuple]) -> None:
    for cube, changes in changed:
        emptied = [key for key in sorted(changes) if changes[key][0] < 0]
        if emptied:
            _drop_empty(connection, cube.table, emptied)


def apply_cells(connection: Connection, delta: Cells) -> None:
    """Add a delta of cells to every cube, in key order (so concurrent writers lock rows alike)."""
    changed = _changed_cubes(delta)
    for cube, changes in changed:
        connection.execute(
            _upsert_statement(connection.dialect.name, cube.name), _cube_rows(changes, cube.table)
        )
    _drop_emptied(connection, changed)


def apply_cells_and_bump(connection: Connection, delta: Cells) -> None:
    """Add a delta to every cube and bump the data version, as the last step of a write.

    On PostgreSQL the upserts and the bump go as one statement (data-modifying CTEs, cubes in
    a fixed order), so the rows every writer shares are locked for one round trip and the commit.
    """
    if connection.dialect.name != "postgresql" or not delta:
        apply_cells(connection, delta)
        bump_version(connection)
        return
    changed = _changed_cubes(delta)
    shape = tuple((cube.name, len(changes)) for cube, changes in changed)
    sql, fixed = _cubes_and_bump(connection.dialect, shape)
    params = dict(fixed)
    for index, (cube, changes) in enumerate(changed):
        for row, values in enumerate(_cube_rows(changes, cube.table)):
            params.update({f"c{index}r{row}_{name}": value for name, value in values.items()})
    if not connection.exec_driver_sql(sql, params).rowcount:
        connection.execute(insert(DataVersion).values(id=1, version=1))
    _drop_emptied(connection, changed)


@functools.lru_cache(maxsize=256)
def _cubes_and_bump(dialect, shape: tuple[tuple[str, int], ...]) -> tuple[str, dict]:
    """The one-statement upsert of cubes and bump for a shape ((cube, rows changed), ...), compiled once.

    SQLAlchemy does not cache statements with data-modifying CTEs, and compiling this one took
    about a third of a save's CPU on PostgreSQL; the shapes a save makes are few.
    Returns the SQL with named parameters and the parameters the bump fixes.
    """
    bump, ours = _BUMP, set()
    for index, (name, count) in enumerate(shape):
        table = cube_table(name)
        columns = [c.name for c in table.primary_key.columns] + ["records", "key_sum"]
        rows = [{col: f"c{index}r{row}_{col}" for col in columns} for row in range(count)]
        ours.update(name for row in rows for name in row.values())
        values = [{col: bindparam(key, type_=table.c[col].type) for col, key in row.items()} for row in rows]
        bump = bump.add_cte(_adding(postgresql.insert(table).values(values), table).cte(f"cube_{index}"))
    compiled = bump.compile(dialect=dialect)
    return compiled.string, {key: value for key, value in compiled.params.items() if key not in ours}


def apply_change(connection: Connection, before: Cells, after: Cells) -> None:
    """Move the cubes from what some submissions counted before a change to what they count after."""
    apply_cells(connection, difference(after, before))


def count_inserted(connection: Connection, submission_ids: list[str]) -> None:
    """Add submissions written by Core inserts (unseen by the session's events) to the cubes,
    and bump the data version, in the caller's transaction."""
    apply_change(connection, {}, contributions(connection, submission_ids))
    bump_version(connection)


_BUMP = update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)


def bump_version(connection: Connection) -> None:
    """Add one to the data version (in the caller's transaction)."""
    result = connection.execute(_BUMP)
    if not result.rowcount:
        connection.execute(insert(DataVersion).values(id=1, version=1))


def data_version(connection: Connection) -> int:
    """The data version now (0 before the first write)."""
    return connection.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0


def rebuild(connection: Connection) -> int:
    """Empty every cube and count it again from the raw rows; return how many cells were written."""
    for cube in CUBES:
        connection.execute(delete(cube.table))
    cells = contributions(connection, None)
    apply_cells(connection, cells)
    bump_version(connection)
    return sum(len(rows) for rows in by_cube(cells).values())


def read_cube(connection: Connection, name: str) -> dict[tuple, tuple[int, int]]:
    """Every non-empty cell of one cube (for checks): key -> (records, key sum)."""
    table = cube_table(name)
    keys = list(table.primary_key.columns)
    rows = connection.execute(select(*keys, table.c.records, table.c.key_sum))
    return {tuple(r[: len(keys)]): (int(r[-2]), int(r[-1])) for r in rows if r[-2]}
