"""Maintain the bundled data: number evidence paragraphs, format the files, write the manifest.

It also writes ``schema.json``, the JSON Schema of the files, generated from the model.
Run after editing any file under ``src/syria_is_2024/data``::

    python tools/build_data.py [--article PATH]

It locates each evidence quote in the article to fill in (or correct) its paragraph number,
rewrites the data files in one canonical format, and writes ``manifest.json`` with the
package version, the schema version and the SHA-256 and record count of every file. It fails,
naming the record, when a quote is not in the article.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from syria_is_2024._version import __version__  # noqa: E402
from syria_is_2024.evidence import locate, paragraphs  # noqa: E402
from syria_is_2024.layout import DATA_FILES, MANIFEST, SCHEMA_VERSION  # noqa: E402
from syria_is_2024.schema import SCHEMA  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from json_schema import json_schema  # noqa: E402

DATA = ROOT / "src" / "syria_is_2024" / "data"
DEFAULT_ARTICLE = ROOT.parent / "shared" / "source" / "article.txt"


def _number_evidence(value: Any, numbered: list[str], where: str, missing: list[str]) -> None:
    if isinstance(value, dict):
        if "quote" in value and isinstance(value["quote"], str):
            found = locate(value["quote"], numbered)
            if found is None:
                missing.append(f"{where}: {value['quote']!r}")
            else:
                value["paragraph"] = found
        for child in value.values():
            _number_evidence(child, numbered, where, missing)
    elif isinstance(value, list):
        for child in value:
            _number_evidence(child, numbered, where, missing)


def _dump(value: Any) -> bytes:
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> int:
    """Rebuild the data files' paragraph numbers, formatting and manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--article", type=Path, default=Path(os.environ.get("SYRIA_IS_ARTICLE", DEFAULT_ARTICLE))
    )
    args = parser.parse_args()
    article = args.article.read_bytes()
    numbered = paragraphs(article.decode("utf-8"))
    missing: list[str] = []
    files = []
    for name in DATA_FILES:
        path = DATA / name
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data if isinstance(data, list) else [data]
        for record in records:
            _number_evidence(record, numbered, f"{name} {record.get('id')!r}", missing)
        raw = _dump(data)
        path.write_bytes(raw)
        files.append(
            {"name": name, "sha256": hashlib.sha256(raw).hexdigest(), "records": len(records)}
        )
    if missing:
        print(f"{len(missing)} quote(s) are not in the article:", *missing, sep="\n  ")
        return 1
    source = json.loads((DATA / "source.json").read_text(encoding="utf-8"))
    if source["sha256"] != hashlib.sha256(article).hexdigest():
        print("source.json's sha256 is not the article's")
        return 1
    manifest = {
        "name": "syria-is-2024",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "article_sha256": source["sha256"],
        "files": files,
    }
    (DATA / MANIFEST).write_bytes(_dump(manifest))
    (DATA / SCHEMA).write_bytes(_dump(json_schema()))
    print(
        f"manifest.json written for version {__version__}: "
        + ", ".join(f"{f['name']} {f['records']}" for f in files)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
