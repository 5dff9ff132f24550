"""Browser tests: a real Chromium, driven by Playwright, against the app served on a port."""
