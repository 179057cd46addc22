"""Demo content for the news app (being written)."""


def load() -> None:
    """Create the news demo content that is missing."""
