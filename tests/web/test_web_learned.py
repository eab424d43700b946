"""Learned hits show as "possible violation" in the queue and on the case page."""

from __future__ import annotations

import re

from liveguard.alerts.ingestion import ingest_events
from liveguard.contracts import (
    Family,
    Finding,
    FindingEvent,
    FoundBy,
    Segment,
    Severity,
    StreamMeta,
    make_finding_id,
)
from tests.web.conftest import PASSWORD, sign_in


def _learned_event() -> FindingEvent:
    text = "我姨喝了一个月，血糖就下来了"
    segment = Segment(
        stream_id="room-l",
        utterance_id="room-l:0",
        seq_start=0,
        seq_end=3,
        text=text,
        t_start=0.0,
        t_end=4.0,
    )
    finding = Finding(
        finding_id=make_finding_id("room-l", "learned:efficacy", 0, 0),
        rule_id="ZH-EFF-DISEASE",
        family=Family.EFFICACY,
        severity=Severity.HIGH,
        message="疾病治疗功效宣传",
        legal_basis=("CN-AD-17",),
        suggestion="不得宣传疾病治疗作用",
        matched_text=text,
        start=0,
        end=len(text),
        stream_id="room-l",
        utterance_id="room-l:0",
        rule_pack_version="zh-test",
        detector=FoundBy.LEARNED,
        detector_version="claims-test",
        detail="learned efficacy score 0.99; nearest rule ZH-EFF-DISEASE, example: 降血糖",
    )
    return FindingEvent(
        stream=StreamMeta(stream_id="room-l", host_id="host-l", merchant_id="m-acme"),
        finding=finding,
        segment=segment,
    )


def test_learned_case_is_a_possible_violation_in_queue_and_case_page(web_app, client, seeded):
    with web_app.state.sessionmaker() as session:
        ingest_events(session, [_learned_event()], web_app.state.settings)
        session.commit()
    sign_in(client, "mod", PASSWORD)
    queue = client.get("/ui/queue").text
    row = re.search(r'<tr class="case[^"]*" data-case-id="(\d+)".*?</tr>', queue, re.S)
    assert row is not None
    learned_rows = [
        m.group(0)
        for m in re.finditer(r"<tr class=\"case.*?</tr>", queue, re.S)
        if "ZH-EFF-DISEASE" in m.group(0) and "badge possible" in m.group(0)
    ]
    assert len(learned_rows) == 1
    case_id = re.search(r'data-case-id="(\d+)"', learned_rows[0])
    assert case_id is not None
    page = client.get(f"/ui/cases/{case_id.group(1)}").text
    assert "badge possible" in page
    assert "nearest rule ZH-EFF-DISEASE" in page
    # a rule case is not marked
    other = client.get(f"/ui/cases/{seeded.case_ids[0]}").text
    assert "badge possible" not in other
