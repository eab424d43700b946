"""Reading a ``--catalog`` file (JSON or YAML, schema ``liveguard.contracts.CatalogFile``)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from liveguard.contracts import CatalogFile, ProductContext
from liveguard.errors import InputError


def load_catalog(path: str | Path) -> list[ProductContext]:
    """Products from a catalog file; any problem is one clear ``InputError`` line."""
    p = Path(path)
    try:
        raw_text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"catalog {p}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"catalog {p}: not UTF-8 text") from exc
    except OSError as exc:
        raise InputError(f"catalog {p}: cannot read ({exc.strerror})") from exc
    try:
        data = json.loads(raw_text) if p.suffix.lower() == ".json" else yaml.safe_load(raw_text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"catalog {p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}: {first}"
        ) from exc
    if isinstance(data, list):
        data = {"products": data}
    try:
        catalog = CatalogFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "-"
        raise InputError(f"catalog {p}: {loc}: {err['msg']}") from exc
    return list(catalog.products)
