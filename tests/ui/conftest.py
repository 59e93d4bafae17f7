"""The presenters' inputs read once from the demo database, as ui/db.py reads them for the pages."""
import pytest

from data import queries

from tests.helpers import HOME


def load_id(con, file_name: str) -> int:
    return con.execute("SELECT id FROM load WHERE file_name = ?", [file_name]).fetchall()[0][0]


@pytest.fixture
def frames(seeded_db):
    con = seeded_db
    return {
        # the home authority's computed figures (NI 59, 60, 62-68, SA45): first from the case extract of
        # 31 August 2009, then restated (Jul and Aug 2009) from the later extract
        "first": load_id(con, "computed from case load 12"),
        "restated": load_id(con, "computed from case load 14"),
        "returns": queries.current_returns(con),
        "catalogue": queries.catalogue_at(con, "2009-09"),
        "versions": queries.catalogue(con, current_only=False),
        "targets": queries.targets(con),
        "organisations": queries.organisations(con),
        "revisions": queries.revisions(con, [HOME]),
    }
