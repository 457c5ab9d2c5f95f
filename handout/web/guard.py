"""Keeping the front-desk page safe on a clinic network: which names it answers to, the access code, and
the security headers every response carries.

- **Host names.** A browser sends the name it used in the Host header. The server answers only to its own
  names (localhost, 127.0.0.1, this computer's name and addresses, and those given with --allow-host), so
  a web page elsewhere cannot reach it by pointing a name of its own at this address (DNS rebinding).
  Flask checks it (its TRUSTED_HOSTS setting); a request for another name gets a 400.
- **Access code.** With an access code, a device must type it once: the server then sets a cookie holding
  an HMAC of the code (not the code), valid until the code changes, and compares both in constant time.
- **Headers.** A Content-Security-Policy (scripts, styles and pictures from this server only; no
  framing), X-Frame-Options, X-Content-Type-Options and Referrer-Policy on every response.
"""
from __future__ import annotations

import hashlib
import hmac
import socket

COOKIE = "handout-access"
LOCAL_NAMES = ("localhost", "127.0.0.1")
MIN_CODE = 6  # characters
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'"  # pictures, plain-text errors
SITE_CSP = ("default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")  # the web edition (handout site): no scripts at all
PDF_CSP = "frame-ancestors 'self'"  # the browser's own PDF viewer shows it: nothing else may frame it


def this_computer() -> tuple[str, list[str]]:
    """This computer's name and its IPv4 addresses other than loopback (those a tablet can use).

    The addresses come from the name's own lookup, and from asking the system which address it would send
    from towards another network (a UDP socket connected but never written to: no packet leaves)."""
    name = socket.gethostname()
    found: list[str] = []
    try:
        for *_, sockaddr in socket.getaddrinfo(name, None, socket.AF_INET):
            found.append(sockaddr[0])
    except OSError:
        pass
    for probe in ("10.255.255.255", "192.168.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
        except OSError:
            pass
    addresses = [a for a in dict.fromkeys(found) if not a.startswith("127.") and a != "0.0.0.0"]
    return name, addresses


def trusted_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The names the server answers to when listening on `host`."""
    names = [*LOCAL_NAMES]
    if host not in ("127.0.0.1", "localhost", "::1"):
        name, addresses = this_computer()
        names += [name, socket.getfqdn(name), *addresses]
        if host not in ("0.0.0.0", "::"):
            names.append(host)
    names += [name.strip().lower() for name in extra if name.strip()]
    return list(dict.fromkeys(n.lower() for n in names if n and ":" not in n))


def token(code: str) -> str:
    """What the cookie holds for an access code: an HMAC of it, so the cookie does not reveal the code."""
    return hmac.new(code.encode("utf-8"), b"handout serve access", hashlib.sha256).hexdigest()


def code_matches(given: str, code: str) -> bool:
    return hmac.compare_digest(token(given), token(code))


def cookie_matches(cookie: str | None, code: str) -> bool:
    return hmac.compare_digest((cookie or "").encode("ascii", "replace"), token(code).encode("ascii"))


def security_headers(headers, mimetype: str, site: bool = False) -> None:
    """`site`: a page of the web edition (its own styles and fonts, no scripts)."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if mimetype == "application/pdf":
        headers["X-Frame-Options"] = "SAMEORIGIN"
        headers["Content-Security-Policy"] = PDF_CSP
    else:
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = SITE_CSP if site else PAGE_CSP if mimetype == "text/html" else OTHER_CSP
