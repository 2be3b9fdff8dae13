"""Realistic 101 contacts and what the rules must make of them: the table behind test_scenarios.

Each scenario is a contact as an officer captures it - who called, about whom, where and when,
the caller's words - and the officer's answers to the question set of its incident type
(contact101/rules/questions/sets/): the facts come from the answers, never from the words. The
expected outcome is what a contact officer (and their supervisor) would expect: grade, crime
decision and classification, victim referral, safeguarding referrals, investigation,
first-contact resolution.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from contact101.rules.dash_questions import risk_tool
from contact101.rules.questions import question_catalogue
from contact101.v1 import common_pb2, intake_pb2, questions_pb2

G = common_pb2
Q = questions_pb2
EMERGENCY = G.RISK_GRADE_EMERGENCY
PRIORITY = G.RISK_GRADE_PRIORITY
SCHEDULED = G.RISK_GRADE_SCHEDULED
RESOLVED = G.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT
FILED = "filed"
LOCAL = "Local Investigation Team"
REPORT_FRAUD = "Report Fraud (national fraud and cyber crime reporting service, formerly Action Fraud)"
ACQUISITIVE = "Serious Acquisitive Crime Team"


@dataclass(frozen=True)
class Expected:
    grade: common_pb2.RiskGrade.ValueType
    offence: str | None  # the classification decided (N100, NONE, ...); None: no crime decision at all
    recorded: bool = False
    crimes: int = 1  # crimes recorded (one per victim)
    referral: str | None = None  # the victim referral's status; None: no referral
    safeguarding: frozenset[str] = frozenset()  # MARAC, MASH_CHILD, MASH_ADULT, NEIGHBOURHOOD_TEAM, ...
    investigation: str | None = None  # the team allocated, or FILED
    resolved_with: str | None = None  # the agency when resolved at first contact
    flags: frozenset[str] = frozenset()  # vulnerability flags that must be among the assessment's
    enhanced_rights: bool = False
    emergency: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    request: intake_pb2.CreateContactRequest
    expected: Expected


def yes(question_id: str) -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, yes_no=Q.YES_NO_YES)


def no(question_id: str) -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, yes_no=Q.YES_NO_NO)


def pick(question_id: str, choice: str) -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, choice=choice)


def text(question_id: str, words: str) -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, text=words)


def person(question_id: str, name: str = "", description: str = "") -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, person=Q.PersonAnswer(name=name, description=description))


def vehicle(question_id: str, description: str) -> questions_pb2.Answer:
    return Q.Answer(question_id=question_id, vehicle=Q.VehicleAnswer(description=description))


def expected_back(question_id: str, detail: str) -> questions_pb2.Answer:
    answer = Q.Answer(question_id=question_id)
    answer.time.at.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    answer.time.detail = detail
    return answer


def risk_tool_answers(yes_count: int) -> list[questions_pb2.Answer]:
    """The risk tool asked in full: its first yes_count questions answered yes, the rest no."""
    return [
        pick(f"risk_{question_id}", "yes" if index < yes_count else "no")
        for index, question_id in enumerate(risk_tool().questions)
    ]


@dataclass
class Capture:
    """What the officer captured, in a scenario's own terms: who and where, the caller's words,
    the question set answered and its answers; `build` makes the CreateContactRequest."""

    what: str
    index: int
    question_set: str = ""  # empty: no guided capture, the caller's words alone
    answers: Sequence[questions_pb2.Answer] = ()
    caller_is_victim: bool = True
    victim: str = ""
    victim_born: date | None = None
    third_party: bool = False
    bereaved: bool = False
    outcome: common_pb2.FirstContactOutcome.ValueType = G.FIRST_CONTACT_OUTCOME_UNSPECIFIED  # jurisdiction
    evidence_against: str = ""
    other_victims: Sequence[str] = ()
    ago: timedelta = timedelta(hours=3)
    house: int | None = None
    postcode: str = "LS2 9JT"
    caller_born: date | None = None
    caller_phone: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def build(self) -> intake_pb2.CreateContactRequest:
        # Each scenario is its own person at its own address, unless it says otherwise.
        born = self.caller_born or date(1950, 1, 1) + timedelta(days=97 * self.index)
        where = {"location": f"{self.house or 100 + self.index} Scenario Street, Leeds", **self.extra}
        contact = common_pb2.ContactDetails(
            channel=G.CHANNEL_PHONE,
            caller=common_pb2.Person(
                name=f"Scenario Caller {chr(65 + self.index % 26)}{chr(65 + self.index // 26)}",
                date_of_birth=born.isoformat(),
                phone=self.caller_phone or f"07700 9{self.index:05d}",
            ),
            caller_is_victim=self.caller_is_victim,
            what_happened=self.what,
            location_postcode=self.postcode,
            third_party_report=self.third_party,
            bereaved_relative=self.bereaved,
            first_contact_outcome=self.outcome,
            evidence_against=self.evidence_against,
            other_victims=[common_pb2.Person(name=name) for name in self.other_victims],
            **where,  # type: ignore[arg-type]
        )
        if self.victim:
            contact.victim.name = self.victim
            if self.victim_born:
                contact.victim.date_of_birth = self.victim_born.isoformat()
        occurred = datetime.now(UTC) - self.ago
        contact.occurred_at.FromDatetime(occurred)
        request = intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)
        if self.question_set:
            rules = question_catalogue().find(self.question_set)
            assert rules is not None, self.question_set
            request.question_set_id, request.question_set_version = rules.id, rules.version
            request.answers.extend(self.answers)
            if "when" in rules.questions:
                when = request.answers.add(question_id="when")
                when.time.at.FromDatetime(occurred)
        return request


def years_ago(years: int) -> date:
    return date.today() - timedelta(days=365 * years + 30)


# Who the repeat-victim and repeat-location scenarios are about (their earlier contacts share these).
REPEAT_VICTIM_BORN = date(1961, 6, 14)
REPEAT_VICTIM_PHONE = "07700 955501"
# Domestic abuse victims with a history: escalating (two earlier incidents) and one referred to MARAC.
ESCALATING_BORN, ESCALATING_PHONE = date(1979, 3, 3), "07700 955502"
MARAC_BORN, MARAC_PHONE = date(1984, 8, 8), "07700 955503"
REPEAT_ASB_HOUSE = 7
REPEAT_ASB_POSTCODE = "LS6 2AB"
# The answers a damaged car is captured with.
CAR_DAMAGED = [pick("what_happened", "damaged"), pick("what_damaged", "vehicle")]


def earlier_contacts() -> list[intake_pb2.CreateContactRequest]:
    """The history some scenarios rely on: two contacts by one victim, two ASB complaints at one
    place, and two domestic abuse victims' earlier incidents."""
    victim = [
        Capture(
            what,
            index=90 + number,
            question_set="criminal_damage",
            answers=CAR_DAMAGED,
            caller_born=REPEAT_VICTIM_BORN,
            caller_phone=REPEAT_VICTIM_PHONE,
            ago=timedelta(days=days),
        ).build()
        for number, (what, days) in enumerate(
            [("Someone keyed my car on the driveway", 60), ("My car tyres were slashed overnight", 20)]
        )
    ]
    for request in victim:
        request.contact.caller.name = "Pat Repeat"
    asb = [
        Capture(
            what,
            index=95 + number,
            question_set="anti_social_behaviour",
            answers=[pick("category", "personal"), no("council_matter")],
            house=REPEAT_ASB_HOUSE,
            postcode=REPEAT_ASB_POSTCODE,
            ago=timedelta(days=days),
        ).build()
        for number, (what, days) in enumerate(
            [
                ("Youths gathering outside the flats every evening", 40),
                ("The same youths were outside again", 10),
            ]
        )
    ]
    domestic = [
        Capture(what, index=97 + number, question_set="domestic_abuse", answers=risk_tool_answers(yes),
                caller_born=born, caller_phone=phone, ago=timedelta(days=days))
        for number, (what, born, phone, days, yes) in enumerate(
            [
                ("My partner shouted at me and threw my phone", ESCALATING_BORN, ESCALATING_PHONE, 200, 3),
                ("My partner pushed me in the kitchen", ESCALATING_BORN, ESCALATING_PHONE, 90, 4),
                ("My partner strangled me and said he would kill me", MARAC_BORN, MARAC_PHONE, 120, 16),
            ]
        )
    ]  # fmt: skip
    return victim + asb + [contact.build() for contact in domestic]


def scenario(name: str, capture: Capture, expected: Expected) -> Scenario:
    return Scenario(name, capture.build(), expected)


def repeat_victim_contact(index: int) -> Capture:
    return Capture(
        "Someone scratched my car again while it was parked outside my house",
        index=index,
        question_set="criminal_damage",
        answers=CAR_DAMAGED,
        caller_born=REPEAT_VICTIM_BORN,
        caller_phone=REPEAT_VICTIM_PHONE,
    )


def scenarios() -> list[Scenario]:
    S, E, C = scenario, Expected, Capture
    GIVEN = pick("support_consent", "given")
    table = [
        S("phone theft with CCTV",
          C("My phone was stolen from my table at the cafe while I was paying", 0, "theft",
            [pick("what_kind", "other"), no("force_used"), no("offender_still_there"),
             text("cctv", "cafe CCTV"),
             person("suspect_description", description="man in a red hoodie, about 20")]),
          E(SCHEDULED, "49", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("shed burglary with no leads",
          C("Someone broke into my shed overnight and took the lawnmower", 1, "burglary",
            [pick("building", "outbuilding"), pick("got_in", "got_in"), no("offender_still_there"),
             no("forensic")]),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("domestic abuse with DASH 15",
          C("My partner pushed me against the wall and threatened me again tonight; he has gone out", 2,
            "domestic_abuse", [pick("what_happened", "assault"), pick("injury", "none"),
                               no("offender_still_there"), *risk_tool_answers(15), GIVEN]),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", flags=frozenset({"DOMESTIC_ABUSE"}),
            enhanced_rights=True)),
        S("domestic abuse with DASH 11, consent not yet asked",
          C("My husband slapped me during an argument this evening", 3, "domestic_abuse",
            [pick("what_happened", "assault"), *risk_tool_answers(11)]),
          E(PRIORITY, "105A", recorded=True, referral="AWAITING_CONSENT",
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("domestic abuse, DASH 6 raised by strangulation",
          C("My ex-partner grabbed me by the throat when he dropped the children off", 4, "domestic_abuse",
            [pick("what_happened", "assault"), yes("strangulation"), *risk_tool_answers(6), GIVEN]),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("online fraud redirected to Report Fraud",
          C("I paid for a puppy on a fake website and it never arrived", 5, "fraud",
            [pick("how", "purchase"), no("money_at_risk"), no("suspect_known"),
             pick("report_to", "report_fraud")]),
          E(RESOLVED, None,
            resolved_with="Report Fraud (formerly Action Fraud; national fraud and cyber crime "
            "reporting service)")),
        S("online fraud the officer did not redirect",
          C("I was scammed out of 400 pounds by a seller on a marketplace app", 6, "fraud",
            [pick("how", "purchase"), pick("report_to", "keep")]),
          E(RESOLVED, "53D", referral="NOT_APPLICABLE")),
        S("noise complaint redirected to the council",
          C("My neighbour plays loud music every night until three in the morning", 7,
            "anti_social_behaviour", [pick("category", "nuisance"), yes("council_matter")]),
          E(RESOLVED, None, resolved_with="local council")),
        S("fly-tipping redirected to the council",
          C("Someone has dumped a sofa and bags of rubbish in the lane behind our houses", 8,
            "anti_social_behaviour", [pick("category", "environmental"), yes("council_matter")]),
          E(RESOLVED, None, resolved_with="local council")),
        S("abandoned vehicle redirected to the council",
          C("A car with no tax has been left on our street for three weeks", 9, "anti_social_behaviour",
            [pick("category", "environmental"), yes("council_matter")]),
          E(RESOLVED, None, resolved_with="local council")),
        S("pothole redirected to highways",
          C("There is a deep pothole on the ring road that nearly threw me off my bike", 10, "road_incident",
            [pick("what", "road_defect"), no("danger_now")]),
          E(RESOLVED, None, resolved_with="highways authority")),
        S("lost phone left to the owner's own enquiries",
          C("I lost my phone on the number 36 bus this morning, I think it fell out of my bag", 11,
            "lost_found_property", [pick("lost_or_found", "lost"), no("stolen_not_lost")]),
          E(RESOLVED, None, resolved_with="owner's own enquiries")),
        S("civil dispute: advice given",
          C("My neighbour's tree overhangs my garden, can I cut the branches back?", 12,
            "information_request", [pick("topic", "civil_dispute"), no("crime_involved"),
             text("advice_given", "you may cut back to the boundary; offer the branches back")]),
          E(RESOLVED, None, resolved_with="contact officer (advice given)")),
        S("racially aggravated harassment",
          C("The man next door calls me racist names whenever I go out and won't leave me alone", 13, "hate",
            [pick("hostility", "race"), pick("what_happened", "harassment"), no("offender_still_there")]),
          E(SCHEDULED, "8M", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", flags=frozenset({"HATE_CRIME"}),
            enhanced_rights=True)),
        S("disability hate: public order, reported by the victim's sister",
          C("Teenagers shouted abuse at my brother at the bus stop because he is disabled", 14, "hate",
            [pick("hostility", "disability"), pick("what_happened", "public_order")],
            caller_is_victim=False, victim="Sam Brother"),
          E(SCHEDULED, "9A", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", enhanced_rights=True)),
        S("rape reported by the victim three days on",
          C("I was raped by a man I met at a party on Friday night", 15, "sexual_offences",
            [pick("what_happened", "rape"), pick("victim_sex", "female"), pick("disclosure", "victim"),
             yes("forensic_window"), GIVEN],
            ago=timedelta(days=3)),
          E(PRIORITY, "19C", recorded=True, referral="REFERRED",
            investigation="Sexual Offences Investigation Team",
            flags=frozenset({"SEXUAL_OFFENCE"}), enhanced_rights=True)),
        S("rape reported by a friend: N100",
          C("My friend told me she was raped at a party last month and does not want to call you herself", 16,
            "sexual_offences", [pick("what_happened", "rape"), pick("victim_sex", "female"),
                                pick("disclosure", "third_party"), no("forensic_window")],
            caller_is_victim=False, victim="Jo Friend", ago=timedelta(days=30)),
          E(SCHEDULED, "N100", referral="AWAITING_CONSENT", enhanced_rights=True)),
        S("child at risk, reported by a teacher",
          C("A pupil told me his dad hit him at the weekend and he has bruises on his arms", 17, "assault",
            [pick("what_happened", "attacked"), pick("injury", "injury"), pick("weapon", "none"),
             no("offender_still_there")],
            caller_is_victim=False, victim="Child Pupil", victim_born=years_ago(9), third_party=True,
            ago=timedelta(days=1)),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_CHILD"}),
            investigation="Child Abuse Investigation Team", flags=frozenset({"CHILD", "CHILD_AT_RISK"}),
            enhanced_rights=True)),
        S("vulnerable adult: carer stealing",
          C("My mother's carer has been taking money from her purse for weeks", 18, "theft",
            [pick("what_kind", "home"), no("force_used"), pick("vulnerability", "care_needs")],
            caller_is_victim=False, victim="Mary Mother", victim_born=years_ago(86), third_party=True),
          E(SCHEDULED, "40", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_ADULT"}),
            investigation=LOCAL, flags=frozenset({"VULNERABLE_ADULT"}), enhanced_rights=True)),
        S("repeat victim of criminal damage",
          repeat_victim_contact(19),
          E(SCHEDULED, "58C", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation=LOCAL, flags=frozenset({"REPEAT_VICTIM"}), enhanced_rights=True)),
        S("third ASB complaint at one address: case review",
          C("The youths are outside the flats again tonight, banging on doors and shouting", 20,
            "anti_social_behaviour", [pick("category", "personal"), no("council_matter"),
                                      Q.Answer(question_id="previous_complaints", number=2)],
            house=REPEAT_ASB_HOUSE, postcode=REPEAT_ASB_POSTCODE),
          E(SCHEDULED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}))),
        S("burglary reported by a neighbour",
          C("My neighbour's house was burgled while she was in hospital; the back door is open", 21,
            "burglary", [pick("building", "dwelling"), pick("got_in", "got_in"), no("by_a_trick"),
             no("offender_still_there")],
            caller_is_victim=False, victim="Nell Neighbour", third_party=True),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("burglary in progress: emergency",
          C("Two men are forcing the back door of the house opposite right now", 22, "burglary",
            [pick("building", "dwelling"), pick("got_in", "got_in"), yes("offender_still_there")],
            caller_is_victim=False, victim="Owen Opposite", third_party=True, ago=timedelta(minutes=5)),
          E(EMERGENCY, "28E", recorded=True, referral="REFERRED", investigation=ACQUISITIVE, emergency=True)),
        S("assault with injury outside a pub",
          C("A man I know punched me outside the Red Lion last night and my nose was bleeding", 23, "assault",
            [pick("what_happened", "attacked"), pick("injury", "injury"), pick("weapon", "none"),
             person("suspect_description", description="Dan, a regular at the pub"),
             person("witness", description="bar staff saw it")]),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("stalking by an ex-partner",
          C("My ex keeps following me and turns up at my work every day", 24, "stalking_harassment",
            [pick("what_happened", "stalking"), yes("by_partner"), yes("stalking_by_partner"), GIVEN],
            ago=timedelta(hours=20)),
          E(PRIORITY, "8Q", recorded=True, referral="REFERRED",
            investigation="Domestic Abuse Investigation Team",
            enhanced_rights=True)),
        S("graffiti on a shop",
          C("Someone sprayed graffiti across the front of my shop overnight", 25, "criminal_damage",
            [pick("what_happened", "damaged"), pick("what_damaged", "building"), no("offender_still_there")]),
          E(RESOLVED, "58B", recorded=True, referral="REFERRED", investigation=FILED)),
        S("laptop stolen from a car, window smashed, CCTV",
          C("Someone smashed my car window and stole my laptop from the car", 26, "vehicle_crime",
            [pick("what_happened", "theft_from"), yes("window_damaged"), text("cctv", "car park camera")]),
          E(SCHEDULED, "45", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("bike stolen, frame number known",
          C("My bike was stolen from outside the railway station", 27, "theft",
            [pick("what_kind", "cycle"), text("property_serial", "frame number WTU123")]),
          E(RESOLVED, "44", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("shoplifting with CCTV",
          C("A woman left the shop without paying for two bottles of gin", 28, "theft",
            [pick("what_kind", "shop"), no("force_used"), text("cctv", "store CCTV"),
             person("suspect_description", description="woman, 40s, green coat")]),
          E(SCHEDULED, "46", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("drug dealing reported by a resident",
          C("People are dealing drugs from the flat opposite, cars come and go all night", 29, "drugs",
            [pick("what", "supply"), pick("seen_or_suspected", "seen"),
             vehicle("vehicle", "blue Golf, registration noted"),
             person("witness", description="the caller")],
            caller_is_victim=False),
          E(SCHEDULED, "92A", recorded=True, investigation="Neighbourhood Policing Team")),
        S("pickpocket on the bus, no leads",
          C("Someone pickpocketed my wallet on the bus into town", 30, "theft",
            [pick("what_kind", "from_person"), no("force_used"), no("offender_still_there")]),
          E(RESOLVED, "39", recorded=True, referral="REFERRED", investigation=FILED)),
        S("van stolen with a tracker",
          C("My van was stolen from my driveway overnight", 31, "vehicle_crime",
            [pick("what_happened", "vehicle_stolen"), text("tracker", "tracker shows it in Bradford")]),
          E(RESOLVED, "48", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("abusive messages online",
          C("Someone has been sending me abusive messages on social media", 32, "stalking_harassment",
            [pick("what_happened", "messages"), no("by_partner"), text("digital_evidence", "screenshots")]),
          E(RESOLVED, "8R", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("threats to kill",
          C("My brother-in-law said he would kill me if I went to the police", 33, "stalking_harassment",
            [pick("what_happened", "threats_to_kill"), no("by_partner")]),
          E(SCHEDULED, "3B", recorded=True, referral="REFERRED", investigation=LOCAL, enhanced_rights=True)),
        S("robbery at knifepoint",
          C("I was mugged at knifepoint in the underpass and they took my phone", 34, "theft",
            [pick("what_kind", "from_person"), yes("force_used"), pick("weapon", "blade"),
             no("offender_still_there")],
            ago=timedelta(hours=1)),
          E(PRIORITY, "34B", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("sexual assault on a bus two weeks ago",
          C("A man groped me on the bus two weeks ago and I have only now felt able to report it", 35,
            "sexual_offences", [pick("what_happened", "sexual_assault"), pick("victim_sex", "female"),
                                pick("disclosure", "victim"), no("forensic_window"), GIVEN],
            ago=timedelta(days=14)),
          E(SCHEDULED, "20A", recorded=True, referral="REFERRED",
            investigation="Sexual Offences Investigation Team",
            enhanced_rights=True)),
        S("indecent exposure this morning, support declined",
          C("A man exposed himself to me in the park this morning", 36, "sexual_offences",
            [pick("what_happened", "exposure"), pick("disclosure", "victim"),
             pick("support_consent", "declined")]),
          E(PRIORITY, "88E", recorded=True, referral="CONSENT_DECLINED",
            investigation="Sexual Offences Investigation Team", enhanced_rights=True)),
        S("bereaved relative: burglary after a funeral",
          C("My late mother's house was burgled on the day of her funeral", 37, "burglary",
            [pick("building", "dwelling"), pick("got_in", "got_in"), no("offender_still_there")],
            bereaved=True),
          E(SCHEDULED, "28E", recorded=True, referral="AWAITING_CONSENT", investigation=FILED,
            flags=frozenset({"BEREAVED"}), enhanced_rights=True)),
        S("religiously aggravated damage to a mosque",
          C("Someone damaged our mosque and painted graffiti on the door", 38, "hate",
            [pick("hostility", "religion"), pick("what_happened", "damage"),
             pick("what_damaged", "building")]),
          E(SCHEDULED, "58F", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", enhanced_rights=True)),
        S("bike found: credible evidence no crime",
          C("My bike was stolen from the garden last week, but it turned up at my friend's house", 39,
            "theft", [pick("what_kind", "cycle")],
            evidence_against="the caller found the bike: a friend had borrowed it with permission"),
          E(RESOLVED, "44", referral="NOT_APPLICABLE")),
        S("two victims of one assault: one crime each",
          C("Two men punched me and my friend outside the takeaway, my friend has a cut lip", 40, "assault",
            [pick("what_happened", "attacked"), pick("injury", "injury"), pick("weapon", "none"),
             person("suspect_description", description="two men in black jackets"),
             text("cctv", "takeaway camera")],
            other_victims=["Fran Friend"]),
          E(PRIORITY, "8N", recorded=True, crimes=2, referral="REFERRED", investigation=LOCAL)),
        S("harassment of a victim in mental health crisis",
          C("My neighbours won't leave me alone, they bang on my door every night and I can't cope", 41,
            "stalking_harassment", [pick("what_happened", "harassment"), no("by_partner"),
                                    pick("vulnerability", "mental_health")]),
          E(SCHEDULED, "8L", recorded=True, referral="REFERRED", safeguarding=frozenset({"WELFARE_CHECK"}),
            investigation=LOCAL, flags=frozenset({"MENTAL_HEALTH"}), enhanced_rights=True)),
        S("vulnerable adult scammed: redirect not allowed",
          C("I was scammed by a man on the phone who said he was from my bank", 42, "fraud",
            [pick("how", "card_or_account"), yes("online"), no("money_at_risk"),
             pick("report_to", "report_fraud"), pick("vulnerability", "care_needs")]),
          E(SCHEDULED, "53C", referral="NOT_APPLICABLE", safeguarding=frozenset({"MASH_ADULT"}))),
        S("shoplifter held by security: emergency",
          C("Our security staff are holding a shoplifter in the office now", 43, "theft",
            [pick("what_kind", "shop"), no("force_used"), yes("offender_still_there"),
             text("cctv", "store CCTV")],
            ago=timedelta(minutes=10)),
          E(EMERGENCY, "46", recorded=True, referral="REFERRED", investigation=LOCAL, emergency=True)),
        S("man with a knife outside now: emergency",
          C("A man is outside my house right now waving a knife and shouting", 44, "assault",
            [pick("what_happened", "weapon_shown"), pick("weapon", "blade"), yes("offender_still_there")],
            ago=timedelta(minutes=2)),
          E(EMERGENCY, "9A", recorded=True, referral="REFERRED", investigation="Neighbourhood Policing Team",
            emergency=True)),
        S("teenager's bike stolen: a child victim",
          C("My son's bike was stolen from the school bike shed", 45, "theft", [pick("what_kind", "cycle")],
            caller_is_victim=False, victim="Tom Son", victim_born=years_ago(14)),
          E(SCHEDULED, "44", recorded=True, referral="REFERRED", investigation=LOCAL,
            flags=frozenset({"CHILD"}),
            enhanced_rights=True)),
        # Issue 15: third-person and passive accounts decide right once the facts are answered;
        # a phrase alone never records a crime or grades an emergency.
        S("bag snatched from a daughter: passive account, facts captured",
          C("Her bag was snatched by a lad on a bike outside the station", 46, "theft",
            [pick("what_kind", "from_person"), no("force_used"), no("offender_still_there")],
            caller_is_victim=False, victim="Bea Daughter", third_party=True),
          E(RESOLVED, "39", recorded=True, referral="REFERRED", investigation=FILED)),
        S("shed broken into: passive account with no facts records nothing",
          C("My mum's shed was broken into overnight and her tools were taken", 47),
          E(RESOLVED, "NONE", referral="NOT_APPLICABLE")),
        S("son punched at the bus stop: third person, injury captured",
          C("My son was punched at the bus stop and his nose is bleeding", 48, "assault",
            [pick("what_happened", "attacked"), pick("injury", "injury")],
            caller_is_victim=False, victim="Sid Son", victim_born=years_ago(19), third_party=True),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("calling right now about last week's bike: no emergency",
          C("I'm calling right now because my bike was stolen last Tuesday", 49, "theft",
            [pick("what_kind", "cycle"), no("offender_still_there")],
            ago=timedelta(days=6)),
          E(RESOLVED, "44", recorded=True, referral="REFERRED", investigation=FILED)),
        S("kitchen knife set stolen in a burglary: no weapon",
          C("Someone broke into the house and stole my kitchen knife set", 50, "burglary",
            [pick("building", "dwelling"), pick("got_in", "got_in"), no("offender_still_there")]),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("online purchase fraud: no street location",
          C("I paid for concert tickets online and they never came", 51, "fraud",
            [pick("how", "purchase"), yes("online")], extra={"location": ""}),
          E(RESOLVED, "53D", referral="NOT_APPLICABLE")),
        S("boy of 11 sexually assaulted: the classification follows his age and sex",
          C("A man touched my son inappropriately at the swimming baths this afternoon", 52,
            "sexual_offences", [pick("what_happened", "sexual_assault"), pick("victim_sex", "male"),
                                pick("disclosure", "victim"), GIVEN],
            caller_is_victim=False, victim="Leo Son", victim_born=years_ago(11), third_party=True),
          E(PRIORITY, "17B", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_CHILD"}),
            investigation="Sexual Offences Investigation Team",
            flags=frozenset({"CHILD", "CHILD_AT_RISK", "SEXUAL_OFFENCE"}), enhanced_rights=True)),
        S("a shop's stock stolen: the organisation is the victim",
          C("Two men took a crate of spirits from our stock room and ran off", 53, "theft",
            [pick("what_kind", "shop"), no("force_used"), text("cctv", "stock room camera")],
            caller_is_victim=False, extra={"organisation_victim": "Corner Stores Ltd"}),
          E(SCHEDULED, "46", recorded=True, investigation=LOCAL)),  # no person to refer
        # ---- Issue 15: the decisions made right ----
        S("fraud with money still at risk: kept by the force",
          C("I was scammed by a man on the phone who said he was from my bank and money is still leaving "
            "my account", 55, "fraud",
            [pick("how", "other"), yes("money_at_risk"), pick("report_to", "report_fraud")]),
          E(RESOLVED, "53D", referral="NOT_APPLICABLE")),
        S("theft on a train: British Transport Police",
          C("My bag was stolen on the train between Leeds and York this morning", 56,
            outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_BRITISH_TRANSPORT_POLICE),
          E(RESOLVED, None, resolved_with="British Transport Police")),
        S("burglary in another force's area: transferred",
          C("Our holiday cottage in Whitstable was broken into while we were back home in Leeds", 57,
            outcome=G.FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE, extra={"transfer_to_force": "Kent Police"}),
          E(RESOLVED, None, resolved_with="Kent Police")),
        S("a resident's suspicion of drug dealing: information for the neighbourhood team",
          C("I think the people at number 12 are dealing drugs, cars come and go all night", 58, "drugs",
            [pick("what", "supply"), pick("seen_or_suspected", "suspected")], caller_is_victim=False),
          E(SCHEDULED, "NONE")),
        S("hate incident the officer found trivial: no NCHI",
          C("Someone in the queue rolled their eyes when I spoke, I think because of my accent", 59, "hate",
            [pick("hostility", "race"), pick("what_happened", "no_offence"), yes("trivial")]),
          E(SCHEDULED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}))),
        S("domestic abuse, third incident in a year: MARAC for potential escalation",
          C("My partner pushed me against the door again tonight", 60, "domestic_abuse",
            [pick("what_happened", "assault"), *risk_tool_answers(5), GIVEN],
            caller_born=ESCALATING_BORN, caller_phone=ESCALATING_PHONE),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"MARAC", "NEIGHBOURHOOD_TEAM"}),
            investigation="Domestic Abuse Investigation Team",
            flags=frozenset({"DOMESTIC_ABUSE", "REPEAT_VICTIM"}),
            enhanced_rights=True)),
        S("domestic abuse after a MARAC referral: repeat MARAC",
          C("My partner pushed me over in the garden this afternoon", 61, "domestic_abuse",
            [pick("what_happened", "assault"), *risk_tool_answers(2), GIVEN],
            caller_born=MARAC_BORN, caller_phone=MARAC_PHONE),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("a neighbour's welfare, no crime or immediate risk: health partners",
          C("My neighbour is very low and has not left her flat for days, I am worried about her", 62,
            "concern_for_welfare", [no("immediate_risk"), no("crime"), pick("concern", "mental_health")],
            caller_is_victim=False, victim="Nora Neighbour", third_party=True),
          E(RESOLVED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"HEALTH_PARTNERS"}),
            flags=frozenset({"MENTAL_HEALTH"}))),
        S("the offender is coming back tomorrow",
          C("My lodger threatened to smash my windows and says he is coming back tomorrow", 63,
            "criminal_damage", [pick("what_happened", "threatened"), pick("what_damaged", "home"),
                                no("offender_still_there"),
                                expected_back("coming_back", "tomorrow evening")]),
          E(SCHEDULED, "59", recorded=True, referral="REFERRED", investigation=FILED)),
    ]  # fmt: skip
    return table
