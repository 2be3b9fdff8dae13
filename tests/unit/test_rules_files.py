"""Every rule file loads, is versioned, and a malformed one is refused naming the file and key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from contact101.rules.crime_recording_deadline import DEADLINE_FILE, load_crime_recording_deadline
from contact101.rules.dash_questions import (
    DARA_FILE,
    IN_USE_FILE,
    TOOL_FILE,
    load_risk_tool,
    load_tool_in_use,
)
from contact101.rules.fraud_calls import FRAUD_CALLS_FILE, load_fraud_call_rules
from contact101.rules.offences import OFFENCES_FILE, load_offence_table
from contact101.rules.rule_files import RuleFileError
from contact101.rules.victims_code import VICTIMS_CODE_FILE, load_victims_code_rules
from contact101.rules.working_days import DEFAULT_CALENDAR, load_calendar
from services.crime.hate_incidents import HATE_INCIDENTS_FILE, load_hate_incident_rules
from services.crime.investigation import INVESTIGATION_FILE, load_investigation_rules
from services.crime.ncrs import NCRS_FILE, load_ncrs_rules
from services.crime.reported_information import REPORT_TYPES_FILE, load_report_type_rules
from services.safeguarding.dash import DASH_FILE, load_dash_rules
from services.safeguarding.first_contact import FIRST_CONTACT_FILE, load_first_contact_rules
from services.safeguarding.referrals import REFERRALS_FILE, load_referral_rules
from services.safeguarding.repeats import REPEATS_FILE, load_repeat_rules
from services.safeguarding.thrive_rules import THRIVE_FILE, load_thrive_rules

LOADERS: dict[str, tuple[Path, Callable[[Path], object]]] = {
    "offences": (OFFENCES_FILE, load_offence_table),
    "ncrs": (NCRS_FILE, load_ncrs_rules),
    "crime_recording_deadline": (DEADLINE_FILE, load_crime_recording_deadline),
    "investigation": (INVESTIGATION_FILE, load_investigation_rules),
    "thrive": (THRIVE_FILE, load_thrive_rules),
    "dash": (DASH_FILE, load_dash_rules),
    "repeats": (REPEATS_FILE, load_repeat_rules),
    "referrals": (REFERRALS_FILE, load_referral_rules),
    "first_contact": (FIRST_CONTACT_FILE, load_first_contact_rules),
    "victims_code": (VICTIMS_CODE_FILE, load_victims_code_rules),
    "bank_holidays": (DEFAULT_CALENDAR, load_calendar),
    "domestic_abuse_tool": (TOOL_FILE, load_risk_tool),
    "dara_tool": (DARA_FILE, load_risk_tool),
    "risk_tool_in_use": (IN_USE_FILE, load_tool_in_use),
    "fraud_calls_for_service": (FRAUD_CALLS_FILE, load_fraud_call_rules),
    "hate_incidents": (HATE_INCIDENTS_FILE, load_hate_incident_rules),
    "report_types": (REPORT_TYPES_FILE, load_report_type_rules),
}


@pytest.mark.parametrize("name", LOADERS)
def test_each_rule_file_loads_with_its_version(name: str) -> None:
    path, load = LOADERS[name]
    rules = load(path)
    assert getattr(rules, "version", "").strip()


@pytest.mark.parametrize(
    ("name", "find", "replace", "problem"),
    [
        ("thrive", "  weapon: weapon involved\n", "", "triggers: missing ['weapon']"),
        ("thrive", "PRIORITY: [weapon,", "PRIORITY: [weapons,", "unknown name(s) weapons"),
        ("domestic_abuse_tool", "high_from: 14", "high_from: 9", "medium_from and high_from"),
        ("domestic_abuse_tool", "id: very_frightened", "id: injury", "questions[1].id"),
        ("dash", "STALKING: MEDIUM", "STALKING: SEVERE", "judgement levels"),
        ("dara_tool", "{ref: not_confirmed,", "{ref: dara_manual,", "source.ref: must be one of"),
        ("risk_tool_in_use", "tool: dash", "tool: safelives", "tool: must be one of dash, dara"),
        ("fraud_calls_for_service", "  money_at_risk:", "  money_lost:", "unknown fact(s) money_lost"),
        ("report_types", "  INTELLIGENCE:", "  RUMOUR:", "unknown name(s) RUMOUR"),
        ("hate_incidents", "no_hostility_inferred:", "no_hostility:", "no_hostility_inferred: is missing"),
        ("offences", "aggravated_form: 8M", "aggravated_form: 8Z", "aggravated_form 8Z is not listed"),
        ("offences", "code: 28F", "code: 28E", "28E: two editions in force at once"),
        (
            "offences",
            '{ref: ons_offences, found: "8Q Stalking"}',
            "{ref: memory, found: x}",
            "source.ref: must be one of",
        ),
        ("offences", "when: {act: stalking}", "when: {act: stalking_online}", "act: must be one of"),
        (
            "offences",
            "premises: [dwelling, unconnected_building]}",
            "premises: [shed]}",
            "premises: must be one or a list of",
        ),
        ("investigation", "  CCTV: 2\n", "", "line_points"),
        ("repeats", "version: repeats-2026.2", "version: ''", "version: must not be empty"),
        ("first_contact", "  REDIRECT_HIGHWAYS:", "  REDIRECT_MOTORWAYS:", "outcomes: must describe each of"),
    ],
)
def test_a_malformed_rule_file_is_refused_naming_the_key(
    tmp_path: Path, name: str, find: str, replace: str, problem: str
) -> None:
    path, load = LOADERS[name]
    text = path.read_text()
    assert find in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(find, replace, 1))
    with pytest.raises(RuleFileError, match=str(broken)) as refused:
        load(broken)
    assert problem in str(refused.value)
