"""Helpers for quoting what visitors typed back to them."""

ECHO_LENGTH = 40


def echo(value: str, length: int = ECHO_LENGTH) -> str:
    """User input made short and printable enough to quote in a message."""
    printable = "".join(ch for ch in value if ch.isprintable())
    if len(printable) > length:
        return printable[:length] + "…"
    return printable
