"""Date formats per interface language (FORMAT_MODULE_PATH): one unambiguous form each.

Django's stock short formats write 12 June 2026 as 06/12/2026 in English and 12/06/2026 in
Spanish, and in Arabic mix the two orders (its short date is day first, its short date-time
month first). A family that reads a letter in one language and the page in another cannot tell
which is the month. Every short format here names the month, and the date-time formats are the
date formats with the time added, so a date reads the same everywhere in one language. Formats
not set here (input formats, numbers) stay Django's.
"""
