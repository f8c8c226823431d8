from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "village.referrals"
    label = "referrals"
