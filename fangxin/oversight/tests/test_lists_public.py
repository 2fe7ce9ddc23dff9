"""The red and black list in public: the pages and the open data show published publications
only (never a draft, never a removed entry), the legal representative only where the rule
publishes it, and the API has no write route."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fangxin.oversight import lists_services as lists
from fangxin.oversight.models.lists import ListEntry, ListPublication

from .conftest import AFTER_Q1

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(office, plant):
    """Q1 2026 published (a red holder, a black credit-listed operator whose rule publishes
    the legal representative, a removed entry); Q2 2026 a draft."""
    red = plant.title().operator
    black = plant.operator(legal_rep_name="王五")
    plant.credit_listing(black)
    removed = plant.title(plant.operator(name="被移除的红榜店")).operator
    published = lists.draft_lists(office, 2026, 1)
    lists.remove_entry(office, published.entries.get(operator=removed), "待核实")
    lists.approve(office, published)
    lists.publish(office, published, today=AFTER_Q1)
    drafted_only = plant.title(plant.operator(name="仅在草稿里的店")).operator
    draft = lists.draft_lists(office, 2026, 2)
    assert draft.entries.filter(operator=drafted_only).exists()
    return {"red": red, "black": black, "published": published, "draft": draft}


def test_the_public_pages_show_the_published_lists_only(client, world):
    body = client.get("/public/oversight/lists/").content.decode()
    assert world["red"].name in body and world["black"].name in body
    assert "王五" in body  # the credit-listing rule publishes the legal representative
    assert "张三" not in body  # the red rule does not (the factory's name)
    assert "被移除的红榜店" not in body and "仅在草稿里的店" not in body
    archive = client.get("/public/oversight/lists/archive/").content.decode()
    assert f"/public/oversight/lists/{world['published'].pk}/" in archive
    assert f"/public/oversight/lists/{world['draft'].pk}/" not in archive
    assert client.get(f"/public/oversight/lists/{world['published'].pk}/").status_code == 200
    assert client.get(f"/public/oversight/lists/{world['draft'].pk}/").status_code == 404
    assert client.get("/public/oversight/lists/999999/").status_code == 404


def test_the_front_door_links_the_lists(client, world):
    body = client.get("/").content.decode()
    assert 'href="/public/oversight/lists/"' in body


def test_no_lists_yet_says_so(client, db):
    assert "尚未发布红黑榜" in client.get("/public/oversight/lists/").content.decode()


def test_the_open_data_lists_published_publications_and_entries(client, world):
    answer = client.get("/api/v1/public/list-publications/")
    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == "*"
    (row,) = answer.json()["results"]
    assert row["id"] == world["published"].pk
    assert [e["operator_name"] for e in row["red"]] == [world["red"].name]
    assert [e["legal_representative"] for e in row["black"]] == ["王五"]
    assert client.get(f"/api/v1/public/list-publications/{world['draft'].pk}/").status_code == 404
    entries = client.get("/api/v1/public/list-entries/", {"list_kind": "black"}).json()
    assert [e["uscc"] for e in entries["results"]] == [world["black"].uscc]
    assert entries["results"][0]["period"] == world["published"].label
    every = client.get("/api/v1/public/list-entries/").json()["results"]
    names = {e["operator_name"] for e in every}
    assert "被移除的红榜店" not in names and "仅在草稿里的店" not in names
    etag = client.get("/api/v1/public/list-entries/")["ETag"]
    assert client.get("/api/v1/public/list-entries/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_open_data_downloads_as_xlsx(client, world):
    answer = client.get("/api/v1/public/list-entries/", {"format": "xlsx"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header = [c.value for c in sheet[1]]
    assert "uscc" in header and "reason" in header


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_write_route(client, office, world, method):
    client.force_login(office)
    publication = world["published"]
    entry = publication.entries.listed().first()
    for url in (
        "/api/v1/public/list-publications/",
        f"/api/v1/public/list-publications/{publication.pk}/",
        "/api/v1/public/list-entries/",
        f"/api/v1/public/list-entries/{entry.pk}/",
    ):
        answer = getattr(client, method)(url, {"label": "改"}, content_type="application/json")
        assert answer.status_code in (403, 405), (method, url, answer.status_code)
    assert ListPublication.objects.get(pk=publication.pk).label == publication.label
    assert ListEntry.objects.get(pk=entry.pk).reason == entry.reason
