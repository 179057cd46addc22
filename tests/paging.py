"""What a listing must answer for a ``?page=`` value (``home.listings.paginate``)."""


def status_for_page(value: str | None, last_page: int = 1) -> int:
    """200 for no value or a page that exists (1 to ``last_page``, as Django's
    paginator reads the number), else 404."""
    if value is None or value == "":
        return 200
    try:
        number = int(value)
    except ValueError:
        return 404
    return 200 if 1 <= number <= last_page else 404
