"""Signed-out pages go gzip-compressed to browsers that accept it; signed-in
pages, streamed downloads and static files go as they are
(assessment/web/compression.py)."""

from __future__ import annotations

import gzip

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_signed_out_page_is_compressed_and_decompresses_to_the_same_page(client):
    plain = client.get("/about")
    packed = client.get("/about", headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
    unpacked = gzip.decompress(packed.data)
    # The same page but for the CSRF token of the language switch (a fresh one per session).
    assert unpacked.split(b'name="csrf_token"')[0] == plain.data.split(b'name="csrf_token"')[0]


def test_a_signed_in_page_is_never_compressed(signed_in):
    official = signed_in("compression@example.gov")
    page = official.get("/assessments", headers=GZIP)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Content-Encoding" not in page.headers
    assert b"<html" in page.data


def test_streamed_downloads_and_static_files_are_left_alone(client):
    csv = client.get("/data/scorecards.csv", headers=GZIP)
    csv.close()
    assert csv.status_code == 200 and "Content-Encoding" not in csv.headers
    css = client.get("/static/css/pdf.css", headers=GZIP)
    css.close()  # a static file is sent from an open file
    assert css.status_code == 200 and "Content-Encoding" not in css.headers


def test_a_posted_form_answer_is_not_compressed(client):
    # Refused for its missing CSRF token: whatever the answer, a POST's goes as it is.
    answer = client.post("/login", data={"email": "x@example.org", "password": "y"}, headers=GZIP)
    assert "Content-Encoding" not in answer.headers
