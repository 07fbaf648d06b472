"""Validate a SEN2 file against ``schema/sen2.xsd`` (casework's XSD written from the spec; see the
comment at the top of the XSD for what it does and does not enforce).

The whole document is parsed so that every error is reported, not just the first: memory is about
proportional to the file (lxml holds the tree). The parser does not resolve external entities or
touch the network.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMA_PATH = Path(__file__).with_name("schema") / "sen2.xsd"
# One compiled schema, shared; its error_log belongs to the last validate() call, hence the lock.
_lock = threading.Lock()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), _parser()))


def validate(source: str | os.PathLike[str] | bytes) -> list[str]:
    """Errors found validating ``source`` (a file path, or the file's bytes) against the XSD, each
    ``"line N: message"``; an empty list when the file is valid. A file that is not well-formed XML
    gives its parse error the same way."""
    try:
        if isinstance(source, bytes):
            document = etree.fromstring(source, _parser()).getroottree()
        else:
            document = etree.parse(os.fspath(source), _parser())
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    checker = schema()
    with _lock:
        if checker.validate(document):
            return []
        return [f"line {error.line}: {error.message}" for error in checker.error_log]
