"""Tests of signing in, sessions, tokens, throttling, CSRF and the access policy."""
