"""Realistic 101 contacts and what the rules must make of them: the table behind test_scenarios.

Each scenario is a contact as an officer would capture it and the outcome a contact officer
(and their supervisor) would expect: grade, crime decision and classification, victim
referral, safeguarding referrals, investigation, first-contact resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from contact101.v1 import common_pb2
from tests.risk_answers import dash_answers

G = common_pb2
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
    contact: common_pb2.ContactDetails
    expected: Expected


@dataclass
class Capture:
    """What the officer captured, in a scenario's own terms; `build` makes the ContactDetails."""

    what: str
    index: int
    caller_is_victim: bool = True
    victim: str = ""
    victim_born: date | None = None
    lines: Sequence[tuple[common_pb2.LineOfEnquiryKind.ValueType, str]] = ()
    suspects: Sequence[str] = ()
    indicators: Sequence[str] = ()
    hate: Sequence[common_pb2.HateStrand.ValueType] = ()
    dash_yes: int | None = None
    domestic_abuse: bool = False
    judgement: Sequence[common_pb2.DashJudgementFactor.ValueType] = ()
    consent: common_pb2.VictimConsent.ValueType = G.VICTIM_CONSENT_UNSPECIFIED
    third_party: bool = False
    bereaved: bool = False
    offences: Sequence[str] = ()
    outcome: common_pb2.FirstContactOutcome.ValueType = G.FIRST_CONTACT_OUTCOME_UNSPECIFIED
    category: common_pb2.IncidentCategory.ValueType = G.INCIDENT_CATEGORY_CRIME
    evidence_against: str = ""
    other_victims: Sequence[str] = ()
    ago: timedelta = timedelta(hours=3)
    house: int | None = None
    postcode: str = "LS2 9JT"
    caller_born: date | None = None
    caller_phone: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    facts: Sequence[common_pb2.OffenceFacts] = ()  # what the officer captured of each act
    victim_sex: common_pb2.Sex.ValueType = G.SEX_UNSPECIFIED

    def build(self) -> common_pb2.ContactDetails:
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
            suspects=[common_pb2.Suspect(description=text) for text in self.suspects],
            lines_of_enquiry=[
                common_pb2.LineOfEnquiry(kind=kind, detail=detail) for kind, detail in self.lines
            ],
            hate_strands=self.hate,
            victim_support_consent=self.consent,
            third_party_report=self.third_party,
            bereaved_relative=self.bereaved,
            offence_codes=self.offences,
            first_contact_outcome=self.outcome,
            opening_category=self.category,
            evidence_against=self.evidence_against,
            other_victims=[common_pb2.Person(name=name) for name in self.other_victims],
            offence_facts=self.facts,
            victim_sex=self.victim_sex,
            **where,  # type: ignore[arg-type]
        )
        if self.victim:
            contact.victim.name = self.victim
            if self.victim_born:
                contact.victim.date_of_birth = self.victim_born.isoformat()
        for name in self.indicators:
            setattr(contact.risk_indicators, name, True)
        if self.domestic_abuse or self.dash_yes is not None or self.judgement:
            contact.domestic_abuse.SetInParent()
            if self.dash_yes is not None:
                contact.domestic_abuse.risk_answers.extend(dash_answers(self.dash_yes))
            contact.domestic_abuse.judgement_factors.extend(self.judgement)
        contact.MergeFrom(common_pb2.ContactDetails(**self.extra))  # type: ignore[arg-type]
        contact.occurred_at.FromDatetime(datetime.now(UTC) - self.ago)
        return contact


def act(kind: common_pb2.OffenceAct.ValueType, **facts: object) -> common_pb2.OffenceFacts:
    """One act as the officer captures it: what was done, and where, with what, to what."""
    return common_pb2.OffenceFacts(act=kind, **facts)  # type: ignore[arg-type]


THEFT, BURGLARY, ASSAULT = G.OFFENCE_ACT_THEFT, G.OFFENCE_ACT_BURGLARY, G.OFFENCE_ACT_ASSAULT
DAMAGE, FRAUD = G.OFFENCE_ACT_CRIMINAL_DAMAGE, G.OFFENCE_ACT_FRAUD
HOME, SHED, SHOP = G.PREMISES_DWELLING, G.PREMISES_UNCONNECTED_BUILDING, G.PREMISES_SHOP
BUSINESS, CAR = G.PREMISES_BUSINESS_OR_COMMUNITY, G.PREMISES_VEHICLE
INJURY, BIKE = G.INJURY_LEVEL_INJURY, G.PROPERTY_KIND_PEDAL_CYCLE


def years_ago(years: int) -> date:
    return date.today() - timedelta(days=365 * years + 30)


CCTV, WITNESS, FORENSIC = (
    G.LINE_OF_ENQUIRY_KIND_CCTV,
    G.LINE_OF_ENQUIRY_KIND_WITNESS,
    G.LINE_OF_ENQUIRY_KIND_FORENSIC,
)
SERIAL, DIGITAL, VEHICLE = (
    G.LINE_OF_ENQUIRY_KIND_PROPERTY_SERIAL,
    G.LINE_OF_ENQUIRY_KIND_DIGITAL,
    G.LINE_OF_ENQUIRY_KIND_VEHICLE,
)
# Who the repeat-victim and repeat-location scenarios are about (their earlier contacts share these).
REPEAT_VICTIM_BORN = date(1961, 6, 14)
REPEAT_VICTIM_PHONE = "07700 955501"
# Domestic abuse victims with a history: escalating (two earlier incidents) and one referred to MARAC.
ESCALATING_BORN, ESCALATING_PHONE = date(1979, 3, 3), "07700 955502"
MARAC_BORN, MARAC_PHONE = date(1984, 8, 8), "07700 955503"
REPEAT_ASB_HOUSE = 7
REPEAT_ASB_POSTCODE = "LS6 2AB"


def earlier_contacts() -> list[common_pb2.ContactDetails]:
    """The history two scenarios rely on: two contacts by one victim, two ASB complaints at one place."""
    victim = [
        Capture(
            what,
            index=90 + number,
            caller_born=REPEAT_VICTIM_BORN,
            caller_phone=REPEAT_VICTIM_PHONE,
            ago=timedelta(days=days),
            facts=[act(DAMAGE, premises=CAR)],
        ).build()
        for number, (what, days) in enumerate(
            [("Someone keyed my car on the driveway", 60), ("My car tyres were slashed overnight", 20)]
        )
    ]
    for contact in victim:
        contact.caller.name = "Pat Repeat"
    asb = [
        Capture(
            what,
            index=95 + number,
            house=REPEAT_ASB_HOUSE,
            postcode=REPEAT_ASB_POSTCODE,
            category=G.INCIDENT_CATEGORY_ASB_PERSONAL,
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
        Capture(what, index=97 + number, caller_born=born, caller_phone=phone, ago=timedelta(days=days),
                dash_yes=yes)
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
        caller_born=REPEAT_VICTIM_BORN,
        caller_phone=REPEAT_VICTIM_PHONE,
        facts=[act(DAMAGE, premises=CAR)],
    )


def scenarios() -> list[Scenario]:
    S, E, C = scenario, Expected, Capture
    table = [
        S("phone theft with CCTV",
          C("My phone was stolen from my table at the cafe while I was paying", 0,
            facts=[act(THEFT, premises=BUSINESS)],
            lines=[(CCTV, "cafe CCTV")], suspects=["man in a red hoodie, about 20"]),
          E(SCHEDULED, "49", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("shed burglary with no leads",
          C("Someone broke into my shed overnight and took the lawnmower", 1,
            facts=[act(BURGLARY, premises=SHED)]),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("domestic abuse with DASH 15",
          C("My partner pushed me against the wall and threatened me again tonight; he has gone out",
            2, dash_yes=15, consent=G.VICTIM_CONSENT_GIVEN, facts=[act(ASSAULT)]),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", flags=frozenset({"DOMESTIC_ABUSE"}),
            enhanced_rights=True)),
        S("domestic abuse with DASH 11, consent not yet asked",
          C("My husband slapped me during an argument this evening", 3, dash_yes=11, facts=[act(ASSAULT)]),
          E(PRIORITY, "105A", recorded=True, referral="AWAITING_CONSENT",
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("domestic abuse, DASH 6 raised by strangulation",
          C("My ex-partner grabbed me by the throat when he dropped the children off", 4, dash_yes=6,
            judgement=[G.DASH_JUDGEMENT_FACTOR_STRANGULATION], consent=G.VICTIM_CONSENT_GIVEN,
            facts=[act(ASSAULT)]),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("online fraud redirected to Report Fraud",
          C("I paid for a puppy on a fake website and it never arrived", 5, facts=[act(FRAUD)],
            outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE),
          E(RESOLVED, None,
            resolved_with="Report Fraud (formerly Action Fraud; national fraud and cyber crime "
            "reporting service)")),
        S("online fraud the officer did not redirect",
          C("I was scammed out of 400 pounds by a seller on a marketplace app", 6, facts=[act(FRAUD)]),
          E(RESOLVED, "53D", referral="NOT_APPLICABLE")),
        S("noise complaint redirected to the council",
          C("My neighbour plays loud music every night until three in the morning", 7,
            category=G.INCIDENT_CATEGORY_ASB_NUISANCE, outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL),
          E(RESOLVED, None, resolved_with="local council")),
        S("fly-tipping redirected to the council",
          C("Someone has dumped a sofa and bags of rubbish in the lane behind our houses", 8,
            category=G.INCIDENT_CATEGORY_ASB_ENVIRONMENTAL, outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL),
          E(RESOLVED, None, resolved_with="local council")),
        S("abandoned vehicle redirected to the council",
          C("A car with no tax has been left on our street for three weeks", 9,
            category=G.INCIDENT_CATEGORY_ASB_ENVIRONMENTAL, outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL),
          E(RESOLVED, None, resolved_with="local council")),
        S("pothole redirected to highways",
          C("There is a deep pothole on the ring road that nearly threw me off my bike", 10,
            category=G.INCIDENT_CATEGORY_PUBLIC_SAFETY_WELFARE,
            outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_HIGHWAYS),
          E(RESOLVED, None, resolved_with="highways authority")),
        S("lost phone left to the owner's own enquiries",
          C("I lost my phone on the number 36 bus this morning, I think it fell out of my bag", 11,
            category=G.INCIDENT_CATEGORY_PUBLIC_SAFETY_WELFARE,
            outcome=G.FIRST_CONTACT_OUTCOME_LOST_PROPERTY_OWN_ENQUIRIES),
          E(RESOLVED, None, resolved_with="owner's own enquiries")),
        S("civil dispute: advice given",
          C("My neighbour's tree overhangs my garden, can I cut the branches back?", 12,
            outcome=G.FIRST_CONTACT_OUTCOME_ADVICE_GIVEN),
          E(RESOLVED, None, resolved_with="contact officer (advice given)")),
        S("racially aggravated harassment",
          C("The man next door calls me racist names whenever I go out and won't leave me alone", 13,
            hate=[G.HATE_STRAND_RACE], facts=[act(G.OFFENCE_ACT_HARASSMENT)]),
          E(SCHEDULED, "8M", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", flags=frozenset({"HATE_CRIME"}),
            enhanced_rights=True)),
        S("disability hate: public order, reported by the victim's sister",
          C("Teenagers shouted abuse at my brother at the bus stop because he is disabled", 14,
            caller_is_victim=False, victim="Sam Brother", hate=[G.HATE_STRAND_DISABILITY],
            facts=[act(G.OFFENCE_ACT_PUBLIC_FEAR_ALARM_DISTRESS)]),
          E(SCHEDULED, "9A", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", enhanced_rights=True)),
        S("rape reported by the victim three days on",
          C("I was raped by a man I met at a party on Friday night", 15, offences=["19C"],
            facts=[act(G.OFFENCE_ACT_RAPE)], victim_sex=G.SEX_FEMALE,
            ago=timedelta(days=3),
            consent=G.VICTIM_CONSENT_GIVEN),
          E(PRIORITY, "19C", recorded=True, referral="REFERRED",
            investigation="Sexual Offences Investigation Team",
            flags=frozenset({"SEXUAL_OFFENCE"}), enhanced_rights=True)),
        S("rape reported by a friend: N100",
          C("My friend told me she was raped at a party last month and does not want to call you herself", 16,
            caller_is_victim=False, victim="Jo Friend", third_party=True, ago=timedelta(days=30),
            facts=[act(G.OFFENCE_ACT_RAPE)], victim_sex=G.SEX_FEMALE),
          E(SCHEDULED, "N100", referral="AWAITING_CONSENT", enhanced_rights=True)),
        S("child at risk, reported by a teacher",
          C("A pupil told me his dad hit him at the weekend and he has bruises on his arms", 17,
            caller_is_victim=False, victim="Child Pupil", victim_born=years_ago(9), third_party=True,
            facts=[act(ASSAULT, injury=INJURY)],
            ago=timedelta(days=1)),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_CHILD"}),
            investigation="Child Abuse Investigation Team", flags=frozenset({"CHILD", "CHILD_AT_RISK"}),
            enhanced_rights=True)),
        S("vulnerable adult: carer stealing",
          C("My mother's carer has been taking money from her purse for weeks", 18, caller_is_victim=False,
            victim="Mary Mother", victim_born=years_ago(86), third_party=True,
            indicators=["vulnerable_adult"], facts=[act(THEFT, premises=HOME)]),
          E(SCHEDULED, "40", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_ADULT"}),
            investigation=LOCAL, flags=frozenset({"VULNERABLE_ADULT"}), enhanced_rights=True)),
        S("repeat victim of criminal damage",
          repeat_victim_contact(19),
          E(SCHEDULED, "58C", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation=LOCAL, flags=frozenset({"REPEAT_VICTIM"}), enhanced_rights=True)),
        S("third ASB complaint at one address: case review",
          C("The youths are outside the flats again tonight, banging on doors and shouting", 20,
            house=REPEAT_ASB_HOUSE, postcode=REPEAT_ASB_POSTCODE, category=G.INCIDENT_CATEGORY_ASB_PERSONAL),
          E(SCHEDULED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}))),
        S("burglary reported by a neighbour",
          C("My neighbour's house was burgled while she was in hospital; the back door is open", 21,
            caller_is_victim=False, victim="Nell Neighbour", third_party=True,
            facts=[act(BURGLARY, premises=HOME)]),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("burglary in progress: emergency",
          C("Two men are forcing the back door of the house opposite right now", 22, caller_is_victim=False,
            victim="Owen Opposite", third_party=True, indicators=["in_progress", "suspect_on_scene"],
            offences=["28E"], ago=timedelta(minutes=5), facts=[act(BURGLARY, premises=HOME)]),
          E(EMERGENCY, "28E", recorded=True, referral="REFERRED", investigation=ACQUISITIVE, emergency=True)),
        S("assault with injury outside a pub",
          C("A man I know punched me outside the Red Lion last night and my nose was bleeding", 23,
            suspects=["Dan, a regular at the pub"], lines=[(WITNESS, "bar staff saw it")],
            facts=[act(ASSAULT, injury=INJURY)]),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("stalking by an ex-partner",
          C("My ex keeps following me and turns up at my work every day", 24, domestic_abuse=True,
            judgement=[G.DASH_JUDGEMENT_FACTOR_STALKING], consent=G.VICTIM_CONSENT_GIVEN,
            ago=timedelta(hours=20), facts=[act(G.OFFENCE_ACT_STALKING)]),
          E(PRIORITY, "8Q", recorded=True, referral="REFERRED",
            investigation="Domestic Abuse Investigation Team",
            enhanced_rights=True)),
        S("graffiti on a shop",
          C("Someone sprayed graffiti across the front of my shop overnight", 25,
            facts=[act(DAMAGE, premises=SHOP)]),
          E(RESOLVED, "58B", recorded=True, referral="REFERRED", investigation=FILED)),
        S("laptop stolen from a car, window smashed, CCTV",
          C("Someone smashed my car window and stole my laptop from the car", 26, lines=[(CCTV,
            "car park camera")],
            facts=[act(THEFT, from_a_vehicle=True), act(DAMAGE, premises=CAR)]),
          E(SCHEDULED, "45", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("bike stolen, frame number known",
          C("My bike was stolen from outside the railway station", 27, lines=[(SERIAL,
            "frame number WTU123")], facts=[act(THEFT, property=BIKE)]),
          E(RESOLVED, "44", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("shoplifting with CCTV",
          C("A woman left the shop without paying for two bottles of gin", 28,
            lines=[(CCTV, "store CCTV")], suspects=["woman, 40s, green coat"],
            facts=[act(THEFT, premises=SHOP)]),
          E(SCHEDULED, "46", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("drug dealing reported by a resident",
          C("People are dealing drugs from the flat opposite, cars come and go all night", 29,
            caller_is_victim=False, lines=[(VEHICLE, "blue Golf, registration noted"), (WITNESS,
            "the caller")], facts=[act(G.OFFENCE_ACT_DRUG_SUPPLY)]),
          E(SCHEDULED, "92A", recorded=True, investigation="Neighbourhood Policing Team")),
        S("pickpocket on the bus, no leads",
          C("Someone pickpocketed my wallet on the bus into town", 30,
            facts=[act(THEFT, from_the_person=True)]),
          E(RESOLVED, "39", recorded=True, referral="REFERRED", investigation=FILED)),
        S("van stolen with a tracker",
          C("My van was stolen from my driveway overnight", 31, lines=[(DIGITAL,
            "tracker shows it in Bradford")],
            facts=[act(THEFT, property=G.PROPERTY_KIND_MOTOR_VEHICLE)]),
          E(RESOLVED, "48", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("abusive messages online",
          C("Someone has been sending me abusive messages on social media", 32, lines=[(DIGITAL,
            "screenshots")], facts=[act(G.OFFENCE_ACT_MALICIOUS_COMMUNICATIONS)]),
          E(RESOLVED, "8R", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("threats to kill",
          C("My brother-in-law said he would kill me if I went to the police", 33,
            facts=[act(G.OFFENCE_ACT_THREAT_TO_KILL)]),
          E(SCHEDULED, "3B", recorded=True, referral="REFERRED", investigation=LOCAL, enhanced_rights=True)),
        S("robbery at knifepoint",
          C("I was mugged at knifepoint in the underpass and they took my phone", 34, indicators=["weapon"],
            facts=[act(G.OFFENCE_ACT_ROBBERY, weapon=G.WEAPON_KIND_BLADE)],
            ago=timedelta(hours=1)),
          E(PRIORITY, "34B", recorded=True, referral="REFERRED", investigation=ACQUISITIVE)),
        S("sexual assault on a bus two weeks ago",
          C("A man groped me on the bus two weeks ago and I have only now felt able to report it", 35,
            facts=[act(G.OFFENCE_ACT_SEXUAL_ASSAULT, premises=G.PREMISES_PUBLIC_PLACE)],
            ago=timedelta(days=14), consent=G.VICTIM_CONSENT_GIVEN),
          E(SCHEDULED, "20A", recorded=True, referral="REFERRED",
            investigation="Sexual Offences Investigation Team",
            enhanced_rights=True)),
        S("indecent exposure this morning, support declined",
          C("A man exposed himself to me in the park this morning", 36, consent=G.VICTIM_CONSENT_DECLINED,
            facts=[act(G.OFFENCE_ACT_EXPOSURE_OR_VOYEURISM)]),
          E(PRIORITY, "88E", recorded=True, referral="CONSENT_DECLINED",
            investigation="Sexual Offences Investigation Team", enhanced_rights=True)),
        S("bereaved relative: burglary after a funeral",
          C("My late mother's house was burgled on the day of her funeral", 37, bereaved=True,
            facts=[act(BURGLARY, premises=HOME)]),
          E(SCHEDULED, "28E", recorded=True, referral="AWAITING_CONSENT", investigation=FILED,
            flags=frozenset({"BEREAVED"}), enhanced_rights=True)),
        S("religiously aggravated damage to a mosque",
          C("Someone damaged our mosque and painted graffiti on the door", 38, hate=[G.HATE_STRAND_RELIGION],
            facts=[act(DAMAGE, premises=BUSINESS)]),
          E(SCHEDULED, "58F", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}),
            investigation="Hate Crime Investigation Team", enhanced_rights=True)),
        S("bike found: credible evidence no crime",
          C("My bike was stolen from the garden last week, but it turned up at my friend's house", 39,
            evidence_against="the caller found the bike: a friend had borrowed it with permission",
            facts=[act(THEFT, property=BIKE)]),
          E(RESOLVED, "44", referral="NOT_APPLICABLE")),
        S("two victims of one assault: one crime each",
          C("Two men punched me and my friend outside the takeaway, my friend has a cut lip", 40,
            other_victims=["Fran Friend"], suspects=["two men in black jackets"], lines=[(CCTV,
            "takeaway camera")], facts=[act(ASSAULT, injury=INJURY)]),
          E(PRIORITY, "8N", recorded=True, crimes=2, referral="REFERRED", investigation=LOCAL)),
        S("harassment of a victim in mental health crisis",
          C("My neighbours won't leave me alone, they bang on my door every night and I can't cope", 41,
            indicators=["mental_health"], facts=[act(G.OFFENCE_ACT_HARASSMENT)]),
          E(SCHEDULED, "8L", recorded=True, referral="REFERRED", safeguarding=frozenset({"WELFARE_CHECK"}),
            investigation=LOCAL, flags=frozenset({"MENTAL_HEALTH"}), enhanced_rights=True)),
        S("vulnerable adult scammed: redirect not allowed",
          C("I was scammed by a man on the phone who said he was from my bank", 42,
            indicators=["vulnerable_adult"], outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE,
            facts=[act(FRAUD, property=G.PROPERTY_KIND_PAYMENT_CARD_OR_BANK_ACCOUNT)]),
          E(SCHEDULED, "53C", referral="NOT_APPLICABLE", safeguarding=frozenset({"MASH_ADULT"}))),
        S("shoplifter held by security: emergency",
          C("Our security staff are holding a shoplifter in the office now", 43,
            indicators=["suspect_on_scene"],
            lines=[(CCTV, "store CCTV")], ago=timedelta(minutes=10), facts=[act(THEFT, premises=SHOP)]),
          E(EMERGENCY, "46", recorded=True, referral="REFERRED", investigation=LOCAL, emergency=True)),
        S("man with a knife outside now: emergency",
          C("A man is outside my house right now waving a knife and shouting", 44, offences=["10D", "9A"],
            indicators=["in_progress", "suspect_on_scene"], ago=timedelta(minutes=2),
            facts=[act(G.OFFENCE_ACT_WEAPON_POSSESSION, weapon=G.WEAPON_KIND_BLADE),
                   act(G.OFFENCE_ACT_PUBLIC_FEAR_ALARM_DISTRESS)]),
          E(EMERGENCY, "9A", recorded=True, referral="REFERRED", investigation="Neighbourhood Policing Team",
            emergency=True)),
        S("teenager's bike stolen: a child victim",
          C("My son's bike was stolen from the school bike shed", 45, caller_is_victim=False,
            victim="Tom Son", victim_born=years_ago(14), facts=[act(THEFT, property=BIKE)]),
          E(SCHEDULED, "44", recorded=True, referral="REFERRED", investigation=LOCAL,
            flags=frozenset({"CHILD"}),
            enhanced_rights=True)),
        # Issue 15: third-person and passive accounts decide right once the facts are captured;
        # a phrase alone never records a crime or grades an emergency.
        S("bag snatched from a daughter: passive account, facts captured",
          C("Her bag was snatched by a lad on a bike outside the station", 46, caller_is_victim=False,
            victim="Bea Daughter", third_party=True, facts=[act(THEFT, from_the_person=True)]),
          E(RESOLVED, "39", recorded=True, referral="REFERRED", investigation=FILED)),
        S("shed broken into: passive account with no facts records nothing",
          C("My mum's shed was broken into overnight and her tools were taken", 47),
          E(RESOLVED, "NONE", referral="NOT_APPLICABLE")),
        S("son punched at the bus stop: third person, injury captured",
          C("My son was punched at the bus stop and his nose is bleeding", 48, caller_is_victim=False,
            victim="Sid Son", victim_born=years_ago(19), third_party=True,
            facts=[act(ASSAULT, injury=INJURY)]),
          E(PRIORITY, "8N", recorded=True, referral="REFERRED", investigation=LOCAL)),
        S("calling right now about last week's bike: no emergency",
          C("I'm calling right now because my bike was stolen last Tuesday", 49,
            ago=timedelta(days=6), facts=[act(THEFT, property=BIKE)]),
          E(RESOLVED, "44", recorded=True, referral="REFERRED", investigation=FILED)),
        S("kitchen knife set stolen in a burglary: no weapon",
          C("Someone broke into the house and stole my kitchen knife set", 50,
            facts=[act(BURGLARY, premises=HOME)]),
          E(SCHEDULED, "28E", recorded=True, referral="REFERRED", investigation=FILED)),
        S("online purchase fraud: no street location",
          C("I paid for concert tickets online and they never came", 51,
            facts=[act(FRAUD)], extra={"location": "", "location_kind": G.LOCATION_KIND_ONLINE}),
          E(RESOLVED, "53D", referral="NOT_APPLICABLE")),
        S("boy of 11 sexually assaulted: the classification follows his age and sex",
          C("A man touched my son inappropriately at the swimming baths this afternoon", 52,
            caller_is_victim=False, victim="Leo Son", victim_born=years_ago(11), third_party=True,
            victim_sex=G.SEX_MALE, facts=[act(G.OFFENCE_ACT_SEXUAL_ASSAULT, premises=BUSINESS)],
            consent=G.VICTIM_CONSENT_GIVEN),
          E(PRIORITY, "17B", recorded=True, referral="REFERRED", safeguarding=frozenset({"MASH_CHILD"}),
            investigation="Sexual Offences Investigation Team",
            flags=frozenset({"CHILD", "CHILD_AT_RISK", "SEXUAL_OFFENCE"}), enhanced_rights=True)),
        S("a shop's stock stolen: the organisation is the victim",
          C("Two men took a crate of spirits from our stock room and ran off", 53, caller_is_victim=False,
            facts=[act(THEFT, premises=SHOP)], extra={"organisation_victim": "Corner Stores Ltd"},
            lines=[(CCTV, "stock room camera")]),
          E(SCHEDULED, "46", recorded=True, investigation=LOCAL)),  # no person to refer
        # ---- Issue 15: the decisions made right ----
        S("fraud with money still at risk: kept by the force",
          C("I was scammed by a man on the phone who said he was from my bank and money is still leaving "
            "my account", 55, facts=[act(FRAUD)],
            outcome=G.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE,
            extra={"fraud": G.FraudCallForService(money_at_risk=True)}),
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
          C("I think the people at number 12 are dealing drugs, cars come and go all night", 58,
            caller_is_victim=False, offences=["92A"], extra={"report_type": G.REPORT_TYPE_INFORMATION}),
          E(SCHEDULED, "NONE")),
        S("hate incident the officer found trivial: no NCHI",
          C("Someone in the queue rolled their eyes when I spoke, I think because of my accent", 59,
            hate=[G.HATE_STRAND_RACE],
            extra={"hate_incident": G.HateIncidentThreshold(answered=True,
                                                            trivial_irrational_or_malicious=True)}),
          E(SCHEDULED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"NEIGHBOURHOOD_TEAM"}))),
        S("domestic abuse, third incident in a year: MARAC for potential escalation",
          C("My partner pushed me against the door again tonight", 60, facts=[act(ASSAULT)],
            caller_born=ESCALATING_BORN,
            caller_phone=ESCALATING_PHONE, dash_yes=5, consent=G.VICTIM_CONSENT_GIVEN),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED",
            safeguarding=frozenset({"MARAC", "NEIGHBOURHOOD_TEAM"}),
            investigation="Domestic Abuse Investigation Team",
            flags=frozenset({"DOMESTIC_ABUSE", "REPEAT_VICTIM"}),
            enhanced_rights=True)),
        S("domestic abuse after a MARAC referral: repeat MARAC",
          C("My partner pushed me over in the garden this afternoon", 61, facts=[act(ASSAULT)],
            caller_born=MARAC_BORN,
            caller_phone=MARAC_PHONE, dash_yes=2, consent=G.VICTIM_CONSENT_GIVEN),
          E(PRIORITY, "105A", recorded=True, referral="REFERRED", safeguarding=frozenset({"MARAC"}),
            investigation="Domestic Abuse Investigation Team", enhanced_rights=True)),
        S("a neighbour's welfare, no crime or immediate risk: health partners",
          C("My neighbour is very low and has not left her flat for days, I am worried about her", 62,
            caller_is_victim=False, victim="Nora Neighbour", third_party=True, indicators=["mental_health"],
            category=G.INCIDENT_CATEGORY_PUBLIC_SAFETY_WELFARE),
          E(RESOLVED, "NONE", referral="NOT_APPLICABLE", safeguarding=frozenset({"HEALTH_PARTNERS"}),
            flags=frozenset({"MENTAL_HEALTH"}))),
        S("the offender is coming back tomorrow",
          C("My lodger threatened to smash my windows and says he is coming back tomorrow", 63,
            facts=[act(G.OFFENCE_ACT_THREAT_TO_DAMAGE)],
            extra={"offender_expected_back": G.OffenderExpectedBack(detail="tomorrow evening")}),
          E(SCHEDULED, "59", recorded=True, referral="REFERRED", investigation=FILED)),
    ]  # fmt: skip
    return table
