"""Demo content for workshops: the index, the past workshops of newsletter
edition 3, and three upcoming ones with real bookings.

The upcoming workshops are dated from today: one with free seats, one nearly
full and one full with a waiting list. Their bookings are made by fictional
people (``@example.org``, verified, no usable password) through
``services.book_seats``, so every seat count is the booking rules' own. Nothing
is done when the site already has a workshop index: the section then belongs
to the editors.
"""

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import HomePage, Partner

from . import services
from .models import Audience, Format, Notification, WorkshopIndexPage, WorkshopPage

INDEX_INTRODUCTION = (
    "<p>Partner organisations in Spain, Italy and Portugal hold briefings for "
    "professionals who advise migrants (social services, NGOs, consulates) and "
    "meetings for people who are thinking about going back. Seats are free; "
    "book with an account and you can cancel at any time before the day.</p>"
)


def _p(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


PAST = [
    {
        "slug": "bilbao-briefing-professionals-2016",
        "title": "Bilbao: the One Stop Shops explained to professionals",
        "summary": "A session with Bilbao City Council for staff who advise "
        "migrants: what the One Stop Shops offer, who can use them and how.",
        "city": "Bilbao",
        "venue": "Bilbao City Council",
        "time_zone": "Europe/Madrid",
        "date": dt.date(2016, 4, 15),
        "times": (dt.time(10, 0), dt.time(13, 0)),
        "audience": Audience.PROFESSIONALS,
        "languages": ["es"],
        "partner": "ACOBE",
        "capacity": 30,
        "reported_attendance": 22,
        "body": [
            _p(
                "<p>Organised with the city council's department for equality, "
                "cooperation and coexistence. Participants heard which resources "
                "exist, who they are for and how to apply, and watched a short "
                "film in which people who went back to Uruguay describe their "
                "return.</p>"
            )
        ],
    },
    {
        "slug": "barcelona-saier-training-2016",
        "title": "Barcelona: the psychological side of migrating and returning",
        "summary": "FEDELATINA trained the staff of Barcelona's assistance "
        "service for immigrants, emigrants and refugees (SAIER).",
        "city": "Barcelona",
        "venue": "SAIER, Barcelona City Council",
        "time_zone": "Europe/Madrid",
        "date": dt.date(2016, 3, 22),
        "times": (dt.time(9, 30), dt.time(13, 30)),
        "audience": Audience.PROFESSIONALS,
        "languages": ["es"],
        "partner": "FEDELATINA",
        "capacity": 25,
        "body": [
            _p(
                "<p>A training session on what migration does to people's "
                "wellbeing, and on what applying to go back can stir up, so that "
                "advisers can recognise it and respond well.</p>"
            )
        ],
    },
    {
        "slug": "savona-assisted-return-seminar-2016",
        "title": "Savona: a seminar on assisted voluntary return",
        "summary": "ICEI explained assisted voluntary return to volunteers "
        "working with migrants, at the offices of an Ecuadorian association.",
        "city": "Savona",
        "venue": "USEI (Unione di Solidarietà degli Ecuadoriani)",
        "time_zone": "Europe/Rome",
        "date": dt.date(2016, 3, 5),
        "times": (dt.time(15, 0), dt.time(18, 0)),
        "audience": Audience.EVERYONE,
        "languages": ["it", "es"],
        "partner": "ICEI",
        "capacity": 40,
        "body": [
            _p(
                "<p>Part of a free course for volunteers in the immigration "
                "field. USEI first ran the course in Savona, and other Italian "
                "cities have since repeated it.</p>"
            )
        ],
    },
    {
        "slug": "lisbon-brazilian-consulate-briefing-2016",
        "title": "Lisbon: briefing at the Brazilian Consulate",
        "summary": "ALCC presented the project to the Brazilian Consulate to "
        "make it better known among Brazilians in Portugal.",
        "city": "Lisbon",
        "venue": "Consulate General of Brazil",
        "time_zone": "Europe/Lisbon",
        "date": dt.date(2016, 3, 21),
        "times": (dt.time(11, 0), dt.time(12, 30)),
        "audience": Audience.PROFESSIONALS,
        "languages": ["pt"],
        "partner": "ALCC",
        "capacity": 20,
        "body": [
            _p(
                "<p>Consular staff learnt how the One Stop Shop in Brazil works "
                "and how to refer people who ask about going home.</p>"
            )
        ],
    },
    {
        "slug": "lisbon-cnai-meeting-2016",
        "title": "Lisbon: meeting people who are thinking of going back",
        "summary": "At the national immigrant support centre (CNAI), ALCC "
        "presented the One Stop Shops and gave one-to-one advice.",
        "city": "Lisbon",
        "venue": "CNAI, national immigrant support centre",
        "time_zone": "Europe/Lisbon",
        "date": dt.date(2016, 4, 4),
        "times": (dt.time(14, 0), dt.time(17, 0)),
        "audience": Audience.RETURNEES,
        "languages": ["pt"],
        "partner": "ALCC",
        "capacity": 30,
        "body": [
            _p(
                "<p>After a presentation of the services on offer, those "
                "interested could talk through their own situation with the "
                "team.</p>"
            )
        ],
    },
    {
        "slug": "madrid-social-services-briefing-2016",
        "title": "Madrid: briefing for municipal social services managers",
        "summary": "Twenty-one managers from Madrid City Council's social "
        "services learnt how the One Stop Shops can help the people they see.",
        "city": "Madrid",
        "venue": "Madrid City Council, social services",
        "time_zone": "Europe/Madrid",
        "date": dt.date(2016, 4, 27),
        "times": (dt.time(10, 0), dt.time(12, 0)),
        "audience": Audience.PROFESSIONALS,
        "languages": ["es"],
        "partner": "ACOBE",
        "capacity": 25,
        "reported_attendance": 21,
        "body": [
            _p(
                "<p>A briefing for the managers of the city's social services "
                "areas, announced in the spring 2016 newsletter.</p>"
            )
        ],
    },
]

# Upcoming workshops: ``in_days`` from today, with (person, seats) bookings in
# arrival order; a booking that does not fit goes on the waiting list.
UPCOMING = [
    {
        "slug": "madrid-returning-to-bolivia-and-ecuador",
        "title": "Madrid: returning to Bolivia and Ecuador, for professionals",
        "summary": "What the One Stop Shops in Bolivia and Ecuador do, and how "
        "to refer someone to them: a briefing for social services and NGO staff.",
        "city": "Madrid",
        "venue": "Centro Cultural de la Villa",
        "address": "Plaza de Colón 4\n28001 Madrid",
        "time_zone": "Europe/Madrid",
        "in_days": 24,
        "times": (dt.time(10, 0), dt.time(12, 30)),
        "audience": Audience.PROFESSIONALS,
        "format": Format.IN_PERSON,
        "languages": ["es"],
        "partner": "ACOBE",
        "capacity": 30,
        "max_seats_per_booking": 10,
        "bookings": [("lucia", 4), ("tomas", 1), ("ines", 1)],
        "body": [
            _p(
                "<p>Two One Stop Shop coordinators join by video to explain how "
                "they welcome returnees and which partners they work with. Bring "
                "your questions about real cases.</p>"
            )
        ],
    },
    {
        "slug": "online-planning-your-return",
        "title": "Online: planning your return, questions and answers",
        "summary": "An hour and a half to ask what going back involves: papers, "
        "work, schooling, and what the One Stop Shop in your country can do.",
        "city": "Barcelona",
        "venue": "",
        "address": "",
        "online_url": "https://meet.example.org/oss-demo-planning-your-return",
        "time_zone": "Europe/Madrid",
        "in_days": 10,
        "times": (dt.time(18, 0), dt.time(19, 30)),
        "audience": Audience.RETURNEES,
        "format": Format.ONLINE,
        "languages": ["es", "pt"],
        "partner": "FEDELATINA",
        "capacity": 15,
        "max_seats_per_booking": 3,
        "bookings": [
            ("marta", 3),
            ("joao", 3),
            ("lucia", 2),
            ("paolo", 2),
            ("tomas", 1),
            ("ines", 1),
            ("ana", 1),
        ],
        "body": [
            _p(
                "<p>The session is for anyone who is weighing up a return to "
                "Latin America. The meeting link is emailed to confirmed "
                "participants the day before.</p>"
            )
        ],
    },
    {
        "slug": "lisbon-going-back-to-brazil",
        "title": "Lisbon: going back to Brazil, what the One Stop Shop offers",
        "summary": "A meeting for Brazilians in Portugal who are thinking of "
        "going home, with one-to-one advice after the presentation.",
        "city": "Lisbon",
        "venue": "ALCC",
        "address": "Rua da Palma 100\n1100-391 Lisboa",
        "time_zone": "Europe/Lisbon",
        "in_days": 6,
        "times": (dt.time(17, 30), dt.time(19, 30)),
        "audience": Audience.RETURNEES,
        "format": Format.IN_PERSON,
        "languages": ["pt"],
        "partner": "ALCC",
        "capacity": 8,
        "max_seats_per_booking": 2,
        "bookings": [
            ("joao", 2),
            ("ana", 2),
            ("marta", 2),
            ("paolo", 1),
            ("ines", 1),
            ("rafael", 2),
            ("tomas", 1),
        ],
        "body": [
            _p(
                "<p>The Brazilian One Stop Shop's network covers training, job "
                "search, social assistance and starting a business. Come and "
                "find out which of its partners can help you.</p>"
            )
        ],
    },
]

PEOPLE = {
    "lucia": ("Lucía", "Fernández", "Madrid City Council, social services"),
    "tomas": ("Tomás", "Ibarra", "Cruz Roja, Madrid"),
    "ines": ("Inés", "Salgado", "ACOBE"),
    "marta": ("Marta", "Quispe", ""),
    "joao": ("João", "Pereira", ""),
    "paolo": ("Paolo", "Rinaldi", "USEI, Savona"),
    "ana": ("Ana", "Mendes", ""),
    "rafael": ("Rafael", "Souza", ""),
}
COLLEAGUES = ["Carmen Ortiz", "Diego Navarro", "Elena Ruiz", "Jorge Molina"]


def load() -> WorkshopIndexPage | None:
    """Build the workshop index and its workshops, once (see the module docstring)."""
    existing = WorkshopIndexPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        return None
    index = create_index(home)
    for data in PAST:
        create_workshop(index, data, data["date"])
    today = timezone.now()
    people = {key: demo_person(key) for key in PEOPLE}
    for data in UPCOMING:
        tz = zoneinfo.ZoneInfo(data["time_zone"])
        day = (today + dt.timedelta(days=data["in_days"])).astimezone(tz).date()
        page = create_workshop(index, data, day)
        for key, seats in data["bookings"]:
            book(page, people[key], seats)
    silence_demo_emails(people.values())
    return index


def create_index(home: HomePage) -> WorkshopIndexPage:
    index = WorkshopIndexPage(
        title="Workshops",
        slug="workshops",
        show_in_menus=True,
        introduction=INDEX_INTRODUCTION,
        listing_summary="Briefings and meetings in Spain, Italy and Portugal: "
        "find one near you and book a seat.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def create_workshop(index: WorkshopIndexPage, data: dict, day: dt.date) -> WorkshopPage:
    """A published workshop on ``day``, local times in its venue's time zone."""
    start, end = data["times"]
    page = WorkshopPage(
        title=data["title"],
        slug=data["slug"],
        listing_summary=data["summary"],
        body=data["body"],
        audience=data["audience"],
        format=data.get("format", Format.IN_PERSON),
        city=data["city"],
        venue=data.get("venue", ""),
        address=data.get("address", ""),
        online_url=data.get("online_url", ""),
        time_zone=data["time_zone"],
        start_date=day,
        start_time=start,
        end_time=end,
        languages=data["languages"],
        partner=Partner.objects.filter(
            locale=index.locale, acronym=data["partner"]
        ).first(),
        capacity=data["capacity"],
        max_seats_per_booking=data.get("max_seats_per_booking", 1),
        reported_attendance=data.get("reported_attendance"),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_person(key: str):
    """A fictional, verified person who cannot log in (no usable password)."""
    from allauth.account.models import EmailAddress

    first, last, organisation = PEOPLE[key]
    email = f"{key}.demo@example.org"
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        user = get_user_model().objects.create_user(
            email,
            password=None,
            first_name=first,
            last_name=last,
            full_name=f"{first} {last}",
            organisation=organisation,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def book(page: WorkshopPage, user, seats: int) -> None:
    """Book through the rules; several seats carry made-up colleagues' names."""
    names: Sequence[str] = ()
    if seats > 1:
        names = [user.get_full_name(), *COLLEAGUES[: seats - 1]]
    services.book_seats(page, user, seats, names, language="en")


def silence_demo_emails(people) -> None:
    """Mark the demo people's booking emails as handled: they are fictional."""
    Notification.objects.filter(
        booking__user__in=list(people), sent_at__isnull=True
    ).update(sent_at=timezone.now(), last_error="demo person: not sent")
