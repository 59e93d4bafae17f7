"""The deployment examples work as written: nginx accepts the reverse-proxy configuration
(`nginx -t`, Debian's nginx, with a throw-away certificate in place of the real one), and the
systemd unit starts the dashboard the way scripts/run.sh does."""
from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx-pidash.conf"


def test_nginx_accepts_the_reverse_proxy_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: scripts/setup.sh installs Debian's nginx for this test"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True, timeout=60)
    site = NGINX_CONF.read_text().replace("/etc/ssl/pidash", str(tmp_path))
    (tmp_path / "pidash.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path};\n  proxy_temp_path {tmp_path};\n"
        f"  include {tmp_path}/pidash.conf;\n}}\n")
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                           "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_the_proxy_passes_websockets_limits_uploads_and_sets_security_headers():
    text = NGINX_CONF.read_text()
    for needed in ("proxy_set_header Upgrade $http_upgrade", "proxy_set_header Connection $connection_upgrade",
                   "client_max_body_size 51m", "Strict-Transport-Security", "X-Content-Type-Options",
                   "Content-Security-Policy", "frame-ancestors 'none'", "proxy_pass http://127.0.0.1:8501"):
        assert needed in text, needed
    limit = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = 50" in limit  # the proxy's limit is set just above the dashboard's


def test_the_systemd_unit_runs_the_dashboard_on_loopback():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(ROOT / "deploy" / "pidash.service")
    start = unit["Service"]["ExecStart"]
    assert "streamlit run app.py" in start and "--server.address 127.0.0.1" in start
    assert unit["Service"]["NoNewPrivileges"] == "true" and unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_streamlit_server_is_configured_for_production():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    # enableCORS = true is Streamlit's cross-origin *protection*: no other site may call the server
    assert config["server"]["enableXsrfProtection"] is True and config["server"]["enableCORS"] is True
    assert "corsAllowedOrigins" not in config["server"]
    assert config["server"]["maxUploadSize"] == 50
    assert config["client"] == {"toolbarMode": "viewer", "showErrorDetails": "none"}
    assert config["browser"]["gatherUsageStats"] is False
