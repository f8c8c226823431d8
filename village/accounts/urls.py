from django.urls import path

from village.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
