"""Images for the demo content, drawn with Pillow (nothing is downloaded)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model

PALETTE = ["#0a5c66", "#063f46", "#1f7a6d", "#2d4a53", "#d9822b", "#7a9e9f", "#f5b94a"]


def draw_landscape(seed: int, size: tuple[int, int] = (1600, 900)) -> Image.Image:
    """A calm abstract landscape (sky, sun, hills); the same picture for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    width, height = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    top, bottom = (6, 63, 70), (31, 122, 109)
    for y in range(height):
        t = y / height
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y, radius = (
        rng.randint(width // 5, 4 * width // 5),
        height // 3,
        height // 8,
    )
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius],
        fill=PALETTE[-1],
    )
    for layer in range(3):
        base = int(height * (0.55 + 0.15 * layer))
        points = [(0, height)]
        points += [
            (x, base + rng.randint(-height // 12, height // 12))
            for x in range(0, width + 80, 80)
        ]
        points.append((width, height))
        draw.polygon(points, fill=PALETTE[(seed + layer) % 4])
    return img


# Partner logos show 48 CSS px high (templates/components/footer_partners.html):
# drawn three times that, they stay sharp on 2x and 3x screens.
LOGO_HEIGHT = 144


def draw_word_mark(text: str, seed: int, height: int = LOGO_HEIGHT) -> Image.Image:
    """A plain logo: the acronym beside a coloured band, the canvas as wide as
    the word needs (a long acronym is never cut off)."""
    font = ImageFont.load_default(size=round(height * 0.5))
    left, top, right, bottom = font.getbbox(text)
    band, gap, margin = round(height * 0.2), round(height * 0.18), round(height * 0.15)
    width = band + gap + (right - left) + margin
    img = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, band, height], fill=PALETTE[seed % len(PALETTE)])
    y = (height - (bottom - top)) / 2 - top
    draw.text((band + gap - left, y), text, fill="#1b1f23", font=font)
    return img


def redraw_small_logos(images, draw_for) -> int:
    """Demo logos drawn before they were LOGO_HEIGHT high, drawn again in
    place (an existing demo site gets sharp logos too); how many."""
    redrawn = 0
    for image in images:
        if image.height >= LOGO_HEIGHT:
            continue
        buffer = io.BytesIO()
        draw_for(image).save(buffer, format="PNG")
        name = image.file.name.rsplit("/", 1)[-1]
        image.renditions.all().delete()
        image.file.delete(save=False)
        image.file = ImageFile(buffer, name=name)
        image._set_image_file_metadata()  # size, hash and dimensions, as on upload
        image.save()
        redrawn += 1
    return redrawn


def get_or_create_image(title: str, description: str, draw, filename: str):
    """The Wagtail image called ``title``; ``draw()`` makes its picture the first time only."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    fmt = "PNG" if filename.endswith(".png") else "JPEG"
    draw().save(buffer, format=fmt, quality=85)
    image = image_model(title=title, description=description)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image
