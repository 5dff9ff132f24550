"""marshmallow 4 schemas: the shape of each resource, nothing more (services check rules)."""
