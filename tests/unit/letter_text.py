"""Test helpers: the visible text of a rendered letter, and Flesch reading ease."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "dt", "dd", "br", "div", "section", "ul", "dl", "header", "main"}
HIDDEN = {"head", "style", "title", "script"}


class _Text(HTMLParser):
    def __init__(self, only: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.only, self.inside, self.hidden = only, only is None, 0
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        if tag == self.only:
            self.inside = True
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
        if tag == self.only:
            self.inside = False
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.inside and not self.hidden:
            self.blocks[-1] += data


def blocks(html: str, only: str | None = None) -> list[str]:
    """The text of each block (paragraph, heading, list item...), whitespace collapsed."""
    parser = _Text(only)
    parser.feed(html)
    return [b for b in (" ".join(b.split()) for b in parser.blocks) if b]


def text(html: str, only: str | None = None) -> str:
    return " ".join(blocks(html, only))


def syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e: "make", "plane"
    return max(count, 1)


def flesch_reading_ease(block_texts: list[str]) -> float:
    """206.835 - 1.015 (words / sentences) - 84.6 (syllables / words).

    Each block ends a sentence (a heading has no full stop); web and email addresses are left out."""
    sentences = words = syllable_count = 0
    for block in block_texts:
        block = re.sub(r"\S*(@|www\.|://)\S*", " ", block)
        for sentence in re.split(r"[.!?:;]+(?:\s|$)", block):
            found = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", sentence)
            if found:
                sentences += 1
                words += len(found)
                syllable_count += sum(syllables(w) for w in found)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)
