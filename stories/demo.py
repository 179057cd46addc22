"""Demo content for the stories app (being written)."""


def load() -> None:
    """Create the stories demo content that is missing."""
