# The titles app's fixtures (a campaign, enrolments, closed scoring) for the feed's tests.
from fangxin.titles.tests.conftest import _fresh_rate_limits, closed, enrol  # noqa: F401
