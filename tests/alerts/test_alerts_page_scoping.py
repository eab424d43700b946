"""Pages see what the API lets the same user see: merchant scoping and the moderators' audit.

A host who works for two merchants must not carry one merchant's cases onto the other's case
page, and a merchant must not read the moderators' names or reasons the audit API refuses it.
"""

from __future__ import annotations

from liveguard.alerts.crud import cases
from liveguard.alerts.ingestion import ingest_events
from liveguard.alerts.models import Case


def _two_merchants_one_host(api, events, settings) -> tuple[int, int]:
    app = api.client.app
    with app.state.sessionmaker() as s:
        ingest_events(
            s,
            [
                events.finding(stream_id="s-a", merchant="m-1", host="h-shared"),
                events.finding(
                    stream_id="s-b", merchant="m-2", host="h-shared", rule_id="zh.other.rule"
                ),
            ],
            settings,
        )
        mine = s.query(Case).filter_by(merchant_id="m-1").one().id
        theirs = s.query(Case).filter_by(merchant_id="m-2").one().id
    return mine, theirs


def test_merchant_case_page_shows_no_other_merchants_cases(api, events, settings, sign_in):
    mine, theirs = _two_merchants_one_host(api, events, settings)
    merchant = sign_in(api.client.app, "merchant")
    html = merchant.get(f"/ui/cases/{mine}").text
    assert "h-shared" in html  # the page rendered the case itself
    assert f"/ui/cases/{theirs}" not in html
    assert "zh.other.rule" not in html
    assert "m-2" not in html
    # the API agrees: the other case does not exist for this merchant
    assert api.client.get(f"/api/cases/{theirs}", headers=api.as_("merchant")).status_code == 404
    # a moderator still sees the host's whole history
    moderator = sign_in(api.client.app, "moderator")
    assert f"/ui/cases/{theirs}" in moderator.get(f"/ui/cases/{mine}").text


def test_merchant_case_page_hides_moderators_names_and_reasons(api, events, settings, sign_in):
    mine, _ = _two_merchants_one_host(api, events, settings)
    with api.client.app.state.sessionmaker() as s:
        from liveguard.alerts.crud import users

        mod = users.get_user(s, "moderator2")
        assert mod is not None
        cases.claim_case(s, mine, mod, 600)
        cases.decide_case(s, mine, mod, "escalate", "internal-note-about-the-host")
    assert (
        api.client.get(f"/api/cases/{mine}/audit", headers=api.as_("merchant")).status_code == 403
    )
    merchant_html = sign_in(api.client.app, "merchant").get(f"/ui/cases/{mine}").text
    assert "internal-note-about-the-host" not in merchant_html
    assert "moderator2" not in merchant_html
    moderator_html = sign_in(api.client.app, "moderator").get(f"/ui/cases/{mine}").text
    assert "internal-note-about-the-host" in moderator_html
    assert "moderator2" in moderator_html
