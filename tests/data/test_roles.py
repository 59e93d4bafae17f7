"""The roles file: parsing, who gets which role, and the command line's rule (login and --user)."""
from __future__ import annotations

import pytest

import access
from vocab import Role

ROLES = """
[settings]
default = "viewer"
groups_claim = "roles"

[users]
"Head.Of.Performance@Example.gov.uk" = "admin"
"officer@example.gov.uk" = "data_officer"
"cron" = "data_officer"
"reader" = "viewer"

[groups]
"pidash-admins" = "admin"
"pidash-officers" = "data_officer"
"""


@pytest.fixture
def mapping():
    return access.parse_roles(ROLES)


@pytest.mark.parametrize("identity, groups, expected", [
    ("head.of.performance@example.gov.uk", [], Role.ADMIN),  # emails match without regard to capitals
    ("HEAD.OF.PERFORMANCE@EXAMPLE.GOV.UK", [], Role.ADMIN),
    ("officer@example.gov.uk", [], Role.DATA_OFFICER),
    ("officer@example.gov.uk", ["pidash-admins"], Role.ADMIN),  # strongest of own entry and groups
    ("reader", ["pidash-officers"], Role.DATA_OFFICER),
    ("stranger@example.gov.uk", [], Role.VIEWER),  # the default
    ("stranger@example.gov.uk", ["pidash-officers", "other"], Role.DATA_OFFICER),
    (None, [], Role.VIEWER),
])
def test_a_person_gets_the_strongest_of_their_roles_else_the_default(mapping, identity, groups, expected):
    assert mapping.role_for(identity, groups) == expected
    assert mapping.groups_claim == "roles"


def test_without_a_default_an_unlisted_person_has_no_role():
    mapping = access.parse_roles('[users]\n"a@x.org" = "admin"\n')
    assert mapping.role_for("b@x.org") is None
    assert mapping.role_for("a@x.org") == Role.ADMIN


@pytest.mark.parametrize("text, words", [
    ('[users]\n"a@x.org" = "superuser"\n', "[users] 'a@x.org': 'superuser' is not a role"),
    ('[settings]\ndefault = "owner"\n', "[settings] default: 'owner' is not a role"),
    ('[people]\n"a" = "admin"\n', "unknown section(s) people"),
    ('[users\n"a" = "admin"\n', "not valid TOML"),
])
def test_a_bad_roles_file_is_refused_with_a_message_naming_the_entry(text, words):
    with pytest.raises(access.RolesError) as raised:
        access.parse_roles(text)
    assert words in str(raised.value)


@pytest.mark.parametrize("role, needed, allowed", [
    (Role.VIEWER, Role.VIEWER, True), (Role.VIEWER, Role.DATA_OFFICER, False), (Role.VIEWER, Role.ADMIN, False),
    (Role.DATA_OFFICER, Role.DATA_OFFICER, True), (Role.DATA_OFFICER, Role.ADMIN, False),
    (Role.ADMIN, Role.ADMIN, True), (Role.ADMIN, Role.VIEWER, True), (None, Role.VIEWER, False),
])
def test_roles_are_ordered(role, needed, allowed):
    assert access.allows(role, needed) is allowed


@pytest.mark.parametrize("table, needed", [
    ("returns", Role.DATA_OFFICER), ("milestones", Role.DATA_OFFICER), ("risks", Role.DATA_OFFICER),
    ("targets", Role.ADMIN), ("organisations", Role.ADMIN), ("indicators", Role.ADMIN),
    ("anything_new", Role.ADMIN),
])
def test_what_each_load_needs(table, needed):
    assert access.needed_to_load(table) == needed


def test_the_roles_file_is_found_next_to_the_database_or_named_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("PIDASH_ROLES", raising=False)
    db = tmp_path / "pidash.duckdb"
    beside = tmp_path / "roles.toml"
    assert access.roles_path(db) in (None, access.REPO_ROOT / "roles.toml")
    beside.write_text(ROLES)
    assert access.roles_path(db) == beside
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(ROLES)
    monkeypatch.setenv("PIDASH_ROLES", str(elsewhere))
    assert access.roles_path(db) == elsewhere


def test_a_roles_file_named_but_missing_is_an_error_not_local_admin(tmp_path, monkeypatch):
    monkeypatch.setenv("PIDASH_ROLES", str(tmp_path / "typo.toml"))
    with pytest.raises(access.RolesError, match="not a file"):
        access.roles_path(tmp_path / "pidash.duckdb")
    with pytest.raises(access.RolesError):
        access.command_line_role(tmp_path / "pidash.duckdb", "cron", "cron")


@pytest.mark.parametrize("login, named, expected", [
    ("cron", "cron", Role.DATA_OFFICER),
    ("cron", "officer@example.gov.uk", Role.DATA_OFFICER),  # both hold it
    ("reader", "Head.Of.Performance@Example.gov.uk", Role.VIEWER),  # naming an admin does not raise a viewer
    ("cron", "nobody-listed", Role.VIEWER),  # the default
])
def test_on_the_command_line_both_the_login_and_the_named_user_must_hold_the_role(
        tmp_path, monkeypatch, login, named, expected):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES)
    monkeypatch.setenv("PIDASH_ROLES", str(path))
    role, mapping = access.command_line_role(tmp_path / "pidash.duckdb", login, named)
    assert role == expected and mapping.source == path


def test_with_no_roles_file_the_command_line_is_local_admin(tmp_path, monkeypatch):
    monkeypatch.delenv("PIDASH_ROLES", raising=False)
    monkeypatch.setattr(access, "REPO_ROOT", tmp_path / "repo")
    assert access.command_line_role(tmp_path / "pidash.duckdb", "anyone", "anyone") == (Role.ADMIN, None)


def test_a_refusal_names_the_person_their_role_and_what_is_needed():
    with pytest.raises(access.PermissionDenied) as raised:
        access.check(Role.VIEWER, Role.DATA_OFFICER, "reader", "load returns")
    assert str(raised.value).startswith("reader has the role viewer; the role data_officer or above is needed to load returns.")
    with pytest.raises(access.PermissionDenied, match="has no role"):
        access.check(None, Role.VIEWER, "stranger", "read")
    access.check(Role.ADMIN, Role.DATA_OFFICER, "boss", "load returns")


def test_the_committed_example_is_a_valid_roles_file():
    mapping = access.load_roles(access.REPO_ROOT / "roles.example.toml")
    assert mapping.default == Role.VIEWER
    assert mapping.role_for("performance.officer@example.gov.uk") == Role.DATA_OFFICER
    assert mapping.role_for("someone", ["pidash-admins"]) == Role.ADMIN
