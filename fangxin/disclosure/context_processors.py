from .site import site


def public_site(request) -> dict:
    """The site's owner and contacts for every page's footer."""
    return {"public_site": site()}
