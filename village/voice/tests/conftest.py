"""The browser fixtures, for the voice pages' own browser tests."""

from tests.browser.conftest import browser, page_for, session_for

__all__ = ["browser", "page_for", "session_for"]
