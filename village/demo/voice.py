"""Demo voice work at Lincoln: a family survey in English, Spanish, Arabic and Vietnamese with
anonymous phone answers, a listening session that heard barriers, and the themes drawn from them."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.orgs.models import District, School
from village.voice.actions import (
    add_question,
    create_survey,
    link_theme_to_survey,
    open_survey,
    record_session,
    schedule_session,
    submit_response,
    theme_from_session,
    translate_survey,
    translate_theme,
)
from village.voice.models import Question, Survey

TITLE = {
    "en": "Getting to school and school events",
    "es": "Llegar a la escuela y a sus eventos",
    "ar": "الوصول إلى المدرسة وفعالياتها",
    "vi": "Đến trường và các sự kiện của trường",
}
INTRO = {
    "en": "Tell us what makes it hard to take part. Your answers are anonymous.",
    "es": "Díganos qué le dificulta participar. Sus respuestas son anónimas.",
    "ar": "أخبرنا بما يصعّب عليك المشاركة. إجاباتك مجهولة الهوية.",
    "vi": "Hãy cho chúng tôi biết điều gì khiến bạn khó tham gia. Câu trả lời của bạn là ẩn danh.",
}
QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "single",
        "text": {
            "en": "Is transport a problem for getting to school events?",
            "es": "¿El transporte es un problema para ir a los eventos escolares?",
            "ar": "هل المواصلات مشكلة للوصول إلى فعاليات المدرسة؟",
            "vi": "Đi lại có phải là khó khăn khi đến các sự kiện của trường không?",
        },
        "options": [
            {"en": "Yes", "es": "Sí", "ar": "نعم", "vi": "Có"},
            {"en": "No", "es": "No", "ar": "لا", "vi": "Không"},
        ],
        "barrier": "transportation",
        "barrier_option": 0,
    },
    {
        "kind": "multiple",
        "text": {
            "en": "Which times work for you?",
            "es": "¿Qué horarios le convienen?",
            "ar": "ما الأوقات المناسبة لك؟",
            "vi": "Thời gian nào phù hợp với bạn?",
        },
        "options": [
            {
                "en": "Weekday mornings",
                "es": "Mañanas entre semana",
                "ar": "صباح أيام الأسبوع",
                "vi": "Sáng ngày thường",
            },
            {"en": "Weekday evenings", "es": "Tardes entre semana", "ar": "مساء أيام الأسبوع", "vi": "Tối ngày thường"},
            {"en": "Saturdays", "es": "Sábados", "ar": "أيام السبت", "vi": "Thứ Bảy"},
        ],
    },
    {
        "kind": "scale",
        "text": {
            "en": "How welcome do you feel at Lincoln?",
            "es": "¿Qué tan bienvenido se siente en Lincoln?",
            "ar": "إلى أي مدى تشعر بالترحيب في لينكون؟",
            "vi": "Bạn cảm thấy được chào đón ở Lincoln đến mức nào?",
        },
    },
    {
        "kind": "long_text",
        "text": {
            "en": "What would help you take part?",
            "es": "¿Qué le ayudaría a participar?",
            "ar": "ما الذي يساعدك على المشاركة؟",
            "vi": "Điều gì sẽ giúp bạn tham gia?",
        },
    },
]
SAID = {
    "es": ["Un autobús por la tarde", "Cuidado de niños durante las reuniones", "Reuniones los sábados"],
    "ar": ["حافلة في المساء", "مترجم في الاجتماعات", "رعاية الأطفال"],
    "vi": ["Xe buýt buổi tối", "Phiên dịch tiếng Việt", "Họp vào thứ Bảy"],
}
RESPONSES = {"es": 14, "ar": 12, "vi": 11}


def _coordinator(lincoln: School) -> User | None:
    membership = (
        Membership.objects.active()
        .filter(role=Role.SCHOOL_COORDINATOR, school=lincoln)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def _translations(survey: Survey, questions: list[Question], language: str) -> dict[str, str]:
    """The texts `translate_survey` takes for one language, from TITLE, INTRO and QUESTIONS."""
    texts = {"title": TITLE[language], "intro": INTRO[language]}
    for question, spec in zip(questions, QUESTIONS, strict=True):
        texts[f"q{question.pk}"] = spec["text"][language]
        for index, option in enumerate(spec.get("options", [])):
            texts[f"q{question.pk}o{index}"] = option[language]
    return texts


def build(riverbend: District, lincoln: School) -> None:
    """Lincoln's coordinator writes the survey in English, translates it, opens it; families answer
    it (anonymously, in their languages) and come to a listening circle, and the coordinator draws
    two themes from what they said."""
    rng = random.Random(8)
    author = _coordinator(lincoln)
    if author is None:
        return
    survey = create_survey(
        author,
        lincoln,
        title=TITLE["en"],
        intro=INTRO["en"],
        source_language="en",
        languages=["en", "es", "ar", "vi"],
        audience="families",
        anonymous=True,
    )
    questions = [
        add_question(
            author,
            survey,
            kind=q["kind"],
            text=q["text"]["en"],
            options=[o["en"] for o in q.get("options", [])],
            barrier=q.get("barrier", ""),
            barrier_option=q["barrier_option"] + 1 if "barrier_option" in q else None,  # counted from 1
        )
        for q in QUESTIONS
    ]
    for language in ("es", "ar", "vi"):
        translate_survey(author, survey, language, _translations(survey, questions, language))
    open_survey(author, survey)
    for language, count in RESPONSES.items():
        for i in range(count):
            answers: dict[str, Any] = {
                str(questions[0].pk): 0 if rng.random() < 0.65 else 1,
                str(questions[1].pk): sorted(rng.sample([0, 1, 2], k=rng.randint(1, 2))),
                str(questions[2].pk): rng.choice([2, 3, 3, 4, 4, 5]),
            }
            if i % 2 == 0:
                answers[str(questions[3].pk)] = rng.choice(SAID[language])
            # Families answer on the day the demo is built. The demo once spread the answers over
            # ten days with this draw; it stays so that the answers themselves stay as they were.
            rng.randint(0, 9)
            submit_response(survey, AnonymousUser(), language, answers)  # from the link, not signed in

    session = schedule_session(
        author,
        lincoln,
        kind="listening",
        title="Family listening circle",
        starts_at=timezone.now() - datetime.timedelta(days=14),
        place="Lincoln Elementary library",
        interpretation_languages=["es", "ar", "vi"],
        childcare=True,
        transport=True,
        accessible_venue=True,
        evening_or_weekend=True,
    )
    record_session(
        author,
        session,
        attendance={"families": 23, "students": 4, "staff": 3, "partners": 2},
        notes="Families said evening events end after the last bus, and that younger siblings cannot come along.",
        barriers=["transportation", "childcare", "schedule", "language"],
        needs=["transport", "language"],
    )
    transport = theme_from_session(
        author,
        session,
        language="en",
        title="Families cannot get to evening events without a late bus",
        summary="Heard at the listening circle and in the transport survey, in Spanish, Arabic and Vietnamese.",
        barriers=["transportation", "schedule"],
    )
    theme_from_session(
        author,
        session,
        language="en",
        title="Parents need childcare to come to meetings",
        summary="Younger siblings keep parents at home on meeting nights.",
        barriers=["childcare"],
    )
    link_theme_to_survey(author, survey, transport)
    # Staff translated the transport theme; the childcare one stays marked "not yet translated".
    translate_theme(
        author,
        transport,
        "ar",
        {
            "title": "لا تستطيع العائلات حضور الفعاليات المسائية بدون حافلة متأخرة",
            "summary": "سمعناها في حلقة الاستماع وفي استبيان النقل، بالإسبانية والعربية والفيتنامية.",
        },
    )
    translate_theme(
        author,
        transport,
        "es",
        {"title": "Las familias no pueden llegar a los eventos de la tarde sin un autobús tardío"},
    )
