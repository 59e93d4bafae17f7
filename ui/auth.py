"""Sign-in and roles in the dashboard.

With an OIDC provider configured (an `[auth]` section in .streamlit/secrets.toml) a person signs
in with `st.login`, and their role comes from the roles file (access.py: email or group →
role; with no roles file everyone signed in is a viewer). With no provider configured the
dashboard runs in local single-user mode as admin and says so in the sidebar of every page.
Pages call `require(role)`; edit controls ask `can(role)`; writes record `user_name()`.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

import streamlit as st

import access
from data import store
from vocab import Role
from ui.safe import plain

ROLE_LABELS = {role: role.value.replace("_", " ") for role in Role}  # "data officer", "approver", …


@dataclass(frozen=True)
class Identity:
    """Who is using this session and what they may do."""

    name: str  # the sign-in email, or the login name in local mode
    role: Role | None
    local: bool


def auth_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (an OIDC provider)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer
        return False


MIN_SECRET_LENGTH = 32
EXAMPLE_SECRETS = {"change-me", "changeme", "secret", "your-cookie-secret", "replace-with-a-long-random-string"}
MAKE_SECRET = "python3 -c \"import secrets; print(secrets.token_urlsafe(32))\""


def cookie_secret_problem(secret) -> str | None:
    """Why the [auth] cookie_secret (which signs every session's cookie) is not fit to use, or None."""
    if not secret or not str(secret).strip():
        return "no cookie_secret is set"
    text = str(secret).strip()
    if text.lower() in EXAMPLE_SECRETS or text.lower().startswith(("example", "change")):
        return "the cookie_secret is the example value"
    if len(text) < MIN_SECRET_LENGTH:
        return f"the cookie_secret is {len(text)} characters long; it must be at least {MIN_SECRET_LENGTH}"
    return None


def _refuse_a_weak_cookie_secret() -> None:
    """With sign-in configured, serve nothing until the cookie secret is a real one."""
    problem = cookie_secret_problem(st.secrets["auth"].get("cookie_secret"))
    if problem is not None:
        st.error(f"pidash will not start: {problem} in the [auth] section of .streamlit/secrets.toml. "
                 f"Make one with `{MAKE_SECRET}`, put it there as cookie_secret, and restart the dashboard.")
        st.stop()


def _role_map() -> access.RoleMap:
    """The roles file in force; none (with sign-in on) means everyone is a viewer."""
    path = access.roles_path(store.db_path())
    if path is None:
        return access.RoleMap(default=Role.VIEWER)
    return access.load_roles(path)


def _groups(claim: str) -> list[str]:
    value = st.user.get(claim)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def identity() -> Identity:
    """The person using this session (signed in, or the local single user)."""
    if not auth_configured():
        return Identity(os.environ.get("PIDASH_USER") or getpass.getuser(), Role.ADMIN, True)
    if not st.user.get("is_logged_in", False):
        return Identity("", None, False)
    email = str(st.user.get("email") or st.user.get("preferred_username") or st.user.get("sub") or "")
    mapping = _role_map()
    return Identity(email, mapping.role_for(email, _groups(mapping.groups_claim)), False)


def current_role() -> Role | None:
    return identity().role


def can(needed: Role) -> bool:
    """May this session do what `needed` allows? (for showing or hiding an edit control)"""
    return access.allows(current_role(), needed)


def loadable(tables: list[str]) -> list[str]:
    """The tables this session's role may load files into (targets and reference data need an admin)."""
    return [t for t in tables if can(access.needed_to_load(t))]


def user_name() -> str:
    """The name every write records as its author."""
    return identity().name or "unknown"


def require(needed: Role) -> Identity:
    """Stop the page with a plain message unless this session holds `needed` or above."""
    me = identity()
    if not access.allows(me.role, needed):
        held = ROLE_LABELS[me.role] if me.role else "no role"
        st.error(f"This page needs the {ROLE_LABELS[needed]} role; you are signed in as "
                 f"{plain(me.name) if me.name else 'nobody'} with {held}.")
        st.stop()
    return me


def _providers() -> list[str]:
    """Named providers ([auth.NAME] sections); none means the unnamed default provider."""
    section = st.secrets["auth"]
    return [k for k, v in section.items() if hasattr(v, "keys")]


def sign_in() -> Identity:
    """Run on every page before anything else: sign in, or stop; say who and what role in the sidebar."""
    if auth_configured():
        _refuse_a_weak_cookie_secret()
    try:
        me = identity()
    except access.RolesError as err:  # fail closed: a broken roles file gives nobody anything
        st.error(f"The roles file cannot be used, so nobody can sign in until it is fixed: {plain(err)}")
        st.stop()
    if me.local:
        st.sidebar.caption(
            f"🔓 Local single-user mode: no sign-in is configured, so you are working as **admin** "
            f"({plain(me.name)}). Configure sign-in and a roles file before sharing this dashboard."
        )
        return me
    if not me.name:
        st.title("pidash")
        st.write("Performance indicators and the improvement plan for the safeguarding partnership. "
                 "Sign in with your organisation account to continue.")
        providers = _providers()
        for provider in providers or [None]:
            caption = f"Sign in with {provider}" if provider else "Sign in"
            if st.button(caption, type="primary", key=f"login-{provider}"):
                st.login(provider) if provider else st.login()
        st.stop()
    if me.role is None:
        st.error(f"Your account {plain(me.name)} has no role in pidash. Ask an administrator to add you to the roles file.")
        st.button("Sign out", on_click=st.logout)
        st.stop()
    st.sidebar.caption(f"Signed in as {plain(me.name)} · {ROLE_LABELS[me.role]}")
    st.sidebar.button("Sign out", on_click=st.logout)
    return me
