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
