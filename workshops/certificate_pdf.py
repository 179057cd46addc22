"""The attendance certificate drawn as a PDF with fpdf2 (pure Python).

``draw(facts)`` lays out one A4 landscape page in the active language. The
font is DejaVu Sans, shipped in ``workshops/fonts`` (licence beside it) and
embedded (subset) in each PDF, so every name prints, accents and all, and
the PDF's text can be searched and copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

if TYPE_CHECKING:
    from .certificates import Facts

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
INK = (33, 37, 41)
ACCENT = (0, 84, 147)
MUTED = (90, 96, 102)


def _line(pdf: FPDF, text: str, size: float, *, bold=False, colour=INK, gap=0.0):
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if gap:
        pdf.ln(gap)


def draw(facts: Facts) -> bytes:
    """One certificate page stating ``facts``, as PDF bytes."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(gettext("Certificate of attendance"))
    pdf.set_author("One Stop Shops")
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    pdf.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_y(28)
    _line(pdf, gettext("One Stop Shops"), 13, colour=MUTED, gap=8)
    _line(
        pdf, gettext("Certificate of attendance"), 28, bold=True, colour=ACCENT, gap=10
    )
    _line(pdf, gettext("This certifies that"), 13, gap=4)
    _line(pdf, facts.name, 24, bold=True, gap=6)
    _line(pdf, gettext("attended the workshop"), 13, gap=4)
    _line(pdf, facts.title, 18, bold=True, gap=4)
    _line(
        pdf,
        gettext("%(date)s · %(hours)s") % {"date": facts.date, "hours": facts.hours},
        13,
        gap=4,
    )
    if facts.partner:
        _line(
            pdf,
            gettext("Organised by %(partner)s") % {"partner": facts.partner},
            13,
        )
    pdf.set_y(pdf.h - 42)
    _line(
        pdf,
        gettext("Verification code: %(code)s") % {"code": facts.code},
        11,
        bold=True,
        gap=1,
    )
    _line(
        pdf,
        gettext("Check this certificate at %(url)s") % {"url": facts.verification_url},
        10,
        colour=MUTED,
    )
    return bytes(pdf.output())
