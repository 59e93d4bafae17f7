"""A small literal store of five authorities for benchmarking tests, built through the real load
path on a copy of the fresh database (tests/conftest.py), and a small synthetic scale store.

The literal store (NI59 higher is better with a `sum` year to date, NI62 lower is better with
`latest`, NI68 within band):

    NI59        2009-03  2009-07  2009-08  2009-09                     YTD Apr-Sep 2009
    Haringey     10/100     -      60/100   70/100                     130/200  65%
    Hackney        -        -        -      90/100, restated to 80/100  80/100  80%
    Lambeth        -      50/100     -      70/100                     120/200  60%
    Birmingham     -        -        -     300/400                     300/400  75%
    Bristol        -        -      40/50      -     (no September return)
    England        -        -    6000/10000 7000/10000                13000/20000 65%
    London         -        -        -    2100/3000

Haringey (E09000014) is the home authority, with a NI59 target for 2009-10; no one else has one.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data import store
from demo.scale import write_scale_files
from loads.pipeline import load_file
from vocab import LoadStatus

HOME = "E09000014"
HACKNEY, LAMBETH, BIRMINGHAM, BRISTOL = "E09000012", "E09000022", "E08000025", "E06000023"
ENGLAND, LONDON, NEIGHBOURS = "E92000001", "E12000007", "SN-E09000014"

ORGANISATIONS = f"""code,name,kind
{HOME},Haringey,local_authority
{HACKNEY},Hackney,local_authority
{LAMBETH},Lambeth,local_authority
{BIRMINGHAM},Birmingham,local_authority
{BRISTOL},Bristol,local_authority
{ENGLAND},England,england
{LONDON},London,region
{NEIGHBOURS},Haringey statistical neighbours (average),statistical_neighbours
"""
RETURNS = f"""org,indicator,period,numerator,denominator
{HOME},NI59,2009-03,10,100
{HOME},NI59,2009-08,60,100
{HOME},NI59,2009-09,70,100
{HACKNEY},NI59,2009-09,90,100
{LAMBETH},NI59,2009-07,50,100
{LAMBETH},NI59,2009-09,70,100
{BIRMINGHAM},NI59,2009-09,300,400
{BRISTOL},NI59,2009-08,40,50
{ENGLAND},NI59,2009-08,6000,10000
{ENGLAND},NI59,2009-09,7000,10000
{LONDON},NI59,2009-09,2100,3000
{NEIGHBOURS},NI59,2009-09,150,200
{HOME},NI62,2009-09,10,100
{HACKNEY},NI62,2009-09,20,100
{LAMBETH},NI62,2009-09,20,100
{BIRMINGHAM},NI62,2009-09,5,100
{ENGLAND},NI62,2009-09,1100,10000
{HOME},NI68,2009-09,50,100
{HACKNEY},NI68,2009-09,80,100
{ENGLAND},NI68,2009-09,6400,10000
"""
RESTATED = f"""org,indicator,period,numerator,denominator,note
{HACKNEY},NI59,2009-09,80,100,restated after audit
"""
TARGETS = f"""org,indicator,year,target,tolerance
{HOME},NI59,2009-10,78,5
"""


def load(con, table: str, path: Path) -> None:
    outcome = load_file(con, table, path, "test-officer")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()


@pytest.fixture(scope="session")
def small_template(fresh_template, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    path = folder / "small.duckdb"
    shutil.copy(fresh_template, path)
    con = store.connect(path)
    try:
        for table, name, text in (("organisations", "organisations.csv", ORGANISATIONS),
                                  ("targets", "targets.csv", TARGETS), ("returns", "returns.csv", RETURNS),
                                  ("returns", "restated.csv", RESTATED)):
            (folder / name).write_text(text, encoding="utf-8")
            load(con, table, folder / name)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def small_path(small_template, tmp_path) -> Path:
    """A private copy of the small literal store."""
    path = tmp_path / "small.duckdb"
    shutil.copy(small_template, path)
    return path


@pytest.fixture
def small_db(small_path):
    con = store.connect(small_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def scale_template(fresh_template, tmp_path_factory) -> Path:
    """`pidash demo-scale`'s files for 36 authorities (the 33 London boroughs, then three others),
    two years to March 2011 and two local indicators, loaded into a copy of the fresh database."""
    folder = tmp_path_factory.mktemp("scale")
    files = write_scale_files(folder / "files", orgs=36, years=2, local=2, seed=11)
    path = folder / "scale.duckdb"
    shutil.copy(fresh_template, path)
    con = store.connect(path)
    try:
        for table, file in (("indicators", files.indicators), ("organisations", files.organisations),
                            ("targets", files.targets), ("returns", files.returns)):
            load(con, table, file)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def scale_path(scale_template, tmp_path) -> Path:
    path = tmp_path / "scale.duckdb"
    shutil.copy(scale_template, path)
    return path
