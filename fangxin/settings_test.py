"""Settings for the test suite: the production settings with fast hashing and plain static."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("FANGXIN_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("FANGXIN_PLAIN_STATIC", "1")

from fangxin.settings import *  # noqa: F403
from fangxin.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="fangxin-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="fangxin-test-static-"))
# The CAPTCHA accepts "PASSED" (any other answer is still checked), so tests and browser
# journeys can file complaints.
CAPTCHA_TEST_MODE = True
# The open data's rate limit stays on, loose enough for the suite and the schema fuzzing
# (which share one memory cache); its own tests set a tiny rate.
FANGXIN_PUBLIC_API_RATE = "100000/minute"
