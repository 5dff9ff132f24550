"""Policy-filtered reads shared by the web pages and the API (no writes here)."""
