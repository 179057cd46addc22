"""Demo content for the checklist: the checklist page under the countries
index, and steps written from what the project knows.

Country steps only repeat what the newsletter says of each One Stop Shop's
network (Brazil's SINE, PRONATEC, SENAC and CRAS; Chile's work with
ChileValora; Paraguay's agreements with the office for repatriated citizens
and the ministry of labour). Steps that hold for most returns (passports,
school records, proof of work) are marked as general advice.

The steps are made with the checklist page, once: when a checklist page
exists nothing is done, so steps an editor changed or deleted stay so.
"""

from wagtail.models import Locale

from countries.models import CountryIndexPage, NeedCategory, ResourceOrganisation

from .models import ChecklistPage, ChecklistStep

BEFORE = ChecklistStep.Phase.BEFORE
JOURNEY = ChecklistStep.Phase.JOURNEY
ARRIVAL = ChecklistStep.Phase.ARRIVAL
S = ChecklistStep.Situation

PAGE = {
    "title": "My pre-return checklist",
    "slug": "checklist",
    "introduction": "Choose the country you are going back to, what you need "
    "help with and your situation: you get a list of what to do before "
    "leaving, for the journey and in the first weeks, with who can help and "
    "the documents to bring.",
    "listing_summary": "A personal list of what to prepare before going back, "
    "with who helps in your country.",
}

STEPS = [
    {
        "title": "Tell the One Stop Shop you are coming",
        "text": "Write to or call the One Stop Shop of the country you are "
        "returning to before you leave. It can tell you which organisations "
        "help with what you need and what to prepare.",
        "phase": BEFORE,
        "sort_order": 10,
    },
    {
        "title": "Check your passport and identity papers",
        "text": "Make sure your passport and identity card are valid for the "
        "journey and for the first months after it, and those of everyone "
        "travelling with you. Renewing them can take weeks: start early.",
        "documents": "Passport\nNational identity card\nBirth certificates",
        "phase": BEFORE,
        "sort_order": 20,
        "is_general": True,
    },
    {
        "title": "Gather proof of your work experience",
        "text": "Ask your employers for letters that say what you did and for "
        "how long, and keep your contracts and payslips. They help you find "
        "work and get your skills recognised.",
        "documents": "Employment contracts\nLetters from employers\nPayslips\n"
        "Certificates of the courses you took",
        "phase": BEFORE,
        "sort_order": 30,
        "needs": ["employment", "training", "qualification-recognition"],
        "is_general": True,
    },
    {
        "title": "Ask the school for your children's records",
        "text": "Ask each school for your children's reports and a certificate "
        "of the years they completed. Ask the One Stop Shop how schools in "
        "your country accept them: some papers may need to be legalised.",
        "documents": "School reports\nCertificates of the school years completed",
        "phase": BEFORE,
        "sort_order": 40,
        "situation": S.SCHOOL,
        "is_general": True,
    },
    {
        "title": "Write down your business plan",
        "text": "Put your idea, what you need to start and what it costs on "
        "paper. The One Stop Shop can point you to the organisations that "
        "help people start a business.",
        "phase": BEFORE,
        "sort_order": 50,
        "situation": S.BUSINESS,
        "needs": ["business-start-up"],
        "is_general": True,
    },
    {
        "title": "Keep your documents with you",
        "text": "Carry your papers and copies of them in your hand luggage, not "
        "in the checked bags, and keep a copy somewhere you can reach online.",
        "phase": JOURNEY,
        "sort_order": 10,
        "is_general": True,
    },
    {
        "title": "Visit the One Stop Shop",
        "text": "In your first weeks, visit or call the One Stop Shop. Bring "
        "this checklist: it shows what you need, so the team can refer you to "
        "the right organisations.",
        "phase": ARRIVAL,
        "sort_order": 10,
    },
    {
        "title": "Ask about certifying your skills with ChileValora",
        "text": "The Chile One Stop Shop works with ChileValora on a way to "
        "certify the skills people gained working abroad. Ask the One Stop "
        "Shop whether you can take part, and bring proof of your experience.",
        "documents": "Proof of your work experience abroad",
        "phase": ARRIVAL,
        "sort_order": 20,
        "country": "CL",
        "needs": ["qualification-recognition", "employment"],
        "organisation": ("CL", "ChileValora"),
    },
    {
        "title": "Look for work through SINE",
        "text": "SINE, Brazil's national employment system, is part of the One "
        "Stop Shop's network. Ask the One Stop Shop how to use it to find job "
        "offers.",
        "phase": ARRIVAL,
        "sort_order": 20,
        "country": "BR",
        "needs": ["employment"],
        "organisation": ("BR", "Sistema Nacional de Emprego"),
    },
    {
        "title": "Ask about vocational courses",
        "text": "In Brazil, PRONATEC and SENAC, in the One Stop Shop's network, "
        "offer training to learn a trade. Ask which courses are open to you.",
        "phase": ARRIVAL,
        "sort_order": 30,
        "country": "BR",
        "needs": ["training"],
    },
    {
        "title": "Find your social assistance centre (CRAS)",
        "text": "The social assistance reference centres (CRAS) are where "
        "families in Brazil ask for social support. The One Stop Shop can tell "
        "you which one is yours.",
        "phase": ARRIVAL,
        "sort_order": 40,
        "country": "BR",
        "needs": ["social-assistance"],
        "organisation": ("BR", "Centro de Referência da Assistência Social"),
    },
    {
        "title": "Ask about the support for repatriated citizens",
        "text": "The Paraguay One Stop Shop has an agreement with the "
        "government office for citizens who come back. Before leaving, ask "
        "the One Stop Shop what support it offers on arrival.",
        "phase": BEFORE,
        "sort_order": 15,
        "country": "PY",
        "organisation": (
            "PY",
            "Secretaría de Desarrollo para Repatriados y Refugiados Connacionales",
        ),
    },
    {
        "title": "Ask the ministry of labour about work and training",
        "text": "The One Stop Shop also has an agreement with Paraguay's "
        "ministry of labour, which runs employment services and job training.",
        "phase": ARRIVAL,
        "sort_order": 20,
        "country": "PY",
        "needs": ["employment", "training"],
        "organisation": ("PY", "Ministerio de Trabajo, Empleo y Seguridad Social"),
    },
]


def load() -> ChecklistPage | None:
    """The checklist page and its steps, once (the section is the editors'
    afterwards: nothing is done when a checklist page exists)."""
    existing = ChecklistPage.objects.first()
    if existing is not None:
        return existing
    index = CountryIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        return None
    for data in STEPS:
        ensure_step(data)
    page = ChecklistPage(show_in_menus=False, **PAGE)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_step(data: dict) -> ChecklistStep:
    locale = Locale.get_default()
    existing = ChecklistStep.objects.filter(locale=locale, title=data["title"]).first()
    if existing is not None:
        return existing
    fields = {k: v for k, v in data.items() if k not in {"needs", "organisation"}}
    if "organisation" in data:
        country, name = data["organisation"]
        fields["organisation"] = ResourceOrganisation.objects.filter(
            locale=locale, country_id=country, name=name
        ).first()
    country = fields.pop("country", None)
    step = ChecklistStep(locale=locale, country_id=country, **fields)
    step.save()
    step.needs.set(
        NeedCategory.objects.filter(locale=locale, slug__in=data.get("needs", []))
    )
    step.save()
    return step
