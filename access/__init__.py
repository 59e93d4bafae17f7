"""Who may do what: the roles file shared by the dashboard's sign-in and the `pidash` command.

Four roles, each able to do everything the one before can: `viewer` reads everything,
`data_officer` loads returns, milestone updates and risks and writes commentary, `approver` also
signs a month off (and reopens it), `admin` also manages organisations, indicators and targets and
restores backups. The roles file maps a
person (their sign-in email, or a login name for the command line) or an identity-provider group
to a role; `roles.example.toml` in the repository shows the format. No streamlit here: the
command line uses this module too.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from vocab import Role

REPO_ROOT = Path(__file__).resolve().parents[1]
FILE_NAME = "roles.toml"
RANK = {Role.VIEWER: 0, Role.DATA_OFFICER: 1, Role.APPROVER: 2, Role.ADMIN: 3}

# The role a write needs, by what it writes. Anything not listed needs an admin.
WRITE_ROLE: dict[str, Role] = {
    "returns": Role.DATA_OFFICER,
    "milestones": Role.DATA_OFFICER,
    "risks": Role.DATA_OFFICER,
    "commentary": Role.DATA_OFFICER,
    "cases": Role.DATA_OFFICER,  # case records (loads/cases.py), child-level and pseudonymised
    "signoff": Role.APPROVER,  # signing a month off or reopening it (ops/signoff.py)
    "targets": Role.ADMIN,
    "organisations": Role.ADMIN,
    "indicators": Role.ADMIN,
}

# Who may see child-level rows (the children behind a figure, ops/case_records.py); every view is audited.
CHILD_RECORDS = Role.DATA_OFFICER


class RolesError(ValueError):
    """The roles file is missing where it was named, or says something pidash cannot use."""


class PermissionDenied(PermissionError):
    """The person's role does not allow this; the message says who, what role, and what is needed."""


def allows(role: Role | None, needed: Role) -> bool:
    """True when `role` is `needed` or above it; no role allows nothing."""
    return role is not None and RANK[Role(role)] >= RANK[Role(needed)]


def needed_to_load(table: str) -> Role:
    """The least role that may load a file into `table`."""
    return WRITE_ROLE.get(table, Role.ADMIN)


def lowest(*roles: Role | None) -> Role | None:
    """The weakest of several roles (None, no role at all, is weakest)."""
    if any(r is None for r in roles):
        return None
    return min(roles, key=lambda r: RANK[Role(r)])


@dataclass(frozen=True)
class RoleMap:
    """The parsed roles file: people and groups to roles, and the default for everyone else."""

    users: dict[str, Role] = field(default_factory=dict)
    groups: dict[str, Role] = field(default_factory=dict)
    default: Role | None = None
    groups_claim: str = "groups"
    source: Path | None = None

    def role_for(self, identity: str | None, groups: Iterable[str] = ()) -> Role | None:
        """The strongest role the person holds directly or through a group, else the default."""
        found = [self.groups[g] for g in (str(g) for g in groups or ()) if g in self.groups]
        if identity and identity.strip().lower() in self.users:
            found.append(self.users[identity.strip().lower()])
        if not found:
            return self.default
        return max(found, key=lambda r: RANK[r])


def roles_path(db: str | os.PathLike | None = None) -> Path | None:
    """The roles file in force: $PIDASH_ROLES, else roles.toml next to the database, else in the repository.

    A file named by $PIDASH_ROLES must exist: a typing mistake must not quietly hand out admin.
    None means no roles file, which is the local single-user mode.
    """
    named = os.environ.get("PIDASH_ROLES")
    if named:
        path = Path(named)
        if not path.is_file():
            raise RolesError(f"PIDASH_ROLES names {path}, which is not a file")
        return path
    candidates = [REPO_ROOT / FILE_NAME]
    if db is not None:
        candidates.insert(0, Path(db).resolve().parent / FILE_NAME)
    return next((p for p in candidates if p.is_file()), None)


def _role(value: object, where: str) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise RolesError(f"{where}: {value!r} is not a role; use one of {allowed}") from None


def parse_roles(text: str, source: Path | None = None) -> RoleMap:
    """A RoleMap from the text of a roles file; RolesError names the bad entry."""
    name = str(source or FILE_NAME)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RolesError(f"{name} is not valid TOML: {err}") from None
    unknown = sorted(set(data) - {"settings", "users", "groups"})
    if unknown:
        raise RolesError(f"{name}: unknown section(s) {', '.join(unknown)}; use [settings], [users], [groups]")
    settings = data.get("settings", {})
    default = settings.get("default")
    users = {str(k).strip().lower(): _role(v, f"{name} [users] {k!r}") for k, v in data.get("users", {}).items()}
    groups = {str(k): _role(v, f"{name} [groups] {k!r}") for k, v in data.get("groups", {}).items()}
    return RoleMap(
        users=users,
        groups=groups,
        default=_role(default, f"{name} [settings] default") if default else None,
        groups_claim=str(settings.get("groups_claim", "groups")),
        source=source,
    )


def load_roles(path: Path) -> RoleMap:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RolesError(f"cannot read the roles file {path}: {err}") from None
    return parse_roles(text, path)


def command_line_role(db: str | os.PathLike | None, login: str, named: str) -> tuple[Role | None, RoleMap | None]:
    """The role for a `pidash` command: admin with no roles file (local mode).

    With a roles file both the operating-system login and the person named by --user (or
    $PIDASH_USER) must hold the role, so naming someone else cannot raise what a login may do.
    """
    path = roles_path(db)
    if path is None:
        return Role.ADMIN, None
    roles = load_roles(path)
    role = roles.role_for(login)
    if named.strip().lower() != login.strip().lower():
        role = lowest(role, roles.role_for(named))
    return role, roles


def held_text(role: Role | None) -> str:
    return f"the role {Role(role).value}" if role else "no role"


def check(role: Role | None, needed: Role, who: str, what: str) -> None:
    """Raise PermissionDenied unless `role` allows `what` (a phrase such as 'load returns')."""
    if allows(role, needed):
        return
    raise PermissionDenied(
        f"{who} has {held_text(role)}; the role {needed.value} or above is needed to {what}. "
        "Ask an administrator to change the roles file."
    )
