from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/<uuid:key>/book/", views.book, name="book"),
]
