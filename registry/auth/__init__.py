"""Sign-in, tokens and the actor behind each request."""
