"""Text messages without a provider: phone numbers, segment counts, and the keywords a reply may be.

Numbers are parsed and validated with `phonenumbers` and kept in E.164 ("+15551234567"), so one
person's number is spelled one way everywhere (deliveries, opt-outs, replies).

Segments: no maintained library on our package list counts SMS segments (smsutil was last released
in 2020), so `segments` is a small function written from GSM 03.38 and 3GPP TS 23.040. A text that
fits the GSM 7-bit alphabet takes 160 characters in one segment and 153 a segment when split (the
extension characters such as € and [ take two); any other character (Arabic, Vietnamese, Chinese,
curly quotes) makes the whole text UCS-2: 70 characters in one segment, 67 a segment when split,
characters outside the Basic Multilingual Plane (emoji) taking two.

Keywords (written down in docs/operations.md): carriers require STOP and START and HELP in English;
each supported language adds its own words, matched after trimming, case folding and dropping
trailing punctuation. A reply is one keyword, nothing else: "stop sending me the survey" is a
message for staff, not an opt-out.
"""

from __future__ import annotations

import unicodedata

import phonenumbers
from django.conf import settings

# GSM 03.38 default alphabet (one septet each) and its extension table (two septets each).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def segments(text: str) -> int:
    """How many SMS segments `text` takes (0 for an empty text)."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        units, single, multi = sum(2 if c in GSM_EXTENDED else 1 for c in text), 160, 153
    else:
        units, single, multi = sum(2 if ord(c) > 0xFFFF else 1 for c in text), 70, 67
    if units == 0:
        return 0
    return 1 if units <= single else -(-units // multi)


def e164(raw: str, region: str | None = None) -> str:
    """`raw` as an E.164 number, or "" when it is not a valid number (`region` is the country a
    number without +country code is read in: VILLAGE_SMS_DEFAULT_REGION)."""
    if not raw or not raw.strip():
        return ""
    try:
        number = phonenumbers.parse(raw, region or settings.VILLAGE_SMS_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


STOP = "stop"
START = "start"
HELP = "help"
YES = "yes"
NO = "no"

# Each keyword in English and the supported languages, by language: a reply to a keyword is
# written in that keyword's language when the number belongs to nobody Village knows. English
# STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT and UNSTOP are the words US carriers' rules name.
KEYWORDS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        STOP: frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"}),
        START: frozenset({"start", "unstop"}),
        HELP: frozenset({"help", "info"}),
        YES: frozenset({"yes", "y"}),
        NO: frozenset({"no", "n"}),
    },
    "ar": {
        STOP: frozenset({"توقف", "قف", "إلغاء", "الغاء"}),
        START: frozenset({"ابدأ", "ابدا", "إبدأ"}),
        HELP: frozenset({"مساعدة"}),
        YES: frozenset({"نعم"}),
        NO: frozenset({"لا"}),
    },
    "es": {
        STOP: frozenset({"alto", "parar", "baja"}),
        START: frozenset({"comenzar", "iniciar"}),
        HELP: frozenset({"ayuda"}),
        YES: frozenset({"sí", "si"}),
        NO: frozenset(),  # "no" is English's too
    },
    "vi": {
        STOP: frozenset({"dừng", "dung", "hủy", "huy"}),
        START: frozenset({"bắt đầu", "bat dau"}),
        HELP: frozenset({"giúp", "giup", "trợ giúp"}),
        YES: frozenset({"có", "co"}),
        NO: frozenset({"không", "khong"}),
    },
    "zh-hans": {
        STOP: frozenset({"退订", "停止"}),
        START: frozenset({"开始", "订阅"}),
        HELP: frozenset({"帮助"}),
        YES: frozenset({"是", "是的"}),
        NO: frozenset({"否", "不是"}),
    },
}


def keyword(text: str) -> tuple[str, str]:
    """The keyword `text` is (STOP, START, HELP, YES or NO) and the language it is a word of, or
    ("", "") when it is anything else."""
    folded = unicodedata.normalize("NFC", text).strip().casefold().rstrip(".!?。！？")
    folded = " ".join(folded.split())
    for language, words in KEYWORDS.items():
        for name, spellings in words.items():
            if folded in spellings:
                return name, language
    return "", ""
