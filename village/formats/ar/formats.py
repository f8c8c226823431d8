# 12 يونيو 2026 (Arabic has no short month names; the full name keeps the date unambiguous).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "j F Y، g:i A"
