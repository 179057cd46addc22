from wagtail.models import Locale, Page, Site
def test_a(demo_site):
    pass

def test_b(transactional_db, django_db_serialized_rollback, live_server):
    print("LOCALES", list(Locale.objects.all()), Page.objects.count(), Site.objects.count())
