"""cjdocs: customer journeys as code."""
