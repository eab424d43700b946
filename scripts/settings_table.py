"""Print the README's configuration table from the Settings model (field docstrings).

Run ``python scripts/settings_table.py`` after adding a setting and paste the output into
README.md; tests/core/test_core_settings.py fails while a setting is undocumented.
"""

from __future__ import annotations

from liveguard.settings import Settings


def main() -> None:
    print("| variable | default | meaning |")
    print("|---|---|---|")
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "(computed)"
        else:
            default = str(
                field.default.get_secret_value()
                if hasattr(field.default, "get_secret_value")
                else field.default
            )
        doc = (field.description or "").replace("\n", " ").replace("|", "\\|")
        print(f"| `LIVEGUARD_{name.upper()}` | `{default}` | {doc} |")


if __name__ == "__main__":
    main()
