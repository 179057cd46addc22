"""The pixel limit on uploads counts every frame of an animated image."""

import io

import PIL.Image
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

SIDE = 200  # 40,000 pixels a frame
LIMIT = SIDE * SIDE * 10  # ten frames' worth


def image_file(frames: int, image_format: str = "GIF") -> SimpleUploadedFile:
    pictures = [
        PIL.Image.new("RGB", (SIDE, SIDE), (index * 20 % 256, 80, 160))
        for index in range(frames)
    ]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, image_format, save_all=frames > 1, append_images=pictures[1:]
    )
    extension = image_format.lower()
    return SimpleUploadedFile(
        f"animation.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def upload(client, file):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Animation",
            "file": file,
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.fixture
def limited(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = LIMIT


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_an_animation_over_the_limit_is_refused(admin_client, limited, image_format):
    before = get_image_model().objects.count()
    response = upload(admin_client, image_file(11, image_format))
    assert response.status_code == 200  # the form again, with the error
    assert "11 frames of 200 × 200" in response.content.decode()
    assert get_image_model().objects.count() == before


@pytest.mark.parametrize("frames", [1, 10])
def test_an_image_within_the_limit_is_accepted(admin_client, limited, frames):
    before = get_image_model().objects.count()
    response = upload(admin_client, image_file(frames))
    assert response.status_code == 302
    assert get_image_model().objects.count() == before + 1
