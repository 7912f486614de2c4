"""Single sign-on through Streamlit's st.login (OpenID Connect), on only when secrets configure it."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

SHARED_KEYS = ("redirect_uri", "cookie_secret", "expose_tokens")


def _auth_section() -> Mapping | None:
    """The [auth] section of .streamlit/secrets.toml, or None when there is none."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get("auth")
    except (OSError, ValueError):
        return None
    return section if isinstance(section, Mapping) else None


def sso_provider() -> tuple[bool, str | None]:
    """(configured, provider): provider None means the [auth] section's own client settings."""
    section = _auth_section()
    if not section or not section.get("redirect_uri") or not section.get("cookie_secret"):
        return False, None
    if section.get("client_id"):
        return True, None
    named = [key for key, value in section.items() if key not in SHARED_KEYS and isinstance(value, Mapping)]
    return (True, named[0]) if named else (False, None)


def identity_claims() -> dict[str, object] | None:
    """The signed-in OIDC identity's claims, or None when nobody came back from the provider."""
    claims = dict(st.user.to_dict())
    return claims if claims.get("is_logged_in") is True else None


def end_sso_session() -> None:
    """Forget the provider's identity cookie too, so signing out really signs out."""
    configured, _ = sso_provider()
    if configured and identity_claims() is not None:
        st.logout()
