"""Demo voice work at Lincoln: a family survey in English, Spanish, Arabic and Vietnamese with
anonymous phone answers, a listening session that heard barriers, and the themes drawn from them."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from village.accounts.models import Membership, Role
from village.orgs.models import District, School
from village.voice.models import ListeningSession, Question, Response, Survey, SurveyStatus, Theme

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


def _coordinator(lincoln: School) -> Any:
    membership = (
        Membership.objects.active()
        .filter(role=Role.SCHOOL_COORDINATOR, school=lincoln)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def build(riverbend: District, lincoln: School) -> None:
    rng = random.Random(8)
    author = _coordinator(lincoln)
    if author is None:
        return
    survey = Survey.objects.create(
        district=riverbend,
        school=lincoln,
        title=TITLE,
        intro=INTRO,
        source_language="en",
        languages=["en", "es", "ar", "vi"],
        audience="families",
        anonymous=True,
        status=SurveyStatus.OPEN,
        created_by=author,
        opened_at=timezone.now() - datetime.timedelta(days=10),
    )
    questions = [Question.objects.create(survey=survey, position=i, **q) for i, q in enumerate(QUESTIONS, start=1)]
    today = timezone.localdate()
    responses = []
    for language, count in RESPONSES.items():
        for i in range(count):
            answers: dict[str, Any] = {
                str(questions[0].pk): 0 if rng.random() < 0.65 else 1,
                str(questions[1].pk): sorted(rng.sample([0, 1, 2], k=rng.randint(1, 2))),
                str(questions[2].pk): rng.choice([2, 3, 3, 4, 4, 5]),
            }
            if i % 2 == 0:
                answers[str(questions[3].pk)] = rng.choice(SAID[language])
            responses.append(
                Response(
                    survey=survey,
                    district=riverbend,
                    language=language,
                    submitted_on=today - datetime.timedelta(days=rng.randint(0, 9)),
                    answers=answers,
                )
            )
    Response.objects.bulk_create(responses)

    session = ListeningSession.objects.create(
        district=riverbend,
        school=lincoln,
        kind="listening",
        title="Family listening circle",
        starts_at=timezone.now() - datetime.timedelta(days=14),
        place="Lincoln Elementary library",
        interpretation_languages=["es", "ar", "vi"],
        childcare=True,
        transport=True,
        accessible_venue=True,
        evening_or_weekend=True,
        attendance={"families": 23, "students": 4, "staff": 3, "partners": 2},
        notes="Families said evening events end after the last bus, and that younger siblings cannot come along.",
        barriers=["transportation", "childcare", "schedule", "language"],
        needs=["transport", "language"],
        created_by=author,
    )
    transport = Theme.objects.create(
        district=riverbend,
        school=lincoln,
        title="Families cannot get to evening events without a late bus",
        summary="Heard at the listening circle and in the transport survey, in Spanish, Arabic and Vietnamese.",
        barriers=["transportation", "schedule"],
    )
    childcare = Theme.objects.create(
        district=riverbend,
        school=lincoln,
        title="Parents need childcare to come to meetings",
        summary="Younger siblings keep parents at home on meeting nights.",
        barriers=["childcare"],
    )
    session.themes.add(transport, childcare)
    survey.themes.add(transport)


def reset(district_ids: list[int]) -> None:
    Survey.objects.filter(district_id__in=district_ids).delete()  # questions, responses, respondents go along
    ListeningSession.objects.filter(district_id__in=district_ids).delete()
    Theme.objects.filter(district_id__in=district_ids).delete()
