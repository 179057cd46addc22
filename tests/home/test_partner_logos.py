"""Partner logos: drawn large enough for 2x and 3x screens, the whole word on
the canvas, and served with a srcset."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image

from home.demo import PARTNERS, ensure_sharp_partner_logos
from home.demo_images import LOGO_HEIGHT, draw_word_mark
from home.models import Partner


@pytest.mark.parametrize("acronym", [p["acronym"] for p in PARTNERS] + ["FEDELATINAXX"])
def test_the_word_mark_keeps_its_whole_word_inside_the_canvas(acronym):
    logo = draw_word_mark(acronym, seed=1)
    assert logo.height == LOGO_HEIGHT >= 3 * 48
    grey = logo.convert("L")
    band = round(LOGO_HEIGHT * 0.2)
    # The text's ink: dark pixels right of the coloured band.
    ink = [
        x
        for x in range(band + 1, logo.width)
        for y in range(0, logo.height, 2)
        if grey.getpixel((x, y)) < 128
    ]
    assert ink, "no text drawn"
    # A clear margin on the right: the last letter is not cut off.
    assert logo.width - max(ink) >= LOGO_HEIGHT * 0.1


def test_footer_logos_have_a_srcset_for_sharp_screens(client, demo_content):
    html = client.get("/en/").content.decode()
    logos = re.findall(r'<img class="partner-list__logo"[^>]*>', html)
    assert len(logos) == Partner.objects.filter(locale__language_code="en").count() > 0
    for tag in logos:
        srcset = re.search(r'srcset="([^"]+)"', tag).group(1)
        assert [d.split()[-1] for d in srcset.split(", ")] == ["1x", "2x", "3x"]
        assert 'height="48"' in tag


def test_an_older_demo_sites_small_logos_are_drawn_again(demo_content):
    logo = Partner.objects.filter(acronym="FEDELATINA").first().logo
    # As the demo drew it before: 320 x 120, the word cut off.
    small = Image.new("RGB", (320, 120), "#ffffff")
    buffer = io.BytesIO()
    small.save(buffer, format="PNG")
    logo.file = ImageFile(buffer, name="logo-fedelatina.png")
    logo.save()
    assert logo.height == 120

    assert ensure_sharp_partner_logos() == 1
    logo.refresh_from_db()
    assert logo.height == LOGO_HEIGHT
    assert logo.width > 320
    assert ensure_sharp_partner_logos() == 0
