"""Django text that reaches people but that Django's own catalogs do not translate yet.

Never imported: it exists so that ``makemessages`` keeps these msgids in our catalog (locale/),
which Django searches before its own. Copied character for character from Django 6.1.
"""

from django.utils.translation import gettext_noop as _

DJANGO_MSGIDS = (
    # django/db/models/fields/__init__.py: BLANK_CHOICE_LABEL, the empty choice of every select.
    _("- Select an option -"),
    # django/forms/forms.py and boundfield.py: a label ending in one of these gets no ":" after it.
    # Arabic asks "؟" and Chinese "？", which Django's catalogs leave out ("ما نوع المساعدة؟:").
    _(":?.!"),
)
