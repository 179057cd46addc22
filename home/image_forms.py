"""The admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``): Wagtail's,
with the pixel limit counted over every frame of an animation.

Wagtail multiplies width, height and frame count, but its Pillow plugin
(Willow) always reports one frame, so an animated GIF or WebP of a hundred
large frames passes ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` as if it had one.
"""

import PIL.Image
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.images.forms import BaseImageForm


def frames_and_size(file) -> tuple[int, int, int]:
    """(frames, width, height) of the image in ``file``, read by Pillow."""
    file.seek(0)
    try:
        with PIL.Image.open(file) as image:
            return getattr(image, "n_frames", 1), image.width, image.height
    finally:
        file.seek(0)


class ImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        if not isinstance(file, UploadedFile) or not limit:
            return file  # unchanged on edit, or no limit
        frames, width, height = frames_and_size(file)
        pixels = frames * width * height
        if pixels > limit:
            raise ValidationError(
                _(
                    "This image has too many pixels: %(frames)s frames of "
                    "%(width)s × %(height)s make %(pixels)s, and the limit is "
                    "%(limit)s. Upload a shorter or smaller animation."
                )
                % {
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "pixels": number_format(pixels, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
                code="file_too_many_pixels",
            )
        return file
