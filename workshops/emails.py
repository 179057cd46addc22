"""Booking emails (stub, to be written)."""


def build_message(notification):
    return None
