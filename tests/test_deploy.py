"""deploy/: the nginx site checked by ``nginx -t`` and run for real in front of gunicorn
(TLS with a certificate made here, request ids, X-Forwarded-For with PROXY_FIX_X_FOR, gzip,
the body limit, the public pages' cache, /metrics refused from outside), and the systemd
units checked by ``systemd-analyze verify``."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspect_app import create_app
from inspect_app.extensions import db
from tests.servers import ROOT, free_port, stop_group, wait_for_port, wait_until_healthy

pytestmark = pytest.mark.slow
SITE = ROOT / "deploy" / "nginx" / "eldercare-inspect.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"), reason="nginx is not installed"
)
OUTSIDE = "127.0.0.2"  # another loopback address: a client that is not this host


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "inspect.example.cn")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("inspect.example.cn"), x509.IPAddress(IPv4Address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def site_for_test(folder: Path, *, http_port: int, https_port: int, app_port: int) -> Path:
    """The shipped site with this machine's ports and folders; each replaced line must be
    in the file, so the test follows the file and not a copy of it."""
    cert, key = self_signed(folder)
    text = SITE.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "server 127.0.0.1:8000 ": f"server 127.0.0.1:{app_port} ",
        "/var/cache/nginx/eldercare-inspect": str(folder / "cache"),
        "/var/log/nginx/": f"{folder}/",
        "/etc/ssl/certs/inspect.example.cn.pem": str(cert),
        "/etc/ssl/private/inspect.example.cn.key": str(key),
    }
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in {SITE.name}"
        text = text.replace(old, new)
    site = folder / "site.conf"
    site.write_text(text)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers read this test's folders
        + f"""worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {site};
}}
"""
    )
    return main


@needs_nginx
def test_nginx_accepts_the_site(tmp_path):
    main = site_for_test(tmp_path, http_port=free_port(), https_port=free_port(), app_port=8000)
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "t.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    """gunicorn as deployed (gunicorn.conf.py, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1), a
    built web client folder, and nginx with the shipped site in front."""
    folder = tmp_path_factory.mktemp("deploy")
    url = f"sqlite:///{folder / 'app.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STORAGE_URL": str(folder / "photos"),
        "INSTANCE_PATH": str(folder / "instance"),
        "SECRET_KEY": "test-only",
        "WEB_BIND": f"127.0.0.1:{app_port}",
        "WEB_CONCURRENCY": "1",
        "PROXY_FIX_X_FOR": "1",
        "PROXY_FIX_X_PROTO": "1",
        "LOG_FORMAT": "json",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        web_process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        main = site_for_test(folder, http_port=http_port, https_port=https_port, app_port=app_port)
        nginx = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log"),
             "-g", "daemon off;"],
            stderr=subprocess.STDOUT, stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_port(app_port, web_process, log)
            wait_until_healthy(f"http://127.0.0.1:{app_port}", web_process, log)
            wait_for_port(https_port, nginx, folder / "error.log", seconds=30)
            yield {"https": https_port, "http": http_port, "log": log, "folder": folder}
        finally:
            stop_group(nginx, seconds=30)
            stop_group(web_process)


def fetch(port, path, *, method="GET", headers=None, body=None, source=None, tls=True):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    address = (source, 0) if source else None
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=30, context=context, source_address=address
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=address
        )
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def request_lines(log: Path) -> list[dict]:
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    return [line for line in lines if line.get("logger") == "inspect.request"]


@needs_nginx
def test_plain_http_is_sent_to_https(behind_nginx):
    status, headers, _ = fetch(behind_nginx["http"], "/api/v1/healthz", tls=False)
    assert status == 301
    assert headers["location"].startswith("https://") and headers["location"].endswith(
        "/api/v1/healthz"
    )


@needs_nginx
def test_request_ids_client_address_and_hsts_through_nginx(behind_nginx):
    status, headers, body = fetch(
        behind_nginx["https"],
        "/api/v1/healthz",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "client-chosen-id"},
        source=OUTSIDE,
    )
    assert status == 200 and json.loads(body)["status"] == "ok"
    request_id = headers["x-request-id"]
    assert len(request_id) == 32 and request_id != "client-chosen-id"  # nginx's own id
    # over TLS, as nginx told the app (X-Forwarded-Proto, PROXY_FIX_X_PROTO=1)
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    deadline = time.monotonic() + 10
    while not (
        mine := [x for x in request_lines(behind_nginx["log"]) if x["request_id"] == request_id]
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    # the address nginx saw, not the one the client claimed (PROXY_FIX_X_FOR=1)
    assert mine[0]["remote_addr"] == OUTSIDE


@needs_nginx
def test_json_and_the_web_clients_files_are_gzipped(behind_nginx):
    port = behind_nginx["https"]
    accept = {"Accept-Encoding": "gzip"}
    status, headers, body = fetch(port, "/api/openapi.json", headers=accept)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["info"]["title"]
    script = (ROOT / "web" / "dist" / "app.js").read_bytes()
    status, headers, body = fetch(port, "/app/app.js", headers=accept)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "no-cache" and headers["etag"]
    assert gzip.decompress(body) == script and len(body) < len(script)
    status, headers, body = fetch(port, "/docs/assets/swagger-ui-bundle.js", headers=accept)
    assert status == 200 and headers["content-encoding"] == "gzip"
    status, headers, _ = fetch(port, "/api/openapi.json")  # a client that cannot unzip
    assert status == 200 and "content-encoding" not in headers


@needs_nginx
def test_a_body_over_the_limit_is_refused_by_nginx_in_json(behind_nginx):
    too_big = b"x" * (22 * 1024 * 1024)
    status, headers, body = fetch(
        behind_nginx["https"],
        "/api/v1/photos",
        method="POST",
        body=too_big,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert status == 413
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["code"] == 413


@needs_nginx
def test_metrics_answer_this_host_only(behind_nginx):
    port = behind_nginx["https"]
    status, _, body = fetch(port, "/metrics")
    assert status == 200 and b"inspect_http_requests_total" in body
    status, headers, body = fetch(port, "/metrics", source=OUTSIDE)
    assert status == 403 and json.loads(body)["code"] == 403
    assert headers["x-content-type-options"] == "nosniff"


@needs_nginx
def test_the_public_pages_are_cached_for_a_minute(behind_nginx):
    port = behind_nginx["https"]
    first = fetch(port, "/api/v1/public/spot-checks")
    second = fetch(port, "/api/v1/public/spot-checks")
    assert first[0] == second[0] == 200
    assert first[1]["x-cache-status"] in ("MISS", "EXPIRED")
    assert second[1]["x-cache-status"] == "HIT"
    assert json.loads(second[2])["items"] == []
    missing = fetch(port, "/public/spot-checks/424242")
    assert missing[0] == 404 and missing[1]["x-cache-status"] == "MISS"  # 404s not kept


# -- systemd ------------------------------------------------------------------------------

UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd_analyze = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None and not os.environ.get("CI"), reason="no systemd-analyze"
)


def verify(folder: Path, units: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SYSTEMD_ANALYZE or "systemd-analyze", "verify", *(str(unit) for unit in units)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def installed_units(folder: Path, edit=lambda text: text) -> list[Path]:
    """The units as installed with this checkout in place of /opt/eldercare-inspect (verify
    checks that each command exists and is executable)."""
    copies = []
    for unit in UNITS:
        text = unit.read_text()
        assert "/opt/eldercare-inspect/" in text
        copy = folder / unit.name
        copy.write_text(edit(text.replace("/opt/eldercare-inspect", str(ROOT))))
        copies.append(copy)
    return copies


@needs_systemd_analyze
def test_systemd_units_verify_without_a_warning(tmp_path):
    assert [unit.name for unit in UNITS] == [
        "eldercare-inspect-jobs.service",
        "eldercare-inspect-web.service",
        "eldercare-inspect-worker@.service",
    ]
    checked = verify(tmp_path, installed_units(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "", checked.stderr
    jobs, web, worker = (unit.read_text() for unit in UNITS)
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in web
    assert "flask --app wsgi scheduler run" in jobs and "KillSignal=SIGINT" in jobs
    # any number of workers: a template, one instance each (eldercare-inspect-worker@2)
    assert "flask --app wsgi worker run" in worker and "KillSignal=SIGTERM" in worker
    for text in (jobs, web, worker):  # the web and the job process share one metrics folder
        assert "Environment=PROMETHEUS_MULTIPROC_DIR=/run/eldercare-inspect" in text


@needs_systemd_analyze
def test_systemd_analyze_catches_a_mistake_in_a_unit(tmp_path):
    """The check above is a real one: a misspelt key or a missing command is reported."""
    misspelt = verify(tmp_path, installed_units(tmp_path, lambda t: t.replace("Nice=", "Nicee=")))
    assert "Unknown key" in misspelt.stderr and "Nicee" in misspelt.stderr
    moved = installed_units(tmp_path, lambda t: t.replace("/.venv/bin/", "/venv-gone/bin/"))
    missing = verify(tmp_path, moved)
    assert missing.returncode != 0 and "is not executable" in missing.stderr
