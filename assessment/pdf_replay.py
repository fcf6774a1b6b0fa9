"""The methodology appendix's pages, drawn once per process and replayed into
every scorecard PDF (assessment/pdf.py joins them after the scorecard's own).

The appendix is laid out once per process, but WeasyPrint still drew its
eleven pages glyph by glyph into every PDF written: 200 to 250 ms, a tenth
of a scorecard render. Drawing a laid-out page always gives the same result:
the same PDF operators, the same glyphs of the same fonts, the same
marked-content tags. So each page is drawn once into a scratch stream, and
every later write copies what that drawing produced into the page's real
stream: its operators, the glyphs it used (for the font subsets and text
extraction) and its tags (for the structure tree that WeasyPrint builds
afterwards, as for any page).

This reads WeasyPrint 70's stream internals (Stream.stream, _fonts, _tags,
_resources). A page whose drawing needs anything else (images, patterns,
gradients, transparency groups, blend modes) is not recorded and is drawn as
usual, and so is any write that differs from the recording (untagged, another
zoom). tests/unit/test_pdf.py checks that a PDF with replayed pages is byte for byte
the one WeasyPrint writes by drawing them.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import pydyf
from weasyprint.document import Page
from weasyprint.pdf.stream import Stream
from weasyprint.text.fonts import get_hb_object_data

# generate_pdf's scale: 72 PDF points per 96 CSS pixels, at zoom 1.
PDF_SCALE = 0.75
_SHARED_RESOURCES = ("XObject", "Pattern", "Shading")


@dataclass(frozen=True)
class FontUse:
    """The glyphs a page drew with one font, and the font as first drawn
    (shared by every page that used it), without its copy of the font file."""

    template: object  # weasyprint.pdf.fonts.Font, file_content None
    widths: dict
    to_unicode: dict
    missing: dict

    def add_to(self, fonts: dict, key) -> None:
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = _blank_copy(self.template)
        font.widths.update(self.widths)
        font.to_unicode.update(self.to_unicode)
        font.missing.update(self.missing)


@dataclass(frozen=True)
class PageDrawing:
    """What drawing one page put into its stream and the document's fonts."""

    scale: float
    operators: tuple
    tags: dict  # box -> {"tag", "mcid"}: WeasyPrint's marked-content records
    opacity_states: dict  # ExtGState name ("a1", "A0.5") -> its dictionary
    fonts: dict  # WeasyPrint's font key -> FontUse

    def replay(self, stream: Stream) -> None:
        stream.stream.extend(self.operators)
        stream._tags.update((box, dict(record)) for box, record in self.tags.items())
        for name, state in self.opacity_states.items():
            # Named after their opacity by Stream.set_alpha: same name, same state.
            stream._resources["ExtGState"].setdefault(name, pydyf.Dictionary(state))
        for key, use in self.fonts.items():
            use.add_to(stream._fonts, key)


def _blank_copy(template):
    """The font as a document's own: writing a PDF subsets it (and may set
    variations), which must not touch the recorded one. Its font file is read
    again, as Font() does: a worker need not keep a copy (3 MB) between PDFs."""
    fresh = copy.copy(template)
    fresh.widths, fresh.to_unicode, fresh.missing = {}, {}, {}
    fresh.variations = dict(template.variations)
    fresh.file_content = get_hb_object_data(template.hb_face)
    return fresh


def _template(font):
    template = copy.copy(font)
    template.file_content = None
    return template


def _is_opacity(state_name: str) -> bool:
    # Stream.set_alpha's names; other states are numbered in order of use.
    return state_name[:1] in ("a", "A")


def _page_rectangle(page: Page) -> tuple:
    # As weasyprint.pdf.generate_pdf computes it (the page box plus its bleed).
    bleed = page.bleed
    return (-bleed["left"], -bleed["top"], page.width + bleed["left"] + bleed["right"],
            page.height + bleed["top"] + bleed["bottom"])


def draw(page: Page, templates: dict, scale: float = PDF_SCALE) -> PageDrawing | None:
    """Draw the page into a scratch stream; None if it uses more than replay copies.
    `templates` collects the fonts drawn with, one per key, across pages."""
    resources = pydyf.Dictionary({name: pydyf.Dictionary() for name in ("ExtGState", *_SHARED_RESOURCES)})
    resources["ColorSpace"] = None
    fonts, images, tags = {}, {}, {}
    stream = Stream(fonts, _page_rectangle(page), resources, images, tags, {}, None)
    page.paint(stream, scale)
    states = resources["ExtGState"]
    if images or any(resources[name] for name in _SHARED_RESOURCES) or not all(map(_is_opacity, states)):
        return None
    uses = {}
    for key, font in fonts.items():
        if key not in templates:
            templates[key] = _template(font)
        uses[key] = FontUse(templates[key], font.widths, font.to_unicode, font.missing)
    return PageDrawing(scale, tuple(stream.stream), tags, dict(states), uses)


class ReplayedPage(Page):
    """A laid-out page that paints from its recorded drawing."""

    def __init__(self, page: Page, drawing: PageDrawing):
        # Not Page.__init__: it would gather the page's links and anchors again.
        self.__dict__.update(page.__dict__)
        self._drawing = drawing

    def paint(self, stream, scale=1):
        if stream._tags is None or stream._tags or scale != self._drawing.scale:
            super().paint(stream, scale)
        else:
            self._drawing.replay(stream)


def replayable(pages: list[Page]) -> list[Page]:
    """The pages, each replaying its drawing where it could be recorded."""
    drawn, templates = [], {}
    for page in pages:
        drawing = draw(page, templates)
        drawn.append(page if drawing is None else ReplayedPage(page, drawing))
    return drawn
