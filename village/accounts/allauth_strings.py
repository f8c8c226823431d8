"""django-allauth text that reaches people through Python code, listed so we can translate it.

django-allauth ships no Vietnamese catalog, and Village must be fully translated into
every language in settings.LANGUAGES. Our own templates in templates/account/ and
templates/mfa/ replace allauth's pages, emails and flash messages, but some text still
comes from allauth's Python code: form labels, placeholders and help texts, validation
errors (the adapters' error_messages) and the names of the ways to confirm it is you.

This module is never imported. It exists only so that ``makemessages`` finds these
msgids and puts them in our catalog (locale/). Our catalog is in LOCALE_PATHS, which
Django searches before allauth's own catalogs, so our msgstr wins in every language.

Each msgid is copied character for character from django-allauth 65.21.1 (the English
text is the lookup key: a changed character means the translation is silently missed).
Only text that can reach someone with our settings is listed: login by email and
password, login by emailed code, password reset by link, sign-up closed,
ACCOUNT_EMAIL_VERIFICATION = "none", ACCOUNT_PREVENT_ENUMERATION = True, and allauth.mfa
with TOTP and recovery codes. After upgrading allauth, compare this list again with
allauth/account/forms.py, allauth/account/fields.py, allauth/account/adapter.py,
allauth/mfa/adapter.py and allauth/mfa/*/forms.py.
"""

from django.utils.translation import gettext_noop as _

ALLAUTH_MSGIDS = (
    # allauth/account/fields.py: EmailField and PasswordField.
    _("Email"),
    _("Email address"),
    _("Forgot your password?"),
    # allauth/account/forms.py: field labels (PasswordField also uses its label as placeholder).
    _("Password"),
    _("Remember Me"),
    _("Current Password"),
    _("New Password"),
    _("New Password (again)"),
    _("Password (again)"),
    _("Code"),
    _("You must type the same password each time."),
    # allauth/account/adapter.py: DefaultAccountAdapter.error_messages that our flows can raise.
    _("The email address and/or password you specified are not correct."),
    _("Too many failed login attempts. Try again later."),
    _("Be patient, you are sending too many requests."),
    _("Please type your current password."),
    _("Incorrect code."),
    _("Incorrect password."),
    _("The password reset token was invalid."),
    _("This email address is already associated with this account."),
    # allauth/account/adapter.py: get_reauthentication_methods() descriptions.
    _("Use your password"),
    _("Use authenticator app or code"),
    # allauth/mfa/totp/forms.py: ActivateTOTPForm (its placeholder is "Code", above).
    _("Authenticator code"),
    # allauth/mfa/adapter.py: DefaultMFAAdapter.error_messages ("Incorrect code." is above).
    _("You cannot add an email address to an account protected by two-factor authentication."),
    _("You cannot generate recovery codes without having two-factor authentication enabled."),
    _("You cannot activate two-factor authentication until you have verified your email address."),
)
