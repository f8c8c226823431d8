"""The region's partner organizations: about 150 by type, each with a plausible description."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils.text import slugify

from village.demo.common import NORTHSIDE_CLINIC, STAFF_EMAIL_DOMAIN, phone
from village.orgs.actions import create_organization
from village.orgs.models import Organization, PartnerType, Region

P = PartnerType
# fmt: off
ORGANIZATIONS: dict[str, tuple[str, ...]] = {
    P.HEALTH: (
        NORTHSIDE_CLINIC, "Eastside Community Health Center", "Southport Family Health Clinic",
        "Riverbend Community Mental Health Center", "Lakeside Behavioral Health Services", "Cedar Park Pediatrics",
        "Millbrook Children's Dental Clinic", "Harbor Point Family Medicine",
        "Lakeside Children's Hospital – Community Care", "ClearView Mobile Eye Clinic",
        "Oak Hill Speech & Language Therapy", "Great Lakes Autism & Developmental Center",
        "Westfield Occupational Therapy Associates", "New Roots Refugee Health Program",
        "Lakeview Women's and Children's Clinic", "Riverbend Free Clinic", "Healing Circles Trauma Counseling",
        "Prairie Glen Youth Counseling Center", "Riverbend Smiles Mobile Dentistry",
        "Maple Heights Hearing & Audiology",
    ),
    P.LIBRARY: (
        "Riverbend Public Library – Central Library", "Riverbend Public Library – East Branch",
        "Riverbend Public Library – West Branch", "Riverbend Public Library – North Branch",
        "Riverbend Public Library – Southport Branch", "Riverbend Public Library – Cedar Park Branch",
        "Lakeside Public Library", "Lakeside Public Library – Harbor Point Branch",
        "Lakeside Public Library – Lakeview Branch", "Millbrook Township Library",
    ),
    P.MUSEUM_ARTS: (
        "Riverbend Science Center", "Lakeside Children's Museum", "Riverbend Art Museum",
        "Riverbend Historical Society", "Eastside Arts Collective", "Lakeside Youth Symphony",
        "Riverbend Youth Theatre Company", "Harbor Point Community Murals Project", "Casa de la Cultura Riverbend",
        "Riverbend Botanic Garden", "Great Lakes Maritime Museum", "Northside Dance Collective",
        "Millbrook Clay & Craft Studio",
    ),
    P.COLLEGE: (
        "Riverbend Community College", "Lakeside State University", "Lakeside State University – College of Education",
        "Great Lakes Technical Institute", "St. Brendan University",
        "Riverbend Community College – Adult Education Center", "Lakeside State University – School of Social Work",
        "Prairie Lakes College of Nursing",
    ),
    P.GOVERNMENT: (
        "City of Riverbend Parks & Recreation Department", "Riverbend Department of Public Health",
        "Riverbend Police Department – Youth Services Division", "Riverbend County Workforce Center",
        "Riverbend Housing Authority", "City of Riverbend Office of New Americans",
        "Riverbend Regional Transit Authority", "Riverbend County Department of Children and Family Services",
        "Riverbend County WIC Office", "Lakeside Park District",
        "City of Lakeside Fire Department – Community Risk Reduction",
        "Riverbend County Juvenile Court – Diversion Program", "Riverbend County Extension Office",
        "Riverbend County Family Benefits Office",
    ),
    P.FAITH: (
        "Iglesia Nueva Esperanza", "St. Brigid Catholic Church", "First Baptist Church of Riverbend",
        "Masjid Al-Noor Islamic Center", "Temple Beth Shalom", "Greater Hope Missionary Baptist Church",
        "Église Baptiste Haïtienne Bethel", "Chùa Từ Bi Vietnamese Buddhist Temple",
        "Riverbend Chinese Christian Church", "Holy Trinity Lutheran Church", "Lakeside United Methodist Church",
        "Masjid Al-Huda", "St. Vincent de Paul Society – St. Brigid Conference", "Iglesia Pentecostal Fuente de Vida",
        "Grace Community Church", "Riverbend Interfaith Council", "Catholic Charities of Riverbend",
        "Jewish Family Services of Lakeside",
    ),
    P.NONPROFIT: (
        "Lakeside Boys & Girls Club", "Riverbend Boys & Girls Club – Eastside Clubhouse", "Northside YMCA",
        "Riverbend YWCA", "Big Brothers Big Sisters of Riverbend", "Riverbend Food Bank",
        "Eastside Community Food Pantry", "Southport Food Pantry", "Reading Buddies Riverbend",
        "Riverbend Literacy Council", "Somali Community Association of Riverbend",
        "Haitian American Community Center of Riverbend", "Vietnamese Mutual Aid Association of Riverbend",
        "Arab American Community Center of Riverbend", "Chinese American Family Services of Lakeside",
        "Centro Latino de Riverbend", "Refugee Resettlement Services of Riverbend", "Lakeside Legal Aid Clinic",
        "Riverbend Tenant Rights Coalition", "Safe Harbor Family Shelter", "Northside Homeless Youth Network",
        "Riverbend Diaper Bank", "Riverbend Bike Collective", "STEM Sprouts Riverbend", "Girls Who Build Lakeside",
        "Math Circle of Riverbend", "Riverbend Youth Soccer League", "Lakeside Little League",
        "Summer Bridges Riverbend", "Riverbend Community Tutoring Project", "Lakeside Mentoring Alliance",
        "Riverbend Clothing Closet", "Open Door Immigrant Family Support", "Riverbend Special Olympics",
        "Millbrook Community Garden Network", "Second Chance Workforce Partners", "Lakeside Early Learning Coalition",
    ),
    P.BUSINESS: (
        "Lakeshore Credit Union", "Riverbend Savings Bank", "Greenway Grocers", "Midwest Energy Cooperative",
        "TechBridge Software", "Riverbend Hardware & Supply", "Harbor Point Pharmacy", "Prairie Rail Logistics",
        "Maple & Main Bakery", "Lakeside Auto Repair", "BrightPath Internet", "Riverbend Chamber of Commerce",
        "Northside Printing Co.", "Cedar Park Medical Supply", "Riverbend Hotel & Conference Center",
        "Eastside Barbershop Collective", "Golden Dragon Restaurant", "La Estrella Panadería",
    ),
    P.FAMILY_ORG: (
        "Riverbend PTA Council", "Lincoln Elementary PTO", "Riverbend High School Parent Association",
        "Riverbend Special Education Parent Advisory Council", "Padres Unidos de Riverbend",
        "Lakeside Parents for Inclusion", "Fathers in Action Riverbend", "Lakeside PTA Council",
        "Riverbend Parent Mentor Network", "Somali Parents Association of Riverbend", "Haitian Parents United",
        "Riverbend Foster & Adoptive Families Network", "Grandparents Raising Grandchildren of Riverbend",
        "Riverbend Parents of English Learners", "Lakeside Family Engagement Network",
    ),
}

# What an organization of each type plausibly offers (any two of these fit any such partner).
SERVICES: dict[str, tuple[str, ...]] = {
    P.HEALTH: (
        "help enrolling in Medicaid and CHIP", "sliding-scale fees for uninsured families",
        "appointments after school hours", "care coordination with school nurses", "telehealth visits",
    ),
    P.LIBRARY: (
        "homework help after school", "free computer and Wi-Fi access", "story time for young children",
        "English conversation circles for adults", "laptop and hotspot lending", "summer reading challenges",
    ),
    P.MUSEUM_ARTS: (
        "free field trips for school groups", "family free days", "summer camps", "classroom residencies",
        "after-school workshops",
    ),
    P.COLLEGE: (
        "college visits and application help", "tutoring by college students", "student-teacher placements",
        "research partnerships with schools", "summer bridge programs",
    ),
    P.GOVERNMENT: (
        "help for families applying for public programs", "staff who come to school family nights",
        "information sessions for parents", "referrals to other city and county services",
    ),
    P.FAITH: (
        "a weekly food pantry", "an after-school homework club", "emergency rent and utility help", "free ESL classes",
        "a summer day camp", "a winter coat drive",
    ),
    P.NONPROFIT: (
        "after-school programs", "one-to-one mentoring", "summer learning programs", "family case management",
        "volunteers for school events", "help connecting families to benefits",
    ),
    P.BUSINESS: (
        "job shadowing and internships for high school students", "volunteer reading buddies",
        "donated school supplies", "sponsorship of family events", "career days",
    ),
    P.FAMILY_ORG: (
        "parent workshops", "family nights", "parent leadership training", "welcome circles for new families",
        "interpretation at school meetings",
    ),
}
# fmt: on
# A signature service for organizations whose name says what they do; checked in order, first match wins.
SIGNATURE_SERVICES: tuple[tuple[str, str], ...] = (
    ("Dental", "dental cleanings, sealants and fillings for children"),
    ("Smiles", "dental cleanings, sealants and fillings for children"),
    ("Eye", "vision screening and free glasses"),
    ("Hearing", "hearing screening and hearing aids for children"),
    ("Speech", "speech, language and feeding therapy"),
    ("Occupational", "occupational and physical therapy for children"),
    ("Autism", "developmental and autism evaluations"),
    ("Mental", "counseling and psychiatric care for children and teens"),
    ("Behavioral", "counseling and psychiatric care for children and teens"),
    ("Counseling", "individual and family counseling for young people"),
    ("Trauma", "trauma-informed therapy for children and families"),
    ("Refugee Health", "health screenings for newly arrived refugee families"),
    ("Women's", "prenatal care and well-child visits"),
    ("Pediatrics", "well-child visits, immunizations and sports physicals"),
    ("Clinic", "primary care, immunizations and school physicals"),
    ("Health Center", "primary care, immunizations and school physicals"),
    ("Family Medicine", "primary care, immunizations and school physicals"),
    ("Hospital", "specialist care and a school-based health program"),
    ("Library", "homework help after school"),
    ("Science", "hands-on science workshops"),
    ("Symphony", "free music lessons and student concerts"),
    ("Theatre", "youth theatre productions and drama classes"),
    ("Dance", "after-school dance classes"),
    ("Mural", "youth mural projects with local artists"),
    ("Clay", "ceramics classes for children and teens"),
    ("Botanic", "garden field trips and science-of-plants lessons"),
    ("Maritime", "field trips on Great Lakes history and ecology"),
    ("Historical", "local history programs for classrooms"),
    ("Cultura", "Latin American music, dance and art classes"),
    ("Art Museum", "gallery tours and studio art classes"),
    ("Children's Museum", "play-based learning for young children"),
    ("Education", "student teachers and tutoring by education students"),
    ("Social Work", "social work interns placed in schools"),
    ("Nursing", "nursing students who run health screenings at schools"),
    ("Adult Education", "adult English, GED and citizenship classes"),
    ("Technical", "career and technical training for high school students"),
    ("College", "dual-credit courses for high school students"),
    ("University", "dual-credit courses and campus visits for high school students"),
    ("Parks", "youth sports, swimming lessons and summer camps"),
    ("Public Health", "vaccination clinics and lead screening"),
    ("Police", "youth mentoring and restorative-justice circles"),
    ("Juvenile", "diversion programs that keep young people in school"),
    ("Workforce", "job training and placement for parents"),
    ("Housing", "housing vouchers and help with rent"),
    ("New Americans", "help for newly arrived immigrant families"),
    ("Transit", "reduced-fare transit passes for students"),
    ("Children and Family Services", "support for children in foster care and their caregivers"),
    ("WIC", "nutrition help for young children and expecting parents"),
    ("Family Benefits", "enrollment in SNAP, childcare subsidies and health coverage"),
    ("Fire", "fire-safety education and free smoke alarms"),
    ("Extension", "4-H clubs and school gardens"),
    ("Boys & Girls", "after-school and summer programs"),
    ("YMCA", "swimming lessons, youth sports and after-school care"),
    ("YWCA", "early childhood programs and support for survivors of violence"),
    ("Big Brothers", "one-to-one mentoring"),
    ("Mentoring", "one-to-one mentoring"),
    ("Food", "free groceries and weekend food backpacks"),
    ("Reading", "one-to-one reading tutoring"),
    ("Literacy", "reading tutoring and adult literacy classes"),
    ("Tutoring", "free tutoring in math and reading"),
    ("Legal", "free legal help with housing and immigration"),
    ("Tenant", "help for families facing eviction"),
    ("Shelter", "emergency shelter for families"),
    ("Homeless", "drop-in services for young people without stable housing"),
    ("Diaper", "free diapers and baby supplies"),
    ("Bike", "free bikes and bike-safety classes"),
    ("STEM", "STEM clubs for elementary and middle school students"),
    ("Build", "engineering and robotics clubs for girls"),
    ("Math", "math circles and competitions"),
    ("Soccer", "youth soccer with fee waivers"),
    ("Little League", "youth baseball and softball with fee waivers"),
    ("Special Olympics", "unified sports for students with and without disabilities"),
    ("Clothing", "free clothing and school uniforms"),
    ("Garden", "community gardens and cooking classes"),
    ("Early Learning", "playgroups and kindergarten readiness"),
    ("Summer", "summer learning programs"),
    ("Immigrant", "help for immigrant families with school enrollment"),
    ("Resettlement", "resettlement support for refugee families"),
    ("Workforce Partners", "job training for parents returning to work"),
    ("Second Chance", "job training for parents returning to work"),
    ("Credit Union", "financial literacy workshops and student savings accounts"),
    ("Bank", "financial literacy workshops and student savings accounts"),
    ("Internet", "discounted home internet for families"),
    ("Software", "coding clubs run by volunteer engineers"),
    ("Pharmacy", "free flu shots for families"),
    ("Grocers", "donated food for school pantries"),
    ("Bakery", "donated food for family events"),
    ("Panadería", "donated food for family events"),
    ("Restaurant", "donated meals for family events"),
    ("Chamber", "a network of employers offering internships"),
    ("Special Education", "peer support for parents of children with disabilities"),
    ("Inclusion", "peer support for parents of children with disabilities"),
    ("Foster", "support groups for foster and adoptive families"),
    ("Grandparents", "support groups for grandparents raising grandchildren"),
    ("English Learners", "help for parents of English learners"),
    ("Fathers", "fathers' groups and school volunteering"),
    ("PTA", "school fundraising and parent volunteers"),
    ("PTO", "school fundraising and parent volunteers"),
    ("Parent", "parent-to-parent support"),
    ("Padres", "parent-to-parent support in Spanish"),
    ("Interfaith", "a network of congregations supporting families"),
    ("Charities", "emergency help with food, rent and utilities"),
    ("St. Vincent", "emergency help with rent and utilities"),
)
ORG_LANGUAGES = ("Spanish", "Arabic", "Vietnamese", "Somali", "Haitian Creole", "Chinese")
# Names that say which community an organization grew from, and so which language its staff speak.
# fmt: off
NAME_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("Iglesia", "Spanish"), ("Latino", "Spanish"), ("Padres", "Spanish"), ("Cultura", "Spanish"),
    ("Panadería", "Spanish"), ("Somali", "Somali"), ("Haiti", "Haitian Creole"), ("Église", "Haitian Creole"),
    ("Vietnamese", "Vietnamese"), ("Chùa", "Vietnamese"), ("Chinese", "Chinese"), ("Golden Dragon", "Chinese"),
    ("Arab", "Arabic"), ("Masjid", "Arabic"), ("Refugee", "Arabic"),
)
# fmt: on
ORG_LEADS: dict[str, str] = {
    P.HEALTH: "is a health provider for children and families",
    P.LIBRARY: "is a public library open to every resident, with free library cards for children",
    P.MUSEUM_ARTS: "brings arts, culture and learning to children and families",
    P.COLLEGE: "works with local schools on learning, careers and research",
    P.GOVERNMENT: "is a public agency that works with schools for children and families",
    P.FAITH: "is a faith community that serves all its neighbors, whatever their beliefs",
    P.NONPROFIT: "is a community-based nonprofit for children and families",
    P.BUSINESS: "is a local business that supports students and schools",
    P.FAMILY_ORG: "is a family-led organization that helps parents and caregivers take part in school life",
}


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _description(rng: random.Random, name: str, partner_type: str) -> str:
    signature = next((service for keyword, service in SIGNATURE_SERVICES if keyword in name), None)
    generic = [s for s in SERVICES[partner_type] if s != signature]
    services = ([signature] if signature else []) + rng.sample(generic, k=2 if signature else 3)
    text = f"{name} {ORG_LEADS[partner_type]}. It offers {_join(services)}."
    languages = [language for keyword, language in NAME_LANGUAGES if keyword in name][:1]
    if not languages:
        languages = rng.sample(ORG_LANGUAGES, k=rng.choice((0, 0, 1, 1, 2)))
    if languages:
        text += f" Staff speak {_join(['English', *languages])}."
    return text


def _domain(name: str) -> str:
    return f"{slugify(name)[:63].strip('-')}.{STAFF_EMAIL_DOMAIN}"


def _city(name: str) -> str:
    for city in ("Lakeside", "Millbrook", "Harbor Point"):
        if city in name:
            return city
    return "Riverbend"


def build_organizations(rng: random.Random, region: Region) -> list[Organization]:
    """Every organization of ORGANIZATIONS, added to the region's directory by the operator."""
    organizations = []
    for partner_type, names in ORGANIZATIONS.items():
        for name in names:
            domain = _domain(name)
            organizations.append(
                create_organization(
                    None,
                    region,
                    name=name,
                    partner_type=partner_type,
                    description=_description(rng, name, partner_type),
                    website=f"https://{domain}/",
                    email=f"info@{domain}",
                    phone=phone(rng),
                    city=_city(name),
                )
            )
    return organizations
