"""Every URL the project defines, for every role and for anonymous users, gets the status it should.

The URLs are walked from the URL configuration itself, so a new page or endpoint fails this test
until someone states in ``EXPECTED`` who may open it: no page can leak to a role by being forgotten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from qgov.core.roles import Role

ADMIN, COMPLIANCE, PROCUREMENT, STEWARD, RESEARCHER, AUDITOR = (
    Role.ADMINISTRATOR,
    Role.COMPLIANCE_OFFICER,
    Role.PROCUREMENT_OFFICER,
    Role.DATA_STEWARD,
    Role.RESEARCHER,
    Role.AUDITOR,
)
EVERY_ROLE = frozenset(Role)
LEDGER_READERS = frozenset({ADMIN, COMPLIANCE, AUDITOR})
PARTY_EDITORS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT})
EC_DECIDERS = frozenset({ADMIN, COMPLIANCE})
EC_READERS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT, AUDITOR})
CHECK_READERS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT, RESEARCHER, AUDITOR})
CHECK_REQUESTERS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT, RESEARCHER})
SCREENING_READERS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT, AUDITOR})
SCREENERS = frozenset({ADMIN, COMPLIANCE, PROCUREMENT})
ALERT_DECIDERS = frozenset({ADMIN, COMPLIANCE})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]  # who may open it; the others get 403 (anonymous: login redirect or 401/403)
    method: str = "get"  # POST-only endpoints are checked with an empty POST
    public: bool = False  # open to anyone, logged in or not
    post_data: tuple[tuple[str, str], ...] = ()


EXPECTED: dict[str, Rule] = {
    "dashboard": Rule(EVERY_ROLE),
    "healthz": Rule(EVERY_ROLE, public=True),
    "login": Rule(EVERY_ROLE, public=True),
    "logout": Rule(EVERY_ROLE, method="post", public=True),
    "account": Rule(EVERY_ROLE),
    # party registry
    "parties:party_list": Rule(EVERY_ROLE),
    "parties:party_detail": Rule(EVERY_ROLE),
    "parties:party_create": Rule(PARTY_EDITORS),
    "parties:party_edit": Rule(PARTY_EDITORS),
    "parties:party_delete": Rule(frozenset({ADMIN, COMPLIANCE})),
    "parties:party_import": Rule(PARTY_EDITORS),
    "parties:party_changes": Rule(LEDGER_READERS),
    "parties:relationship_add": Rule(PARTY_EDITORS, method="post"),
    "parties:relationship_remove": Rule(PARTY_EDITORS, method="post"),
    # ledger
    "ledger:entry_list": Rule(LEDGER_READERS),
    "ledger:entry_detail": Rule(LEDGER_READERS),
    "ledger:entry_receipt": Rule(LEDGER_READERS),
    "ledger:checkpoint_list": Rule(LEDGER_READERS),
    "ledger:checkpoint_sign": Rule(frozenset({ADMIN, COMPLIANCE}), method="post"),
    "ledger:verify": Rule(LEDGER_READERS),
    "ledger:export": Rule(LEDGER_READERS),
    "ledger:public_key": Rule(LEDGER_READERS),
    # API
    "api:api-root": Rule(EVERY_ROLE),
    "api:schema": Rule(EVERY_ROLE),
    "api:docs": Rule(EVERY_ROLE),
    "api:party-list": Rule(EVERY_ROLE),
    "api:party-detail": Rule(EVERY_ROLE),
    "api:party-import-file": Rule(PARTY_EDITORS, method="post"),
    "api:ledgerentry-list": Rule(LEDGER_READERS),
    "api:ledgerentry-detail": Rule(LEDGER_READERS),
    "api:ledgerentry-receipt": Rule(LEDGER_READERS),
    "api:checkpoint-list": Rule(LEDGER_READERS),
    "api:checkpoint-detail": Rule(LEDGER_READERS),
    "api:ledger-verification": Rule(LEDGER_READERS),
    "api:ledger-public-key": Rule(LEDGER_READERS),
    # export control
    "exportcontrol:item_list": Rule(EVERY_ROLE),
    "exportcontrol:item_create": Rule(PARTY_EDITORS),
    "exportcontrol:item_parameter_fields": Rule(PARTY_EDITORS),
    "exportcontrol:item_detail": Rule(EVERY_ROLE),
    "exportcontrol:item_edit": Rule(PARTY_EDITORS),
    "exportcontrol:item_changes": Rule(LEDGER_READERS),
    "exportcontrol:item_confirm": Rule(EC_DECIDERS, method="post"),
    "exportcontrol:item_override": Rule(EC_DECIDERS),
    "exportcontrol:item_reclassify": Rule(PARTY_EDITORS, method="post"),
    "exportcontrol:item_evidence_add": Rule(PARTY_EDITORS, method="post"),
    "exportcontrol:item_evidence_download": Rule(EVERY_ROLE),
    "exportcontrol:item_party_add": Rule(PARTY_EDITORS, method="post"),
    "exportcontrol:item_party_remove": Rule(PARTY_EDITORS, method="post"),
    "exportcontrol:licence_list": Rule(EC_READERS),
    "exportcontrol:licence_create": Rule(EC_DECIDERS),
    "exportcontrol:licence_detail": Rule(EC_READERS),
    "exportcontrol:licence_edit": Rule(EC_DECIDERS),
    "exportcontrol:licence_changes": Rule(LEDGER_READERS),
    "exportcontrol:check_list": Rule(CHECK_READERS),
    "exportcontrol:check_create": Rule(CHECK_REQUESTERS),
    "exportcontrol:check_detail": Rule(CHECK_READERS),
    "exportcontrol:check_decide": Rule(EC_DECIDERS),
    "exportcontrol:release_end": Rule(EC_DECIDERS, method="post"),
    "exportcontrol:release_reported": Rule(EC_DECIDERS, method="post"),
    "exportcontrol:report_743_8": Rule(EC_READERS),
    "exportcontrol:report_743_8_csv": Rule(EC_READERS),
    "exportcontrol:rulepacks": Rule(EC_READERS),
    "exportcontrol:rulepack_check_start": Rule(EC_DECIDERS, method="post"),
    "exportcontrol:rulepack_run": Rule(EC_READERS),
    "exportcontrol:task_list": Rule(EC_READERS),
    "exportcontrol:task_detail": Rule(EC_READERS),
    "exportcontrol:task_update": Rule(EC_DECIDERS, method="post"),
    "api:exportcontrol-item-list": Rule(EVERY_ROLE),
    "api:exportcontrol-item-detail": Rule(EVERY_ROLE),
    "api:exportcontrol-item-confirm": Rule(EC_DECIDERS, method="post"),
    "api:exportcontrol-item-override": Rule(EC_DECIDERS, method="post"),
    "api:exportcontrol-item-reclassify": Rule(PARTY_EDITORS, method="post"),
    "api:exportcontrol-proposal-list": Rule(EC_READERS),
    "api:exportcontrol-proposal-detail": Rule(EC_READERS),
    "api:exportcontrol-decision-list": Rule(EC_READERS),
    "api:exportcontrol-decision-detail": Rule(EC_READERS),
    "api:exportcontrol-licence-list": Rule(EC_READERS),
    "api:exportcontrol-licence-detail": Rule(EC_READERS),
    "api:exportcontrol-check-list": Rule(CHECK_READERS),
    "api:exportcontrol-check-detail": Rule(CHECK_READERS),
    "api:exportcontrol-check-decide": Rule(EC_DECIDERS, method="post"),
    "api:exportcontrol-task-list": Rule(EC_READERS),
    "api:exportcontrol-task-detail": Rule(EC_READERS),
    "api:exportcontrol-report-743-8": Rule(EC_READERS),
    # screening
    "screening:alert_list": Rule(SCREENING_READERS),
    "screening:alert_detail": Rule(SCREENING_READERS),
    "screening:alert_decide": Rule(ALERT_DECIDERS, method="post"),
    "screening:evidence_download": Rule(SCREENING_READERS),
    "screening:version_list": Rule(SCREENING_READERS),
    "screening:list_import": Rule(ALERT_DECIDERS),
    "screening:version_detail": Rule(SCREENING_READERS),
    "screening:entry_detail": Rule(SCREENING_READERS),
    "screening:run_list": Rule(SCREENING_READERS),
    "screening:run_start": Rule(ALERT_DECIDERS, method="post"),
    "screening:run_detail": Rule(SCREENING_READERS),
    "screening:run_progress": Rule(SCREENING_READERS),
    "screening:bulk_list": Rule(SCREENING_READERS),
    "screening:bulk_create": Rule(SCREENERS),
    "screening:bulk_detail": Rule(SCREENING_READERS),
    "screening:bulk_progress": Rule(SCREENING_READERS),
    "screening:bulk_results": Rule(SCREENING_READERS),
    "api:screening-alert-list": Rule(SCREENING_READERS),
    "api:screening-alert-detail": Rule(SCREENING_READERS),
    "api:screening-alert-disposition": Rule(ALERT_DECIDERS, method="post"),
    "api:screening-version-list": Rule(SCREENING_READERS),
    "api:screening-version-detail": Rule(SCREENING_READERS),
    "api:screening-run-list": Rule(SCREENING_READERS),
    "api:screening-run-detail": Rule(SCREENING_READERS),
    "api:screening-screen": Rule(SCREENERS, method="post"),
}


def walk(patterns: list[Any], namespace: tuple[str, ...] = ()) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespace, entry.name)), entry


def parameters(pattern: URLPattern) -> set[str]:
    regex = pattern.pattern.regex
    return set(regex.groupindex)


@pytest.fixture
def world(db: Any, make_user: Any) -> dict[str, Any]:
    """One of every kind of object a URL can point at, plus a user per role."""
    from qgov.exportcontrol.tests.platform_support import exportcontrol_world
    from qgov.ledger.models import Checkpoint, LedgerEntry
    from qgov.ledger.services import sign_checkpoint_now
    from qgov.parties.services import PartyData, add_relationship, create_party
    from qgov.screening.tests.platform_helpers import screening_world

    users = {role: make_user(role) for role in Role}
    admin = users[ADMIN]
    party = create_party(admin, PartyData(name="Bluefors Oy", countries=[("FI", "incorporation")]))
    other = create_party(admin, PartyData(name="Oxford Instruments plc"))
    sign_checkpoint_now()
    kinds = iter(
        [
            "affiliated_with",
            "agent_for",
            "distributor_for",
            "owned_by",
            "subsidiary_of",
            "employee_of",
            "student_of",
        ]
        * 3
    )

    def fresh_relation() -> Any:
        """A new relationship each time: removing one must not make the next role's attempt a 404."""
        from qgov.parties.models import PartyRelationship

        kind = next(kinds)
        PartyRelationship.objects.filter(source=party, target=other, type=kind).delete()
        return add_relationship(admin, party, other, kind)

    return {
        "users": users,
        "party": party,
        "fresh_relation": fresh_relation,
        "entry": LedgerEntry.objects.order_by("index").first(),
        "checkpoint": Checkpoint.objects.first(),
        **exportcontrol_world(admin, users[RESEARCHER]),
        **screening_world(admin),
    }


KWARGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "parties:party_detail": lambda w: {"pk": w["party"].pk},
    "parties:party_edit": lambda w: {"pk": w["party"].pk},
    "parties:party_delete": lambda w: {"pk": w["party"].pk},
    "parties:party_changes": lambda w: {"pk": w["party"].pk},
    "parties:relationship_add": lambda w: {"pk": w["party"].pk},
    "parties:relationship_remove": lambda w: {"pk": w["party"].pk, "relation_id": w["fresh_relation"]().pk},
    "ledger:entry_detail": lambda w: {"pk": w["entry"].index},
    "ledger:entry_receipt": lambda w: {"pk": w["entry"].index},
    "api:party-detail": lambda w: {"pk": w["party"].pk},
    "api:ledgerentry-detail": lambda w: {"pk": w["entry"].index},
    "api:ledgerentry-receipt": lambda w: {"pk": w["entry"].index},
    "api:checkpoint-detail": lambda w: {"pk": w["checkpoint"].size},
    "exportcontrol:item_detail": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_edit": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_changes": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_confirm": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_override": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_reclassify": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_evidence_add": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_evidence_download": lambda w: {
        "pk": w["ec_item"].pk,
        "evidence_id": w["ec_evidence"].pk,
    },
    "exportcontrol:item_party_add": lambda w: {"pk": w["ec_item"].pk},
    "exportcontrol:item_party_remove": lambda w: {
        "pk": w["ec_item"].pk,
        "link_id": w["ec_fresh_item_party"]().pk,
    },
    "exportcontrol:licence_detail": lambda w: {"pk": w["ec_licence"].pk},
    "exportcontrol:licence_edit": lambda w: {"pk": w["ec_licence"].pk},
    "exportcontrol:licence_changes": lambda w: {"pk": w["ec_licence"].pk},
    "exportcontrol:check_detail": lambda w: {"pk": w["ec_check"].pk},
    "exportcontrol:check_decide": lambda w: {"pk": w["ec_check"].pk},
    "exportcontrol:release_end": lambda w: {"pk": w["ec_release"].pk},
    "exportcontrol:release_reported": lambda w: {"pk": w["ec_release"].pk},
    "exportcontrol:report_743_8_csv": lambda w: {"year": 2026},
    "exportcontrol:rulepack_run": lambda w: {"pk": w["ec_run"].pk},
    "exportcontrol:task_detail": lambda w: {"pk": w["ec_task"].pk},
    "exportcontrol:task_update": lambda w: {"pk": w["ec_task"].pk},
    "api:exportcontrol-item-detail": lambda w: {"pk": w["ec_item"].pk},
    "api:exportcontrol-item-confirm": lambda w: {"pk": w["ec_item"].pk},
    "api:exportcontrol-item-override": lambda w: {"pk": w["ec_item"].pk},
    "api:exportcontrol-item-reclassify": lambda w: {"pk": w["ec_item"].pk},
    "api:exportcontrol-proposal-detail": lambda w: {"pk": w["ec_proposal"].pk},
    "api:exportcontrol-decision-detail": lambda w: {"pk": w["ec_decision"].pk},
    "api:exportcontrol-licence-detail": lambda w: {"pk": w["ec_licence"].pk},
    "api:exportcontrol-check-detail": lambda w: {"pk": w["ec_check"].pk},
    "api:exportcontrol-check-decide": lambda w: {"pk": w["ec_check"].pk},
    "api:exportcontrol-task-detail": lambda w: {"pk": w["ec_task"].pk},
    "screening:alert_detail": lambda w: {"pk": w["screening_alert"].pk},
    "screening:alert_decide": lambda w: {"pk": w["screening_alert"].pk},
    "screening:evidence_download": lambda w: {"pk": w["screening_evidence"].pk},
    "screening:version_detail": lambda w: {"pk": w["screening_version"].pk},
    "screening:entry_detail": lambda w: {"pk": w["screening_entry"].pk},
    "screening:run_detail": lambda w: {"pk": w["screening_run"].pk},
    "screening:run_progress": lambda w: {"pk": w["screening_run"].pk},
    "screening:bulk_detail": lambda w: {"pk": w["screening_bulk_job"].pk},
    "screening:bulk_progress": lambda w: {"pk": w["screening_bulk_job"].pk},
    "screening:bulk_results": lambda w: {"pk": w["screening_bulk_job"].pk, "fmt": "csv"},
    "api:screening-alert-detail": lambda w: {"pk": w["screening_alert"].pk},
    "api:screening-alert-disposition": lambda w: {"pk": w["screening_alert"].pk},
    "api:screening-version-detail": lambda w: {"pk": w["screening_version"].pk},
    "api:screening-run-detail": lambda w: {"pk": w["screening_run"].pk},
}


def all_urls() -> list[tuple[str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


def test_every_url_has_an_expectation() -> None:
    names = {name for name, _ in all_urls()}
    missing = sorted(names - set(EXPECTED))
    assert not missing, f"state who may open these URLs in EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


def concrete_url(name: str, pattern: URLPattern, world: dict[str, Any]) -> str:
    wanted = parameters(pattern)
    kwargs = KWARGS[name](world) if name in KWARGS else {}
    if "format" in wanted:
        kwargs["format"] = "json"
    assert set(kwargs) == wanted, f"{name}: give KWARGS for {sorted(wanted - set(kwargs))}"
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_every_url_for_every_role_and_anonymous(world: dict[str, Any]) -> None:
    failures: list[str] = []
    for name, pattern in all_urls():
        rule = EXPECTED[name]
        for role in [None, *Role]:
            url = concrete_url(name, pattern, world)
            is_api = url.startswith("/api/")
            client = APIClient()
            if role is not None:
                client.force_login(world["users"][role])
            response = getattr(client, rule.method)(url, dict(rule.post_data))
            status = response.status_code
            who = role.value if role else "anonymous"
            if rule.public:
                ok = status < 400 or (rule.method == "post" and status == 405)
            elif role is None:
                ok = (
                    status in (401, 403)
                    if is_api
                    else (status == 302 and "/accounts/login/" in response["Location"])
                )
            elif role in rule.roles:
                ok = status not in (401, 403, 404, 405) and status < 500
            else:
                ok = status == 403
            if not ok:
                failures.append(f"{rule.method.upper()} {url} ({name}) as {who}: {status}")
    assert not failures, "\n".join(failures)
