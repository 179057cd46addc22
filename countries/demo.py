"""Demo content for the countries app (being written)."""


def load() -> None:
    """Create the countries demo content that is missing."""
