from django.urls import path

from . import certificate_views, views

app_name = "workshops"

urlpatterns = [
    path("workshops/<uuid:key>/book/", views.book, name="book"),
    path("certificates/", certificate_views.lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", certificate_views.verify, name="certificate"),
]
