"""The public verification of attendance certificates.

``/<lang>/certificates/`` asks for a code (GET form) and sends to
``/<lang>/certificates/<code>/``, which confirms a valid certificate's name,
workshop and date (only those), says when one is revoked or no longer
confirmable, and answers 404 with a clear message for an unknown or
malformed code. Never cached, never indexed: the page names a person.
"""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from home.http import SeeOther
from home.i18n import current_language

from . import certificates
from .forms import CertificateCodeForm


@never_cache
@require_GET
def lookup(request):
    """The form to type a code; a code that can be one goes to its page."""
    form = CertificateCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return SeeOther(certificates.verification_path(form.cleaned_data["code"]))
    return TemplateResponse(
        request,
        "workshops/certificate_lookup.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_GET
def verify(request, code: str):
    """What the certificate with ``code`` states, or a 404 that says so."""
    certificate = certificates.find_certificate(code)
    context = {"form": CertificateCodeForm(), "code": code[:40]}
    if certificate is None:
        context["malformed"] = certificates.normalise_code(code) is None
        return TemplateResponse(
            request, "workshops/certificate.html", context, status=404
        )
    context["certificate"] = certificate
    if certificate.is_valid:
        context["facts"] = certificates.facts(certificate, current_language())
    return TemplateResponse(request, "workshops/certificate.html", context)


def pdf_download(certificate) -> HttpResponse:
    """The certificate's PDF as a download (the booker's and the
    coordinator's); 404 when it can no longer be drawn (revoked, no name)."""
    try:
        pdf = certificates.certificate_pdf(certificate)
    except certificates.CertificateError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = certificates.pdf_filename(certificate)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
