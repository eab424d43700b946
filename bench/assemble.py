"""Assemble BENCHMARKS.md from bench/results/*.md.

Each benchmark script (or its author, from what the script printed) writes its own results
file; the summary table is kept by hand in bench/results/summary.md. Run after any benchmark:
``python bench/assemble.py``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SECTIONS = (
    ("rules", "Rules"),
    ("asr", "Speech recognition"),
    ("pipeline", "Kafka pipeline"),
    ("api", "Alerts API"),
    ("learned", "Learned claim detection"),
    ("blind_round2", "Blind sets of round 2"),
)


def _demote(body: str) -> str:
    """Drop a file's own title and push its headings one level down."""
    lines = body.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join("#" + line if line.startswith("#") else line for line in lines).strip()


def assemble() -> str:
    parts = [(RESULTS / "summary.md").read_text(encoding="utf-8").strip()]
    for name, title in SECTIONS:
        body = (RESULTS / f"{name}.md").read_text(encoding="utf-8")
        parts.append(f"## {title} (bench/results/{name}.md)\n\n{_demote(body)}")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    (ROOT / "BENCHMARKS.md").write_text(assemble(), encoding="utf-8")
