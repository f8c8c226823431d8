from django.urls import path

from village.partnerships.views import agreements, district, partnerships, plans

app_name = "partnerships"
urlpatterns = [
    path("partnerships/", partnerships.partnership_list, name="list"),
    path("districts/<slug:slug>/partnerships/new/", partnerships.partnership_create, name="create"),
    path("partnerships/<int:pk>/", partnerships.partnership_detail, name="detail"),
    path("partnerships/<int:pk>/edit/", partnerships.partnership_edit, name="edit"),
    path(
        "partnerships/<int:pk>/partners/<int:organization_pk>/edit/",
        partnerships.partner_side_edit,
        name="partner_side",
    ),
    path("partnerships/<int:pk>/status/", partnerships.partnership_status, name="status"),
    path("partnerships/<int:pk>/agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/revise/", agreements.agreement_revise, name="agreement_revise"),
    path("agreements/<int:pk>/versions/<int:number>/sign/", agreements.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/print/", agreements.agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/agreement.pdf", agreements.agreement_pdf_view, name="agreement_pdf"),
    path("partnerships/<int:pk>/plan/", plans.plan, name="plan"),
    path("tasks/<int:pk>/edit/", plans.task_edit, name="task_edit"),
    path("partnerships/<int:pk>/resources/", plans.resources, name="resources"),
    path("partnerships/<int:pk>/funding/", plans.funding, name="funding"),
    path("districts/<slug:slug>/funding/", district.funding_mix_view, name="funding_mix"),
    path("districts/<slug:slug>/equity/", district.equity_view, name="equity"),
    path("districts/<slug:slug>/partnerships/import/", district.import_view, name="import"),
    path("districts/<slug:slug>/partnerships/export/<slug:kind>.csv", district.export_view, name="export"),
]
