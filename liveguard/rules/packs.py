"""Loading rule packs from YAML, with errors that name the file, the rule and the field."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from liveguard.errors import RulePackError
from liveguard.rules.legal import legal_basis_table
from liveguard.rules.schema import Pack, Rule
from liveguard.rules.soundalike import LEXICON_FILE as SOUNDALIKE_FILE
from liveguard.rules.soundform import CONFUSIONS_FILE

logger = logging.getLogger(__name__)

BUILTIN_PACKS = Path(__file__).with_name("packs")


def _rule_id_at(raw: Any, loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        try:
            return str(raw["rules"][loc[1]].get("id", f"#{loc[1]}"))
        except (KeyError, IndexError, TypeError, AttributeError):
            return f"#{loc[1]}"
    return "-"


def load_pack(path: Path) -> Pack:
    """Read and validate one pack file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulePackError(f"{path}: cannot read pack: {exc}") from exc
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        if not loc:  # the pack as a whole (its fragments): the message names what is wrong
            raise RulePackError(f"{path}: {err['msg'].removeprefix('Value error, ')}") from exc
        field = ".".join(str(p) for p in loc[2:]) or ".".join(str(p) for p in loc) or "-"
        rule_id = _rule_id_at(raw, loc)
        raise RulePackError(f"{path}: rule {rule_id}: field {field}: {err['msg']}") from exc
    known = legal_basis_table()
    for rule in pack.rules:
        if rule.family != pack.family:
            raise RulePackError(
                f"{path}: rule {rule.id}: field family: {rule.family} in a {pack.family} pack"
            )
        for ref in rule.legal_basis:
            if ref not in known:
                raise RulePackError(f"{path}: rule {rule.id}: field legal_basis: unknown id {ref}")
    return pack


def pack_files(language: str, extra_dirs: Iterable[Path] = ()) -> list[Path]:
    files = sorted((BUILTIN_PACKS / language).glob("*.yaml"))
    for extra in extra_dirs:
        files.extend(sorted((extra / language).glob("*.yaml")))
    return files


def load_rules(language: str, extra_dirs: Iterable[Path] = ()) -> tuple[list[Rule], str]:
    """All rules of a language and the combined pack version every finding records."""
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    digest = hashlib.sha256()
    versions: list[str] = []
    for path in pack_files(language, extra_dirs):
        pack = load_pack(path)
        digest.update(path.read_bytes())
        versions.append(pack.version)
        for rule in pack.rules:
            if rule.id in seen:
                raise RulePackError(
                    f"{path}: rule {rule.id}: field id: duplicate of {seen[rule.id]}"
                )
            seen[rule.id] = path
            rules.append(rule)
    if not rules:
        raise RulePackError(f"no rule packs for language {language!r}")
    if language == "zh":  # the sound-alike lexicon and the confusion table change what the
        digest.update(SOUNDALIKE_FILE.read_bytes())  # packs find, so they count
        digest.update(CONFUSIONS_FILE.read_bytes())
    version = f"{language}-{max(versions)}+{digest.hexdigest()[:8]}"
    logger.info("loaded %d %s rules, pack version %s", len(rules), language, version)
    return rules, version
