"""Generated blocks in the docs: the text between a start and an end marker is rewritten by
a command (bench, eval); everything outside the markers is the authors' and stays."""

from __future__ import annotations

from pathlib import Path


def replace_marked_block(path: Path, start: str, end: str, body: str, *, heading: str = "") -> None:
    """Put `body` between the markers of `path`; append the block (after `heading`, when
    given) when the markers are missing; create the file if needed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        lead = f"\n\n{heading}\n\n" if heading else ("\n\n" if text.strip() else "")
        text = text.rstrip() + lead + block + "\n"
    path.write_text(text, encoding="utf-8")
