from django.urls import path

from village.families.views import accounts, claim, consent, family, staff, students

app_name = "families"
urlpatterns = [
    path("family/profile/", family.profile, name="profile"),
    path("family/privacy/", family.privacy, name="privacy"),
    path("students/<int:pk>/", students.student_detail, name="student"),
    path("students/<int:pk>/plan/", students.plan_edit, name="plan_edit"),
    path("students/<int:pk>/goals/new/", students.goal_add, name="goal_add"),
    path("students/<int:pk>/needs/new/", students.need_add, name="need_add"),
    path("needs/<int:pk>/", students.need_status, name="need_status"),
    path("students/<int:pk>/consents/", consent.consent_list, name="consents"),
    path("students/<int:pk>/consents/new/", consent.consent_new, name="consent_new"),
    path("students/<int:pk>/consents/paper/", consent.consent_paper, name="consent_paper"),
    path("consents/<int:pk>/scan/", consent.consent_scan, name="consent_scan"),
    path("consents/<int:pk>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    path("students/<int:pk>/legal-bases/new/", consent.legal_basis_new, name="legal_basis_new"),
    path("legal-bases/<int:pk>/end/", consent.legal_basis_end, name="legal_basis_end"),
    path("students/<int:pk>/directory-opt-out/", consent.directory_opt_out, name="directory_opt_out"),
    path("students/<int:pk>/disclosures/", consent.disclosure_list, name="disclosures"),
    path("students/<int:pk>/share/", consent.share, name="share"),
    path("schools/<int:pk>/students/", staff.school_students, name="school_students"),
    path("schools/<int:pk>/needs/", staff.needs_registry, name="needs_registry"),
    path("schools/<int:pk>/needs/bulk/", staff.needs_bulk, name="needs_bulk"),
    path("districts/<slug:slug>/disclosures.csv", staff.disclosure_export, name="disclosure_export"),
    path("districts/<slug:slug>/roster/", staff.roster, name="roster"),
    path("roster-syncs/<int:pk>/", staff.roster_sync, name="roster_sync"),
    # Family accounts: staff invite and link families; a family claims its account.
    path("schools/<int:pk>/families/", accounts.school_families, name="school_families"),
    path("schools/<int:pk>/families/invite/", accounts.invite_families, name="invite_families"),
    path("invitation-batches/<int:pk>/", accounts.invitation_batch, name="invitation_batch"),
    path("invitation-batches/<int:pk>/letters.pdf", accounts.batch_letters, name="batch_letters"),
    path("households/<int:pk>/", accounts.household, name="household"),
    path("households/<int:pk>/members/new/", accounts.member_add, name="member_add"),
    path("household-members/<int:pk>/remove/", accounts.member_remove, name="member_remove"),
    path("guardians/<int:pk>/invite/", accounts.invite_guardian, name="invite_guardian"),
    path("invitations/<int:pk>/letter.pdf", accounts.invitation_letter, name="invitation_letter"),
    path("invitations/<int:pk>/withdraw/", accounts.invitation_withdraw, name="invitation_withdraw"),
    path("claim/", claim.claim_start, name="claim_start"),
    path("claim/<str:code>/", claim.claim, name="claim"),
]
