"""Workshop index listing (stub, to be written)."""


def index_context(index_page, request) -> dict:
    return {}
