"""A real OpenID Connect provider on the loopback interface for the sign-in browser tests.

`oidc-provider-mock` (a dev dependency) serves discovery, authorisation, token, userinfo, JWKS and
end-session endpoints from a Flask app; here it runs in a thread of the test process on
127.0.0.1 and a free port. It accepts any client id and secret and any redirect URI. A person is
registered by their subject with the claims their ID token will carry (`PUT /users/{sub}`, the
provider's own HTTP API); on its authorisation page the person types that subject and presses
"Authorize", and the provider sends the browser back to the dashboard with a code.
"""
from __future__ import annotations

import contextlib
import json
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import werkzeug.serving

IDP_HOST = "127.0.0.1"
CLIENT_ID = "pidash"
CLIENT_SECRET = "pidash-browser-test-client-secret"
COOKIE_SECRET = "pidash-browser-test-cookie-secret-of-more-than-32-characters"
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "{client_id}"
client_secret = "{client_secret}"
server_metadata_url = "{metadata_url}"
"""


@dataclass
class IdentityProvider:
    """The running provider: its base URL, and a way to register people (subject → claims)."""

    url: str

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def register(self, sub: str, **claims: object) -> None:
        """Set the claims the provider puts in `sub`'s ID token (standard ones such as email only
        when the scope asks for them; Streamlit asks for openid, email and profile)."""
        request = urllib.request.Request(f"{self.url}/users/{sub}", method="PUT",
                                         data=json.dumps(claims).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 204, f"PUT /users/{sub}: {answer.status}"

    def metadata(self) -> dict:
        with urllib.request.urlopen(self.metadata_url, timeout=10) as answer:
            return json.loads(answer.read())

    def secrets_toml(self, dashboard_port: int) -> str:
        """The dashboard's .streamlit/secrets.toml for this provider."""
        return SECRETS.format(port=dashboard_port, cookie_secret=COOKIE_SECRET, client_id=CLIENT_ID,
                              client_secret=CLIENT_SECRET, metadata_url=self.metadata_url)


@contextlib.contextmanager
def identity_provider() -> Iterator[IdentityProvider]:
    """The provider on 127.0.0.1 and a free port (chosen by the OS when binding), until the context ends."""
    import oidc_provider_mock

    app = oidc_provider_mock.app(require_nonce=True)  # Streamlit sends a nonce: insist on it
    server = werkzeug.serving.make_server(IDP_HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="oidc-provider-mock", daemon=True)
    thread.start()
    try:
        provider = IdentityProvider(f"http://{IDP_HOST}:{server.server_port}")
        assert provider.metadata()["issuer"] == provider.url  # it answers, and names itself as we reach it
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def offline_styles(context) -> None:
    """The provider's pages link a stylesheet on a CDN; the tests run offline, so refuse it at once."""
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())


def authorise(page, sub: str, timeout_ms: int = 60_000) -> None:
    """On the provider's authorisation page: type the subject and press Authorize."""
    page.get_by_role("heading", name="Authorize Client").wait_for(timeout=timeout_ms)
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
