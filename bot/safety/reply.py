"""Placeholder replaced below."""
def emergency_reply(categories, council=None):
    raise NotImplementedError
