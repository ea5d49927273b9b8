"""The HTTP layer's streaming download (for the collectors of big files, such as
Transferegov's zips): resume after a cut, conditional request, the error of a
download that never completes. Loopback servers only."""

from __future__ import annotations

import pytest
from werkzeug import Response

from balanco.collect import http
from balanco.errors import EnvironmentFault

BODY = bytes(range(256)) * 400  # 102 400 bytes
ETAG = '"v1-abc"'


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(http, "sleep", lambda seconds: None)


class Zip:
    """A file server that honours Range/If-Range and If-None-Match, and cuts the
    first ``cuts`` answers after ``cut_at`` bytes (Content-Length says more)."""

    def __init__(self, cuts: int = 0, cut_at: int = 40_000):
        self.cuts, self.cut_at, self.seen = cuts, cut_at, []

    def __call__(self, request):
        self.seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304, headers={"ETag": ETAG})
        start, status = 0, 200
        wanted = request.headers.get("Range", "")
        if wanted.startswith("bytes=") and request.headers.get("If-Range") == ETAG:
            start, status = int(wanted[6:].rstrip("-")), 206
        body = BODY[start:]
        headers = {"ETag": ETAG, "Accept-Ranges": "bytes", "Content-Length": str(len(body))}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{len(BODY) - 1}/{len(BODY)}"
        if self.cuts:
            self.cuts -= 1
            body = body[: self.cut_at]
        return Response(iter([body]), status=status, headers=headers, direct_passthrough=True)


def _get(httpserver, tmp_path, server, **kwargs):
    httpserver.expect_request("/siconv.zip").respond_with_handler(server)
    seen = []
    with http.client(base_url=httpserver.url_for("/")) as c:
        response = http.download(
            c,
            "/siconv.zip",
            tmp_path / "siconv.zip",
            what="Transferegov",
            progress=lambda *a: seen.append(a),
            **kwargs,
        )
    return response, seen


def test_a_cut_download_resumes_where_it_stopped(httpserver, tmp_path):
    server = Zip(cuts=1)
    response, seen = _get(httpserver, tmp_path, server)
    assert response.status_code == 206
    assert (tmp_path / "siconv.zip").read_bytes() == BODY
    assert "Range" not in server.seen[0]
    assert server.seen[1]["Range"] == "bytes=40000-" and server.seen[1]["If-Range"] == ETAG
    assert seen[-1] == ("Transferegov", 102_400, 102_400, "B")


def test_an_unchanged_file_is_not_downloaded_again(httpserver, tmp_path):
    response, seen = _get(httpserver, tmp_path, Zip(), validators={"etag": ETAG})
    assert response.status_code == 304
    assert (tmp_path / "siconv.zip").read_bytes() == b"" and seen == []


def test_a_download_cut_every_time_stops_with_a_sentence(httpserver, tmp_path):
    with pytest.raises(EnvironmentFault) as err:
        _get(httpserver, tmp_path, Zip(cuts=99, cut_at=10))
    assert "a conexão foi interrompida no meio da resposta (em 5 tentativas)" in str(err.value)
    assert str(err.value).startswith("http://localhost:") or "127.0.0.1" in str(err.value)


@pytest.mark.parametrize("status", [401, 403])
def test_access_refused_is_exit_3_even_without_the_collectors_sentence(httpserver, status):
    """One rule for every source (README): 401/403 is the access, not the data."""
    from balanco.errors import BadInput

    httpserver.expect_request("/x").respond_with_data("não", status=status)
    with http.client() as c:
        response = http.send(c, "GET", httpserver.url_for("/x"))
    fault = http.status_fault(response, {})
    assert isinstance(fault, EnvironmentFault) and f"HTTP {status}" in str(fault)
    assert not isinstance(fault, BadInput)  # exit 3, not 2


def test_a_redirect_within_the_server_is_followed(httpserver, tmp_path):
    httpserver.expect_request("/antigo.zip").respond_with_data(
        "", status=301, headers={"Location": "/siconv.zip"}
    )
    httpserver.expect_request("/siconv.zip").respond_with_handler(Zip())
    with http.client(base_url=httpserver.url_for("/")) as c:
        response = http.download(
            c, "/antigo.zip", tmp_path / "z", what="z", progress=lambda *a: None
        )
    assert response.status_code == 200 and (tmp_path / "z").read_bytes() == BODY


def test_a_redirect_to_another_server_is_refused_for_every_source(httpserver, tmp_path):
    """The streaming download (Transferegov) and a plain request (WordPress, GLPI)
    alike: the other server is never asked, with the client's headers or without."""
    from pytest_httpserver import HTTPServer

    from balanco.errors import BadInput

    other = HTTPServer(host="127.0.0.1", port=0)
    other.expect_request("/siconv.zip").respond_with_handler(Zip())
    other.start()
    try:
        httpserver.expect_request("/siconv.zip").respond_with_data(
            "", status=307, headers={"Location": other.url_for("/siconv.zip")}
        )
        secret = {"App-Token": "tkn-9f8e7d"}
        with http.client(base_url=httpserver.url_for("/"), headers=secret) as c:
            with pytest.raises(BadInput) as got:
                http.download(c, "/siconv.zip", tmp_path / "z", what="z", progress=print)
            with pytest.raises(BadInput) as sent:
                http.send(c, "GET", "/siconv.zip")
        for err in (got.value, sent.value):
            text = str(err)
            assert "redirecionou o pedido para outro servidor" in text
            assert other.url_for("/").rstrip("/") in text and "HTTP 307" in text
            assert "tkn-9f8e7d" not in text and not isinstance(err, EnvironmentFault)  # exit 2
        assert other.log == []
    finally:
        other.clear()
        other.stop()
