"""HTTP security headers: a strict Content-Security-Policy and no caching of pages."""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

# Nothing in the registry needs these browser features; deny them all.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_security_headers(app: Flask) -> None:
    """Add the security headers (and HSTS in production) to every response; `no-store` to pages."""
    static_prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    hsts_seconds = int(app.config.get("HSTS_SECONDS") or 0)
    hsts = f"max-age={hsts_seconds}; includeSubDomains" if hsts_seconds else None

    @app.after_request
    def _set_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts:
            response.headers["Strict-Transport-Security"] = hsts
        # Pages and API answers may hold confidential data: keep them out of every
        # cache, shared or not. Static files are public and may be cached.
        if not request.path.startswith(static_prefix):
            response.headers["Cache-Control"] = "no-store"
        return response
