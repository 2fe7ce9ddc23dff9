class ChineseByDefaultMiddleware:
    """Serve Chinese unless the user picked a language with the switcher.

    Office PCs often run an English browser; the programme's working language is Chinese, so
    the browser's Accept-Language header is ignored and only the switcher's cookie counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateAnswersMiddleware:
    """``Cache-Control: no-store, private`` on every answer to a signed-in user and on every
    API answer (a token is read by the API view, after this middleware has seen the request):
    a shared proxy or the browser's back button must not keep a page of personal data.
    An answer that already says how to cache it (the public pages) keeps its own header;
    a signed-in user's is made private whatever it said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        api = request.path.startswith("/api/")
        if signed_in or (api and not response.has_header("Cache-Control")):
            response["Cache-Control"] = "no-store, private"
        return response
