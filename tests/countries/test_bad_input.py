"""Odd query strings on the need filter and the find-help page never cause a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ODD_VALUES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["BR", "br", "training", "TRAINING", "ES", "\x00", "'; --", "%", "ñandú", "🇧🇷"]
    ),
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@HYPOTHESIS
@given(need=ODD_VALUES, page=st.one_of(st.text(max_size=10), st.integers().map(str)))
def test_need_filter_never_fails_on_any_value(client, brazil_page, need, page):
    response = client.get(brazil_page.url, {"need": need, "page": page})
    assert response.status_code == 200
    assert "Who can help" in response.content.decode()


@HYPOTHESIS
@given(country=ODD_VALUES, need=ODD_VALUES)
def test_find_help_never_fails_on_any_value(client, find_help_page, country, need):
    response = client.get(find_help_page.url, {"country": country, "need": need})
    assert response.status_code == 200
    assert 'name="country"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?country=BR&country=XX&need=training",
        "?need[]=training",
        "?country=%00&need=%00",
        "?country=" + "B" * 5000,
    ],
)
def test_find_help_survives_repeated_and_malformed_parameters(
    client, find_help_page, query
):
    response = client.get(find_help_page.url + query)
    assert response.status_code == 200
