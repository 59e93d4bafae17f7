"""Rebuild the bundled plan CSVs (themes, areas, actions, milestones) from a hand-read of the seed.

The seed (`seeds/000_516cd6c5b020dab0.txt`, Haringey's 2009 action plan in response to the Joint
Area Review) is a text extraction of PDF tables and is garbled in places, so it cannot be parsed
mechanically. Every action below was read and typed from it; the comments record each judgement
where a table had to be reconstructed. Run from the repository root:

    python -m demo.reconstruct_plan

The output is deterministic; the CSVs it writes are the committed artefact.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

PLAN_DIR = Path(__file__).resolve().parents[1] / "data" / "plan"

# A milestone whose outcome text did not survive the extraction: said so, never invented.
MISSING = "(outcome text missing from the seed extraction)"

THEMES = {
    1: "Leadership and Partnership",
    2: "Delivering best practice",
    3: "Getting the organisation right",
    4: "Early Intervention/universal services",
    5: "Commissioning and resources",
    6: "Delivering success through people",
    7: "Managing the performance and the quality of safeguarding practice",
}

# Titles as in the body headings. 1.3 and 1.4 have no heading in the body: their titles come from
# the table of contents (upper case there, written here in the body's sentence case).
AREAS = {
    "1.1": "Creating a leadership team for safeguarding at partnership level and within agencies",
    "1.2": "Ensuring the leadership teams set the right culture within their organisations, promoting "
           "behaviour that supports the partnership's values and strengthens the commitment to "
           "Partnership working",
    "1.3": "Improve the workings of the LSCB",
    "1.4": "Creation of Children's Trust",
    "2.1": "Child Protection Referral & Assessment Processes",
    "2.2": "Effective and timely Information Sharing",
    "2.3": "Thresholds/ Decision-Making/Assessment",
    "2.4": "Using IT systems and databases to support safeguarding practice and information-sharing",
    "2.5": "Ensuring that child protection meetings facilitate good inter-agency communication and "
           "decision-making",
    "2.6": "Ensuring the implementation of clear and achievable child protection plans",
    "2.7": "Support for Children in Care",
    "2.8": "Respite care and short breaks for carers of children and young people with learning "
           "difficulties and/or disabilities",
    "3.1": "Roles and responsibilities",
    "3.2": "Ensuring the most efficient and effective mix of professional and support skills",
    "3.3": "Ensure sufficient capacity for manageable and safe workloads across all agencies",
    "3.4": "Aligning services to facilitate integrated working",
    "3.5": "Out of Hours Services",
    "3.6": "Accommodation and infrastructure – improving the working environment for staff and clients",
    "4.1": "Building the capacity to intervene early to promote positive outcomes for children and "
           "young people",
    "4.2": "Establish the CAF as the basis within universal and targeted services for identification "
           "and assessment of additional needs and decision making about appropriate intervention",
    "4.3": "Establishing the role of the Lead Professional (LP)",
    "5.1": "Planning and commissioning of services to be based on needs assessment and understanding "
           "of effective practice",
    "5.2": "Establish robust joint commissioning arrangements",
    "6.1": "Recruiting and retaining good staff across the partnership",
    "6.2": "Supervision and Management",
    "6.3": "Developing the skills and confidence of our workforce",
    "6.4": "Engage and empower all staff in the Children's Trust with the change programme",
    "7.1": "Assuring the quality of practice",
    "7.2": "External challenge and scrutiny",
    "7.3": "Consulting and involving children and young people and their communities",
}

# Frequently repeated leads, spelt once.
ACE_PPPC = "Assistant Chief Executive Policy Performance Partnerships & Communications (Haringey Council)"
ACE_POD = "Assistant Chief Executive People & Organisational Development (Haringey Council)"
DCYPS = "Director Children & Young People's Service"
LEGAL = "Assistant Head of Legal – Social Care Team"
HST = "Head of Service Transformation"
HQA = "Head of Service Quality Assurance and Child Protection"
HAND = "Head of Additional Needs and Disabilities"
HCNN = "Head of Children's Network North & Lead for Participation"
MDT = "North MDT Co-ordinator and Integrated Working & Workforce Dev Manager"
QA = "Chair LSCB QA Sub group"


@dataclass
class Action:
    """One action: its rows are (timescale, [outcome bullets]) as laid out in the seed's table."""

    code: str
    text: str
    lead: str
    involved: str
    rows: list[tuple[str, list[str]]]
    indicators: str = ""
    notes: list[str] = field(default_factory=list)  # outcome text that is not a milestone
    milestones: list[tuple[str, str]] | None = None  # explicit (description, timescale) pairs


def A(code, text, lead, involved, rows, indicators="", notes=(), milestones=None):
    """Short constructor, so that the 171 actions below read like the seed's table rows."""
    return Action(code, text, lead, involved, list(rows), indicators, list(notes), milestones)


ACTIONS = [
    # ---------------------------------------------------------------- Theme 1, area 1.1
    A("1.1.1", "To strengthen governance by improving the effectiveness of Safeguarding in the Local "
      "Strategic Partnership and in the delivering of the Community Strategy outcomes.",
      "Chief Executive (Haringey Council)", "Partners to HSP",
      [("Feb - May 2009", ["Children's Trust Executive Performance Management Group established and "
                           "Terms of Reference clear"]),
       ("July 09", ["IDEAS Training in place for the EPMG"]),
       ("March – Sep 09", ["Operational support to the Strategic Partnership reviewed and "
                           "effectiveness increased"])]),
    A("1.1.2", "Ensure partnership's leadership is at strategic level and in compliance with the "
      "Working Together To Safeguard Children (2006) guidance, recognising the different forms of "
      "governance within which partner agencies operate",
      ACE_PPPC, "Partners to HSP",
      [("Feb – May 2009 (as new Children's Trust established)",
        ["Appropriate non executive and executive members of the NHS Haringey Board and senior "
         "officers from partner agencies identified as 'responsible' for Safeguarding in accordance "
         "with each agency's governance.",
         "Programme of decision-making and governance meetings agreed and published (including "
         "briefings to elected members, Partner Boards/Committees, etc.)"])]),
    # 1.1.3 and 1.1.4: the timescale is merged into the involved-groups cell in the extraction.
    A("1.1.3", "Develop a clearly defined vision and values in which partners state where we aspire "
      "to be.", ACE_PPPC, "Partners to HSP",
      [("Feb – Sept 2009",
        ["Corporate Parenting Group replaces Children & Young People's Consultative Committee (CYPPC) "
         "with change in terms of reference",
         "Strategy and priorities around children and young people and safeguarding in Community "
         "Strategy are reviewed and agreed",
         "Local Area Agreement includes agreed indicators and targets on safeguarding.",
         "Community Strategy review informs the development of Children & Young People's Plan (CYPP) "
         "2009-20."])]),
    A("1.1.4", "Be clear that partners share responsibility for all Haringey's children and young "
      "people", "Chief Executive (Haringey Council)", "Partners to HSP / CYPSP",
      [("Feb -Sep 2009",
        ["Induction and information pack for members of HSP and theme boards is clear on "
         "partnerships role and responsibilities on safeguarding in place.",
         "Effective induction and training for new HSP and theme board members on responsibilities "
         "for safeguarding."])]),
    # 1.1.5: the last two bullets sit on a continuation row after the action's row.
    A("1.1.5", "Identify further opportunities for leadership to act as a team across the partnership",
      "Borough Commander", "Partners to HSP",
      [("Feb - May 2009",
        ["Effective out-of-hours process in place for appropriate senior staff across the partnership "
         "to be informed of any critical incident (a child death or serious injury) at night or "
         "weekends.",
         "Develop the work programme of the children's trust to ensure the trust takes a lead on "
         "issues that impact on children, young people and their families in Haringey",
         "Inspection outcomes from all partners are reported to the Safeguarding Policy and Practice "
         "Panel."])]),
    A("1.1.6", "Ensure compliance with the Laming recommendations is reviewed annually",
      "Chair, LSCB", "All partners",
      [("Feb – March 09", ["Laming 2 recommendations considered", "First annual review completed"])]),
    A("1.1.7", "Develop a cross-partnership management/leadership programme focused on safeguarding "
      "and inter-professional working", ACE_POD, f"{ACE_PPPC}, Head of Human Resources",
      [("Sept - Feb 2010",
        ["Shadowing programme for senior leadership teams within and outside of the partnership "
         "developed and in place",
         "Management leadership programme developed"])]),
    A("1.1.8", "Set out explicit guidance for the partnership on the leadership and challenge role of "
      "elected members", "Director C&YPS", "Haringey Council",
      [("Mar – Jun 2009", ["Guidance published"])]),
    # 1.1.9: "CRB checks carried out ..." is printed at the top of 1.1.10's cell but is about CRB
    # checks of Members, so it is read as 1.1.9's second outcome.
    A("1.1.9", "Ensure that all relevant elected members have valid CRB checks",
      "Head of Human Resources", "Haringey Council",
      [("Feb – March 09", ["Risk assessments on need for CRB check of Members complete",
                           "CRB checks carried out for all members identified as needing one"])]),
    A("1.1.10", "Implement the London pledge for Children in Care including establishing elected "
      "member leadership of corporate parenting", DCYPS, "Haringey Council",
      [("Feb – May 09", ["Establish corporate parenting Member group",
                         "Engage CiC across the age spectrum in reviewing and planning service "
                         "development."]),
       ("Apr – Jul 2009", ["Establish a Children in Care Council to represent the viewpoint of "
                           "children in care"])]),
    # ---------------------------------------------------------------- area 1.2
    A("1.2.1", "Involve all agencies in staff activities to promote a culture of openness, enabling "
      "exchange of views and learning where the professional roles of people involved in "
      "safeguarding children and young people are recognised and acknowledged.", DCYPS,
      "All partners",
      [("June – Sept 09", ["First annual staff surveys setup and completed across the partnership "
                           "and plans published to address findings"]),
       ("March – May 09", ["Regular staff forums and practice discussion forums set up, such as the "
                           "social work forum, with staff receiving feedback to issues raised in "
                           "forums"]),
       ("May – July 09", ["Partners share consistent information on structures and changes in "
                          "structures so that all staff are clear about how partner agencies work."]),
       ("November 09", ["Annual conference on safeguarding for all staff"])]),
    # 1.2.2 and 1.2.3: the extraction lost the outcome text of the rows below the first; their
    # lead / involved / timescale survive on rows with no action number. The three unnumbered rows
    # above "1.2.3" are read as further rows of 1.2.2.
    A("1.2.2", "Ensure leaders and senior managers within the partnership receive appropriate "
      "training and development.",
      "Chair of Children's Workforce Development Group; Director, C&YPS; Chair of LSCB training sub "
      "group; Head of Schools Personnel",
      "All, Haringey Council, Safeguarding Children's Board Training & Development sub-group",
      [("May - July 09", ["Gap analysis used to inform training and development needs"]),
       ("Aug - Dec 09", ["Management and leadership skills and competencies across partners agreed"]),
       ("February – March 09", []),
       ("Feb – Sep 09", []),
       ("June – September 09", [])]),
    A("1.2.3", "Invite Youth Council to be involved in delivery of JAR action plan", DCYPS, "",
      [("March – November 09", []), ("March – June 09", []), ("Feb - March 2009", [])]),
    # ---------------------------------------------------------------- area 1.3 (heading missing)
    A("1.3.1", "Commission a peer review from an LSCB that has evidenced good practice and effective "
      "safeguarding", "Chair LSCB", "Partners to LSCB",
      [("Feb – May 09", ["Identify strengths and weaknesses of present arrangements.",
                         "Recommendations for change made and membership extended as necessary."]),
       ("May to Dec 09", ["Appropriate training invoked for LSCB, both relative to need and the "
                          "demands of legislation and any other forthcoming recommendations"])]),
    A("1.3.2", "LSCB Chair becomes member of Children's Trust, challenging CTB on safeguarding issues",
      "Chair LSCB", "Partners to CYPSP & LSCB",
      [("Feb - May 2009", ["LSCB Chair member of Children's Trust Board"])]),
    A("1.3.3", "Implement best practice approach for investigating serious case reviews", "Chair LSCB",
      "Partners to LSCB",
      [("Feb – May 2009",
        ["Review membership and terms of reference for SCR panels.",
         "Ensure sufficient resources to undertake SCRs.",
         "Establish clear pathways between SCR panels and other LSCB mechanisms eg. Child Death; QA "
         "& operational practice group.",
         "Develop clear communication strategy to inform staff of the fact and outcome of all reviews.",
         "Improve mechanism for implementing learning from SCR.",
         "Ensure regular monitoring of recommendations of SCR and action taken"])],
      notes=["All SCRs and IMRs will be at least adequate as judged by Ofsted."],
      milestones=[("Review membership and terms of reference for SCR panels; Ensure sufficient "
                   "resources to undertake SCRs.", "Feb – May 2009"),
                  ("Establish clear pathways between SCR panels and other LSCB mechanisms; Develop "
                   "clear communication strategy to inform staff of the fact and outcome of all "
                   "reviews.", "Feb – May 2009"),
                  ("Improve mechanism for implementing learning from SCR; Ensure regular monitoring "
                   "of recommendations of SCR and action taken", "Feb – May 2009")]),
    A("1.3.4", "Review existing LSCB protocols, guidance and information to public", "Chair LSCB",
      "Partners to LSCB",
      [("Feb – Dec 09", ["The content of all LSCB publications is up to date and compliant with "
                         "relevant statutory guidance",
                         "All LSCB publications carry a built-in review date",
                         "LSCB publications are easily identified and accessible"])]),
    A("1.3.5", "Review LSCB commissioning arrangements", "Chair LSCB", "Partners to LSCB",
      [("Feb – Dec 09", ["Commissioning arrangements are clear and accountable"])]),
    A("1.3.6", "Review sub groups of LSCB, including development of practice review group",
      "Chair LSCB", "Partners to LSCB",
      [("February - May 2009", ["All sub-groups have clear purpose, terms of reference and "
                                "appropriate membership"])]),
    A("1.3.7", "Implement new working arrangements", "Chair LSCB", "Partners to LSCB",
      [("May - December 2009",
        ["New working arrangements and channels of appropriate communication are in place, to the "
         "confidence of professionals and the public",
         "Agreed model for LSCB determined as above and in place",
         "All members clear about their roles and responsibilities, both in relation to the LSCB and "
         "their host agencies.",
         "All members are of appropriate seniority within their respective agencies and are "
         "empowered to make decisions as necessary."])]),
    # ---------------------------------------------------------------- area 1.4 (heading missing)
    A("1.4.1", "Review models for Children's Trusts and strategic partnerships",
      "Interim Director Special Projects", "Partners to CYPSP",
      [("Feb - April 09", ["Propose a model for a Children's Trust that reflects best practice and "
                           "meets 2009 statutory guidance", "Report to Cabinet"])]),
    A("1.4.2", "Identify Children's Trust's accountabilities in general and with particular reference "
      "to Haringey", "Interim Director Special Projects", "Partners to CYPSP",
      [("Feb - April 09", ["Accountabilities agreed in line with legislation, statutory guidance and "
                           "Haringey priorities and clarified for all levels of the Trust (such as "
                           "Board, Executive Group, Management Group)"])]),
    A("1.4.3", "HSP agrees new Children's Trust", "HSP", "Partners to HSP",
      [("Feb – June 09", ["Agree the membership of the Children's Trust and clarify the role and "
                          "responsibility of members.",
                          "Agree terms of reference for Children's Trust",
                          "Agree governance and structure for the Children's Trust and how it fits "
                          "within the HSP governance"])]),
    A("1.4.4", "Produce joint communications strategy and approach for the Children's Trust to "
      "promote the safeguarding of children and young people",
      "Communication Officer C&YPS (Haringey Council)", "All partners",
      [("Jun – Oct 09",
        ["Review current agencies' communications strategies",
         "Communications Strategy agreed",
         "Ensure all communications planning is multi-agency in approach and coherent in delivery",
         "Review and develop work to build awareness, disseminate information and influence the "
         "opinion of: Residents/Taxpayers, Services users including children and young people, "
         "Partners, Staff",
         "Review and agree audiences, messages and methods of communicating them.",
         "Review current and ongoing arrangements for this area",
         "Consistent communications and messages to all staff in partner agencies"])],
      milestones=[("Review current agencies' communications strategies", "Jun – Oct 09"),
                  ("Communications Strategy agreed", "Jun – Oct 09"),
                  ("Consistent communications and messages to all staff in partner agencies",
                   "Jun – Oct 09")]),
    A("1.4.5", "Review ways of involving young people and the Youth Council in the Children's Trust "
      "and its work.", HCNN, "Partners to CYPSP",
      [("May – Aug 09", ["Consultation carried out during summer via Summer University."]),
       ("Aug - Dec 09", ["Consideration of findings and action taken to ensure children and young "
                         "people are fully engaged in the Children's Trust"])]),
    A("1.4.6", "Agree and deliver a Children and Young People's Plan", DCYPS,
      "Partners to CYPSP (via sub group developing CYPP)",
      [("Sep 08 – Jul 09", ["Consult on new CYPP"]),
       ("Jul – Aug 09", ["Publish new CYPP Sept 09, ensuring that this anticipates the new guidance "
                         "for all plans due to be implemented 2011 onwards"])]),
    # ---------------------------------------------------------------- Theme 2, area 2.1
    # 2.1.1: the monitoring bullet is on a continuation row after the action's row.
    A("2.1.1", "Develop new pathway for referrals into children's social care to deliver an "
      "efficient, effective, child-focused service.", "C&YPS DDC&F", "C&YPS",
      [("February – April 09",
        ["Pathway to ensure: single data entry for all contacts/referrals; all referrers clear about "
         "what is expected of them; high quality information gathering at referral stage; decisions "
         "on actions to be taken made within 24 hours; referrers informed of outcome and reasons for "
         "decision in writing within 48 hours",
         "Monitoring via case file audit (7.1.1) and audits published to Safeguarding Policy and "
         "Practice Panel and Children's Trust members (7.2.2)"])],
      indicators="NI68"),
    A("2.1.2", "Integrate the referral pathways for children's social care and CAF.", "C&YPS DDC&F",
      "C&YPS, Health (GOSH and CAMHS)",
      [("Feb – July 09",
        ["Children and young people receive support from the most appropriate service",
         "information gathered through the CAF process will inform further assessment work where "
         "needed",
         "Monitoring via case file audit (7.1.1) and audits published to Safeguarding Policy and "
         "Practice Panel and Children's Trust members (7.2.2)"])],
      indicators="NI68"),
    A("2.1.3", "Wherever possible all agencies use the CAF to avoid duplication and support better "
      "information gathering at initial stages.", "C&YPS DDC&F", "C&YPS, Police, Health, Schools",
      [("Feb - May 09", ["Agreement reached on which agencies use the form in which circumstances",
                         "Implementation"])]),
    A("2.1.4", "Ensure that managers discuss all new case allocations with social workers before "
      "electronically allocating the case", "Deputy Director Children & Families, C&YPS", "C&YPS",
      [("Feb – Mar 2009", ["implemented"])],
      notes=["This will be monitored via feedback from social work staff through team meetings, "
             "social work forum, and partnership staff survey"]),
    # 2.1.5: the closing monitoring note is printed at the top of 2.1.6's cell.
    A("2.1.5", "Ensure that social workers are not allocated more cases than is manageable",
      "Deputy Director Children & Families, C&YPS", "C&YPS",
      [("Feb 2009", ["Implement regular monitoring and reporting on caseloads to senior managers and "
                     "take steps to secure additional short-term capacity where necessary"]),
       ("Feb – Mar 09", ["Clarify escalation procedures to ensure staff and managers are able to "
                         "raise concerns when work loads become too high"]),
       ("Feb – Apr 09", ["Agree caseload weighting system and ensure this feeds into workload and "
                         "staffing assessment (see 3.3.1)"])],
      notes=["In addition to regular reports, this will also be monitored via feedback from social "
             "work staff through team meetings, social work forum, and partnership staff survey"]),
    A("2.1.6", "Develop practice protocols to ensure that where there is more than one child in a "
      "family group each child's needs will be taken into account and decisions/actions clearly "
      "recorded on each file", "C&YPS DDC&F", "C&YPS",
      [("February – May 09", ["Practice Protocols developed on what information needs to be "
                              "replicated or cross referenced on each siblings file",
                              "Ensure that duty workers/managers are aware of where to access/record "
                              "important information"])]),
    # 2.1.7: the timescale cell also holds "All cases to comply with these requirements by May 09.",
    # an outcome, moved to the outcomes; "Monitoring by case file audit." opens 2.1.8's cell.
    A("2.1.7", "Improve the overall quality of information and analysis within Initial and Core "
      "assessments Section 47 investigations and conference reports and ensure that these "
      "consistently meet agreed minimum standard", "C&YPS DDC&F", "C&YPS",
      [("Feb – May 09",
        ["All cases to comply with these requirements by May 09: the child and their family are seen "
         "as part of the assessment; the child is spoken to alone where there are concerns for that "
         "child's safety; social workers demonstrate \"professional scepticism\" (Laming); the "
         "assessment evidences multi agency information gathering; the views of the carers and other "
         "professionals, including any disagreements, are clearly recorded; risk analysis is "
         "evidenced; there is a clear plan for that child/young person outlining what actions the "
         "\"team around the child\" will be taking; the family and relevant professionals are kept "
         "advised of progress and receive a copy of the assessment",
         "Monitoring by case file audit."])],
      indicators="NI59;NI60"),
    A("2.1.8", "Ensure that social care case transfer protocols are in place and implemented in "
      "practice to ensure a seamless service for the child /young person", "C&YPS DDC&F", "C&YPS",
      [("Feb – March 09", ["Protocols established"]),
       ("April 09", ["Protocols implemented", "Monitoring via case file audit"])]),
    A("2.1.9", "Establish thresholds for attendance of police investigators at medical examinations "
      "in cases of physical abuse", "OCU Commander SCD5, MPS", "MPS",
      [("Feb- Sep 09", ["Thresholds established within MPS and resources assessed"])]),
    A("2.1.10", "Improve strategic and operational partnership between Adult, Culture and Community "
      "and Children and Young People Services", "C&YPS DDC&F", "C&YPS, Adult social care",
      [("Feb – May 09", ["Review protocols for joint work between adult's (Parental Mental illness, "
                         "Learning Disability, Substance Misuse, Domestic Violence) and children's "
                         "safeguarding services, including the routine cross-checking of referrals "
                         "and follow-up of information obtained"]),
       ("June 09 – March 10", ["Support implementation of the protocols with joint training.",
                               "Monitor through regular review meetings"])]),
    # 2.1.11 / 2.1.12: "Monitoring via case file audit • Updated version issued" is printed in both
    # rows; "Updated version issued" belongs to the procedures manual (2.1.12).
    A("2.1.11", "All targeted and specialist services that hold case files on children and young "
      "people will ensure that each case file includes a minimum standard set of information",
      "LSCB QA Sub Group Chair", "All partners",
      [("Jan – May 09",
        ["All case files to meet this standard",
         "All case files to include: an agreed set of up-to-date key biographical details (family "
         "members, involved professionals, telephone numbers); a record of all case management "
         "decisions taken; chronology and log of meetings; Differentiation between fact and "
         "professional opinion; An action plan of how the information recorded will be acted on; "
         "Analysis of the information gathered",
         "Monitoring via case file audit"])]),
    # 2.1.12: the lead cell reads "Head of / Service Transformation" split across two lines.
    A("2.1.12", "Review and update children's social care procedures manual to incorporate changes "
      "to policies and procedures", HST, "C&YPS, Legal Services, NHS Haringey, Police",
      [("Apr – Oct 09", ["Monitoring via case file audit", "Updated version issued"])]),
    # ---------------------------------------------------------------- area 2.2
    # 2.2.1: five timescale rows survive, their outcome text does not. The three "Feb – May 09"
    # rows are kept as one milestone.
    A("2.2.1", "Review and re-publish information sharing protocols and guidance", ACE_PPPC, "All",
      [("Feb – May 09", []), ("May 09", []), ("May to Jul 09", [])]),
    # 2.2.2: only the last line survives ("facilitate the discharge of their statutory duties |
    # Council) | All | Feb – Aug 09 | Programme agreed"). The text is completed from the addendum
    # (Overview and Scrutiny point vi, "now included in the plan at 2.2.2"); the lead's post is lost.
    A("2.2.2", "Develop a clear protocol on Members' access to information in accordance with national "
      "legislation, specifically relating to the different roles within the Authority, such as the "
      "accountable Cabinet Member and Corporate Parenting roles of all Councillors, in order to "
      "facilitate the discharge of their statutory duties",
      "Haringey Council (post not legible in the seed)", "All",
      [("Feb – Aug 09", ["Programme agreed"])]),
    # 2.2.3: the timescale sits in the involved-groups cell (involved groups lost);
    # "Monitor attendance at training" opens 2.2.4's cell.
    A("2.2.3", "Implement programme of joint training and communication", "Head of Children's Networks",
      "",
      [("Sep 09 – Aug 10",
        ["Roll-out programme of joint training and communication to practitioners",
         "All practitioners and managers will: understand the Information Sharing Protocol; know when "
         "to share information and do so in a timely manner; operate on an assumption in favour of "
         "sharing information in the best interests of the child and are empowered to do so; "
         "continually re-assess situations and re-evaluate the need to share information in light of "
         "new information arising; make use of all relevant databases including ContactPoint",
         "Monitor attendance at training"])]),
    A("2.2.4", "Implement procedure whereby all agencies routinely collect information on universal "
      "services accessed by each child/family they come in contact with and inform those universal "
      "services where there is a gap in provision", "Head of Children's Networks",
      "Health, MPS, Council",
      [("May 09 – Aug 09", ["Information sets, participating agencies and processes for sharing "
                            "information agreed",
                            "Monitoring via audit of records of relevant agencies"])]),
    A("2.2.5", "Implement the proposals for GPs to take responsibility for the local medical "
      "monitoring of treatment of children subject to a CP plan and ensuring that information is "
      "shared with key colleagues within health and children's social care",
      "Deputy Chief Executive NHS Haringey",
      "Medical Director HTPCT, Clinical Executive Chair HTPCT, Director Primary Care & Performance "
      "HTPCT and Deputy CEO HTPCT, Designated Doctor and Director of Operations GOSH Partnership, "
      "Director of CAMHS BEH-MHT",
      [("Dec 08", ["Proposals agreed"]), ("Jan- March 09", ["Roll-out to practices"])]),
    # 2.2.6 – 2.2.10: the extraction kept action, lead and involved groups only; timescale and
    # outcomes are lost.
    A("2.2.6", "Ensure that GPs respond in a timely manner to requests from CYPs colleagues for "
      "consultation about a child with a child protection plan, to incl. emergency access in case of "
      "dire emergency", "Chair of Clinical Exec Committee, NHS Haringey", "Haringey Council",
      [("", [])]),
    A("2.2.7", "Implement routine cross-checking of children subject to subject to a CP plan against "
      "the temporary accommodation and other housing databases",
      "Head of Service for Safeguarding and Children in Need", "Haringey Council", [("", [])]),
    A("2.2.8", "Ensure that housing refer to children's social care where they are aware of children "
      "living in accommodation they deem unsafe.", "ADS&CH", "Haringey Council", [("", [])]),
    A("2.2.9", "Introduce protocols for sharing information with children's centres on children "
      "subject to a child protection plan within their reach area.", "Head of Children's Networks",
      "Haringey Council, Children's Centres", [("", [])]),
    A("2.2.10", "Review and implement joint protocol for disclosure of C&YPS files to Police and "
      "Courts.", LEGAL, "Haringey Council, OCU Commander SCD5", [("", [])]),
    # ---------------------------------------------------------------- area 2.3
    # The extraction prints the actions first and the outcome cells afterwards, in order; they are
    # re-paired here. Timescales for 2.3.1 and 2.3.3 are lost; 2.3.2's timescale is merged into
    # its first outcome ("Briefing sessions and training June – Nov 09 then periodically").
    # From 2.3.4 on, the timescale sits in the involved-groups cell (involved groups lost).
    A("2.3.1", "Develop and publish a clear set of thresholds that operate across specialist, targeted "
      "and universal services to provide guidance on levels of vulnerability and the service "
      "required to address these, in line with the guidance in Working Together section 3.18-3.21.",
      "Deputy Director Children & Families; Chair, LSCB", "Haringey Council, All",
      [("", ["Social care thresholds in place",
             "Threshold for vulnerability in place and operational across all agencies"])],
      indicators="NI68"),
    A("2.3.2", "Implement programme of multi-agency training to ensure practitioners across the "
      "partnership have a common understanding of thresholds and use a common language to talk "
      "about need and vulnerability", "Chair, LSCB", "All",
      [("June – Nov 09 then periodically",
        ["Briefing sessions and training",
         "Numbers of staff to be trained identified by each agency",
         "Effectiveness to be measured by staff survey/supervision"])],
      indicators="NI68"),
    A("2.3.3", "Issue guidance and develop training on risk assessment, addressing sharing of relevant "
      "information, joint assessment of risk, and clear and explicit recording of the rationale for "
      "decisions", "CYPs Deputy Director of Children & Families", "All",
      [("", ["Develop and issue guidance on risk assessment and recording",
             "Monitor through case file sampling"])]),
    A("2.3.4", "Conduct multi-agency Child Protection exercises for key staff using MACIE methodology",
      "OCU Commander SCD5, MPS", "",
      [("Feb – Sep 09", ["Multi-agency Child Protection exercises and programmes agreed"]),
       ("Oct 09 – Sep 10", ["Roll-out programme (multi-agency Child Protection exercises)"])]),
    A("2.3.5", "Review decision-making processes within children's social care to ensure decisions "
      "(e.g. requests for placements) are made at the appropriate level", "C&YPS DD C&F", "",
      [("Jan – May 09", ["Issue guidance sharing of relevant information, assessment of risk, clear "
                         "and explicit recordings of the rationale for decisions",
                         "Monitored through supervision"])]),
    A("2.3.6", "Ensure that MPS use relevant information from the violent and sexual offender "
      "register to inform decision making and risk assessment",
      "OCU Commander TPHQ, MPS; OCU Commander SCD5, MPS; OCU Commander MIB SCD25, MPS", "",
      [("Jan – May 09", ["Develop compliance model for BOCU through Public Protection Group Control "
                         "Strategy."]),
       ("Jan – May 09", ["Develop compliance model for SCD5 through SCD5 Control Strategy. "
                         "(DSu Knight)"]),
       ("Jan – May 09", ["Ensure MIB staff are suitably trained and instructed on use of ViSOR"]),
       ("June – Dec 09", ["Employ two researchers for BOCU Public Protection Desk"])]),
    A("2.3.7", "Ensure that CAIT receive required information in domestic violence cases",
      "OCU Commander TPHQ, MPS; OCU Commander SCD5, MPS", "",
      [("Feb 09", ["Update Domestic Violence SOPs"]),
       ("Feb – May 09", ["Review awareness and training of CAIT staff on MAPPA and ViSOR"])],
      notes=["Compliance with this requirement will be via monitoring reports from the CRIS & Merlin "
             "IT systems. See also 2.4.8 on improvements to the CRIS and Merlin systems that will "
             "facilitate the flow of information."]),
    A("2.3.8", "Ensure that the rationale for all key case decisions is made explicit and recorded, "
      "across all agencies", "Chair LSCB QA Sub-group", "All",
      [("Jan – May 09", ["Procedures for recording key decisions agreed and in place",
                         "Monitor via case file audit"])]),
    # 2.3.9: the timescale cell wraps as "May – Sept" / "09".
    A("2.3.9", "Put in place escalation procedures across all partners to resolve disagreements where "
      "practitioners are unable to arrive at a consensus – in – line with London CP procedures "
      "section 18.6", "Chair LSCB P&P sub-group", "All",
      [("May – Sept 09", ["Procedure agreed"])],
      notes=["Reports will be prepared to LSCB P and P sub-group on the use and effectiveness of "
             "these escalation procedures."]),
    # ---------------------------------------------------------------- area 2.4
    A("2.4.1", "Re-engineer finance workflow in FWI to simplify the process of purchasing services and "
      "reduce social work time given to this task", "Achieving Excellence Programme Manager",
      "C&YPS Finance",
      [("Feb - June 09", ["Revised Fwi in place, relevant staff trained to use new system."])]),
    A("2.4.2", "Establish ICS/FWI support teams to stabilise current system use and support "
      "implementation of future configuration. Combined with practice focus initiatives to build the "
      "confidence of social workers in the use Framework-1", HST,
      "C&YPS, Achieving Excellence Programme Manager",
      [("Feb - June 09", ["Establish and train teams of IT/FWI/ICS specialists to support social "
                          "workers and managers in use of system.",
                          "Impact on practice evaluated"])]),
    # 2.4.3: items a) to l) are part of the action. The lead / involved / timescale printed beside
    # item l) ("Head of Service Transformation | C&YPS | Mar 09 – Feb 10") belong to 2.4.4, whose
    # own row has none.
    A("2.4.3", "Review the current ICS processes on Framework-1 and make changes that support best "
      "practice requirements in social work. This includes: a) continue to work with Corelogic to "
      "identify any areas for improvement; b) Continue to work with other boroughs both with the ICS "
      "Sub Group and outside it to share ideas and identify best practice models; c) Review the use "
      "of the ICS forms within social work practice as a tool for effective information gathering "
      "and analysis; d) Implement identified workflow and other changes needed to reflect improve "
      "practice – including changes to CP Plans and conference documents; e) Align language used "
      "within Framework-1 to that used within social work practice; f) Make sure that documentation "
      "accepted by courts is supported on Framework-1 (including Core Assessments and Chronologies)- "
      "as covered by ICS Phase 1C; g) Reflect the transfer protocols between different teams on the "
      "system; h) Look at ways of reducing repetition of information required within ICS at a local "
      "level and engage in the national debate; i) Identify how social workers can be supported to "
      "spend more time doing \"social work\"; j) Continue to attend and participate in forums, "
      "consultations and discussions on ICS, with the view to ensure that it is a more practice led "
      "system both locally and on a national level; k) Integrate findings of the Social Work Task "
      "Force; l) Continue to participate in DCSF's benefits work and extend this work on a local "
      "level following the implementation of the changes outlined in the improvement plan", HST,
      "Head Of Systems Development & Performance, Head of Information Strategy and Communications, "
      "ICS Programme Manager",
      [("July 09", ["Review completed and changes implemented"])]),
    A("2.4.4", "Implement data quality improvements on Framework-1 system (e.g. through cleansing) - to "
      "support staff in using the system more effectively: a) Cleansing personal details screen; "
      "b) Identifying and cleansing duplicate files; c) Ensuring that information in relation to "
      "personal and professional relationships are recorded correctly; d) Cleansing of out of date "
      "child purchase services; e) Develop scanning and uploading protocols; f) Cleansing plans and "
      "working with staff to ensure that plans are recorded correctly and used effectively", HST,
      "C&YPS",
      [("Mar 09 – Feb 10", ["Improvements implemented"])]),
    A("2.4.5", "Extend the use of FWI as a Case Management system (CMIS) for services that work with "
      "children and young people in the Children and Young People Service",
      "Head of Information Strategy and Communications",
      "C&YPS, Achieving Excellence Programme Manager",
      [("April 10 – Mar 12", [])]),
    A("2.4.6", "Ensure that all appropriate health services have access to 'live' information on "
      "children with CP plans, including the detail of what the plan is.", HST,
      "C&YPS, Health (as above)",
      [("Feb- Sep 09", ["'Appropriate' staff identified and arrangements in place"])]),
    A("2.4.7", "Extend the use of Framework-I to Children in Care Health team", HST,
      "C&YPS, Health (as above)",
      [("Nov 09 – Apr 10", ["To be in place by April 10"])]),
    A("2.4.8", "Develop interface between CRIS and Merlin to facilitate information sharing and risk "
      "assessments", "OCU Commander TPHQ, MPS", "MPS",
      [("Feb – Sep 09", ["Requirements and approach agreed"]),
       ("Oct 09 – Dec 10", ["Implementation"])]),
    # ---------------------------------------------------------------- area 2.5
    A("2.5.1", "Ensure attendance of appropriate staff at all child protection meetings",
      f"LSCB Chair; {HQA}", "All",
      [("March 09", ["All partners to formally commit through the LSCB that they will ensure "
                     "attendance of appropriate staff at all child protection meetings, or in "
                     "exceptional circumstances send a written report to the chair of the meeting no "
                     "less than 24 hrs before the meeting"]),
       ("Feb – April 09", ["Ensure that all relevant professionals are invited to child protection "
                           "meetings and that the invites go out in a timely fashion"]),
       ("Feb – July 09", ["Ensure times and locations of child protection meetings facilitate the "
                          "attendance of those professionals most central to the particular case, "
                          "including where relevant holding meetings in hospitals and schools"]),
       ("Sep 09", ["Report to LSCB with records of attendance (6 months after)"])]),
    A("2.5.2", "Improve the quality of child protection meetings", f"{HQA}; LSCB T&D Sub - group",
      "All",
      [("Jan – April 09", ["Communicate key messages from Working Together and the London Child "
                           "Protection Procedures with regard to \"strategy\" discussions and "
                           "meetings, S47 investigations, core groups and initial CP conferences, to "
                           "ensure that all staff understand and fulfil their roles and "
                           "responsibilities"]),
       ("Jan – Aug 09", ["Develop and implement training and development programme and performance "
                         "management to ensure the competence of all conference chairs, in line with "
                         "the London Child Protection Procedures"]),
       ("Feb – Aug 09", ["Develop and implement training programme for meeting participants to "
                         "promote effective challenge across professional disciplines"]),
       ("Feb – June 09", ["Develop and implement structured approach to meeting observation and "
                          "feedback"])]),
    A("2.5.3", "Ensure the quality and timeliness of distribution of child protection minutes", HQA,
      "All",
      [("Jan – April 09", ["Ensure the details of the child protection plan are distributed within "
                           "48 hours and full minutes are distributed within 15 working days"]),
       ("Sep 08", ["Report on CP meetings to LSCB with monitoring results"])]),
    A("2.5.4", "Review and implement protocols for legal services working with C&YPS, to include: "
      "(i) Legal Planning Meeting procedures (ii) Escalation of concerns (iii) Case Conferences "
      "(iv) Strategy Meetings (v) Public Law Outline meetings", LEGAL, "Haringey Council",
      [("Feb 09", ["Regular meetings established between C&YPS Core Team and Legal Services to "
                   "ensure monitoring of work undertaken and identification and review of high risk "
                   "cases"]),
       ("Feb – Apr 09", ["Protocols refreshed and implemented"])]),
    # ---------------------------------------------------------------- area 2.6
    # 2.6.1: the list that followed "This will include that all plans:" is lost.
    A("2.6.1", "Ensure that all CP plans meet an agreed minimum standard. This will include that all "
      "plans:", HQA, "All",
      [("Jan – April 09", ["Agree and publish required standard for all CP plans"]),
       ("May 09", ["All plans to meet required standards"]),
       ("June 09", ["Report case file audits to LSCB Sub Group"])],
      indicators="NI64;NI65", notes=["To be monitored via case-file audit"]),
    A("2.6.2", "Ensure that the membership of each 'core group' is clearly defined, with all "
      "practitioners understanding their role and responsibilities and as part of the 'team around "
      "the child'.", "C&YPS", "All",
      [("Jan – May 09", ["Core Group to meet this standard"])], indicators="NI64;NI65"),
    # ---------------------------------------------------------------- area 2.7
    A("2.7.1", "Improve the quality and accuracy of health assessments for children in care",
      "Head of Children's Commissioning", "C&YPS, NHS Haringey, GOSH",
      [("Feb 09", ["establish multi-agency working group to support improvement"]),
       ("Feb – Aug 09", ["employ an additional CiC Nurse to enable the CiC Health Team to support "
                         "Social Workers in ensuring that the information to support the initial "
                         "health assessment is available to the paediatrician"]),
       ("Apr 09 – Apr 10", ["Establish procedures to ensure: initial health assessments are carried "
                            "out by a paediatrician/ designated doctor for children in care; All "
                            "follow up assessments are reviewed by the designated doctor, with "
                            "inadequate reports followed up by primary care performance"]),
       ("Apr – Aug 09", ["Develop programme of training for GPs, social workers and other "
                         "professionals around the health needs of children in care"]),
       ("Sep 09 – March 10", ["introduce bi-annual health reviews for children and young people in "
                              "care with targeted health needs."])]),
    A("2.7.2", "Improve the long-term placement stability of children looked after",
      "Head of Service Children in Care",
      "C&YPS, Tavistock & Portman Trust, LSCB, Police, NHS Haringey, BEH-MHT",
      [("Feb – Sep 09", ["Collate and analyse evidence on the causes of placement breakdown, "
                         "including: Audit of unplanned discharges; Review of IFA and private and "
                         "voluntary placement providers; Analysis of factors that influence provision "
                         "breakdown"]),
       ("Feb – Sept 09", ["Undertake review of IFA and private and voluntary placement providers (to "
                          "include an audit of unplanned discharges) and ensure the findings from "
                          "this feed into the commissioning strategy"]),
       ("Feb – Sept 09", ["Improve quality of decision making at care threshold points through "
                          "enhanced use of multidisciplinary assessments"]),
       ("Feb 09 – Mar 10", ["Review foster carer recruitment strategy and increase proportion of "
                            "directly employed Haringey foster carers"])],
      indicators="NI62;NI63"),
    # 2.7.3: the attendance-gap outcome is printed at the foot of 2.7.2's cell.
    A("2.7.3", "Support the school attendance of Children in Care",
      "Head of Children in Care Education Team",
      "Social workers, Children's Homes, Schools, Multi-Disciplinary Teams",
      [("Sep 09 – Apr 10", ["Implement procedure to ensure an attendance target is included in each "
                            "Personal Education Plan",
                            "Further develop information-sharing between agencies on children "
                            "identified as high-risk",
                            "Gap between average CiC attendance and overall borough attendance will "
                            "be narrowed."])]),
    A("2.7.4", "Implement procedure for tracking plans of all children under 6 coming into care to "
      "ensure prompt placement for adoption where appropriate",
      "Deputy Director Children & Families, C&YPS", "Haringey Council",
      [("Feb – May 09", ["Procedure implemented"])], indicators="NI61"),
    # ---------------------------------------------------------------- area 2.8
    A("2.8.1", "Establish a steering group to provide strategic leadership for the implementation of "
      "the Aiming High: better support for disabled children and their families.", HAND,
      "C&YPS, NHS Haringey", [("Feb – March 09", ["Group established"])]),
    A("2.8.2", "Consult parents /carers and young people on the short break transformation programme",
      HAND, "C&YPS, NHS Haringey, Markfield Project",
      [("Feb – March 09", ["Consultation complete"])]),
    A("2.8.3", "Establish a range of short breaks, based on the outcomes of the consultation and "
      "drawing on universal and voluntary services and specialist services.", HAND,
      "C&YPS, NHS Haringey", [("April 09 – March 11", ["Programme implemented"])]),
    A("2.8.4", "Establish system for the collection and use of robust data and information to "
      "determine current service use, needs and gaps and which will underpin planning and "
      "commissioning of short breaks.", HAND, "C&YPS, NHS Haringey",
      [("Feb – May 09", ["System in place"])]),
    A("2.8.5", "Develop workforce strategy to ensure both quality and sufficiency of the short break "
      "workforce (carers and staff) to meet the identified scale of service expansion and the "
      "requirements of the Full Service Offer.", HAND, "C&YPS, NHS Haringey",
      [("April 09 – March 11", ["Strategy developed"])]),
    # ---------------------------------------------------------------- Theme 3, area 3.1
    # 3.1.1: five timescale rows; the first "Evaluation report" printed in 3.1.2's cell is 3.1.1's
    # fifth (July 2010), leaving 3.1.2 with two outcomes for its two timescales.
    A("3.1.1", "Reorganise the CIN & Safeguarding service to minimise the need for case handovers and "
      "so that there is continuity for children and their families, referrers, and colleagues in the "
      "team around the child", "C&YPS DD C&F", "C&YPS, LSCB",
      [("Feb- May 09", ["Proposal"]),
       ("May 09", ["Perform baseline of current process"]),
       ("May - July 09", ["Management quality assurance arrangements revised and consulted on"]),
       ("Aug - March 2010", ["Implementation"]),
       ("July 2010", ["Evaluation report"])]),
    A("3.1.2", "Ensure the management arrangements of Independent Reviewing Officers secure sufficient "
      "independence and improve advocacy for children in line with statutory requirements",
      "C&YPS DD C&F", "Independent Reviewing Officers",
      [("April – May 09", ["New management arrangements in place"]),
       ("July 10", ["Evaluation report"])]),
    A("3.1.3", "Develop provision, roles and expectations of Designated and Named professionals for "
      "NHS Haringey and ensure their reporting arrangements are brought into line with best practice. "
      "Move the designated nurse role to the PCT", "Interim Deputy Chief Executive (NHS Haringey)",
      "Health",
      [("Feb – April 09", ["New job description and strategic roles developed and agreed"]),
       ("May – July 09", ["Implementation"])]),
    A("3.1.4", "Establish single point of entry (SPE) to specialist CAMHS to ensure timely and "
      "equitable access to the appropriate service", "Director of CAMHS", "BEH-MHT, NHS Haringey",
      [("Feb – May 09", ["SPE established"])]),
    A("3.1.5", "Establish dedicated specialist mental health input for Referral and Assessment, "
      "Safeguarding and Children in Need teams, to provide consultation, liaison, and direct work "
      "with children and families", "Head of Children's Commissioning", "CAMHS, R&A staff",
      [("Feb – Sep 09", ["Dedicated input established"]),
       ("Feb - Sep 09", ["Establish baselines for waiting times and access to services"]),
       ("July 2010", ["Evaluation report to monitor waiting times and access to services"])]),
    A("3.1.6", "Develop an in house advocacy service for children's services, to develop capacity and "
      "expertise and to strengthen the partnership working between CYPS and legal.", LEGAL,
      "Haringey Council", [("Apr – Sep 09", ["Service developed"])]),
    # ---------------------------------------------------------------- area 3.2
    A("3.2.1", "Employ screening officers to improve the process for receiving, filtering and "
      "directing referrals to R&A (supported by the duty social work manager) and free up duty social "
      "worker time to undertake assessments", "DD C&F", "C&YPS, Haringey Council HR",
      [("Feb – May 09", ["Screening Officers employed",
                         "Improved workflow through the assessment process",
                         "Increase in the number of successful assessments completed on time",
                         "Improved quality of initial and core assessments",
                         "Monitoring through dip sampling and reporting to Monitoring Group"])],
      indicators="NI59;NI60;NI68",
      milestones=[("Screening Officers employed", "Feb – May 09"),
                  ("Improved workflow through the assessment process", "Feb – May 09"),
                  ("Increase in the number of successful assessments completed on time",
                   "Feb – May 09"),
                  ("Improved quality of initial and core assessments", "Feb – May 09")]),
    A("3.2.2", "Employ additional suitably experienced and trained administrative staff to take on "
      "appropriate duties within CIN & Safeguarding to free up social worker time", "DD C&F",
      "C&YPS, Haringey Council HR",
      [("Feb – April 09", ["Administrative staff employed", "Increased contact time with families",
                           "Speedier assessment & improvement in quality of assessment",
                           "Quicker identification of needs and services"])],
      indicators="NI59;NI60"),
    # 3.2.3: no timescale in the seed.
    A("3.2.3", "Establish a flexible \"contact service\" which is responsive to the needs of children "
      "in care and their families and meets the requirement of court", HST, "C&YPS",
      [("", ["Specify and agree requirements", "Perform gap analysis of resourcing gap",
             "Identify, agree and acquire any additional resources"])]),
    # ---------------------------------------------------------------- area 3.3
    A("3.3.1", "CYPs workload and staffing assessment", HST, "C&YPS",
      [("Feb – Apr 09", ["Benchmark workload assessment"]),
       ("Feb – Apr 09", ["Identify resource gap"]),
       ("May – Sep 09", ["Develop and agree resourcing plan and commence implementation"])]),
    A("3.3.2", "NHS Haringey workload and staffing assessment",
      "Deputy Chief Executive (NHS Haringey)", "NHS Haringey",
      [("Feb – Apr 09", ["Benchmark workload assessment"]),
       ("Feb – Apr 09", ["Identify resource gap"]),
       ("May – Sep 09", ["Develop and agree resourcing plan and commence implementation"])]),
    A("3.3.3", "MPS workload and staffing assessment", "OCU Commander SCD5, MPS", "MPS",
      [("Feb – Apr 09", ["Benchmark workload assessment"]),
       ("Feb – Apr 09", ["Identify resource gap"]),
       ("May – Sep 09", ["Develop and agree resourcing plan including: flexible staff model for "
                         "SCD5; supervisory capacity in Haringey CAIT; staffing levels and admin "
                         "support"])]),
    A("3.3.4", "Recruit additional senior lawyers within the Legal Services Social care team to "
      "provide specialist legal advice and support to the client department", LEGAL,
      "Haringey Council", [("Feb 2009", ["Staff recruited for PCLOs"])]),
    A("3.3.5", "Establish a forecasting demand mechanism for referrals, assessments and placements of "
      "children at risk", "DD BSD", "Joint Commissioning Board, Children's Trust Board",
      [("Feb – Sep 09", ["Forecasting demand mechanism in place and supports medium term financial "
                         "modelling"])]),
    A("3.3.6", "Investigate potential for Third Sector support for Child Protection Processes", HST,
      "Voluntary and Community sector, C&YPS",
      [("March – Sep 09", ["Report to C&YPS Core Team with proposed action"])]),
    # ---------------------------------------------------------------- area 3.4
    # 3.4.1: one lead per agency (Health, Council, Police, GOSH) is read from the lead cell.
    A("3.4.1", "Identify opportunities for further integrated working across the strategic "
      "partnership",
      "Deputy Chief Executive (NHS Haringey); DDC&F; Detective Chief Inspector CAIT, MPS; Director of "
      "Operations, GOSH Partnership Services", "C&YPS, NHS Haringey, MPS",
      [("Feb – Apr 09", ["Review group established"]),
       ("Aug 09", ["Report with proposed action"])],
      notes=["Evaluate the following proposals: a single multi-disciplinary CP guidance advisory "
             "service across Health, the Police and Children's services (including schools and social "
             "care) to be established; Joint investigation and assessment across children's social "
             "care and the CAIT, and broader model of joint visiting; A consultancy model developed "
             "which could be accessed by individual professionals or the 'team around the child' to "
             "help progress 'stuck cases'; Co-location of staff to encourage better inter-disciplinary "
             "working to be developed; Additional lead commissioning and pooled budgets arrangements"]),
    # 3.4.2: only the action and its lead survive.
    A("3.4.2", "Identify opportunities for further alignment of front line services on an area basis "
      "across the strategic partnership, taking account the Council plan for area based working",
      ACE_PPPC, "", [("", [])]),
    # ---------------------------------------------------------------- area 3.5
    A("3.5.1", "Re-commission out-of-hours services based on an appraisal of alternative options for "
      "delivery", HST, "Haringey Council C&F, BSD, ACCS, NHS Haringey",
      [("Feb- May 09", ["Effectiveness of existing service assessed and where necessary interim "
                        "arrangements secured to ensure Laming compliance"]),
       ("Apr – Aug 09", ["Evaluate alternative options and report"]),
       ("Sep 09 - Aug 10", ["Service commissioned"])]),
    A("3.5.2", "Review (and improve if needed) the procedure for the provision of out of hours legal "
      "advice, including consideration of any changes arising from the re-commissioning of out of "
      "hours services (3.5.1)", LEGAL, "Haringey Council",
      [("Feb – Aug 2009", ["Procedure reviewed and changes implemented"])]),
    # ---------------------------------------------------------------- area 3.6
    A("3.6.1", "Involve staff in planning an improved working environment for the CIN and "
      "Safeguarding service", "DD BS&D", "C&YPS BSD, Corporate Services, Smart Working (OD&L)",
      [("Feb 09", ["Schools HR move to Civic Centre"]),
       ("End March 09", ["Additional office space for referral and assessment, including space for "
                         "accommodating families"]),
       ("March - Aug 09", ["Planning and procurement phase 2"]),
       ("Aug - Dec 09", ["Implementation of phase 2"])],
      notes=["Phase 2 implementation to deliver: Space to interview clients in private and "
             "accommodate children when necessary; Private space for supervision with access to "
             "framework-i; Office layout that enables teams to sit and work together, facilitating "
             "the exchange of information; Creating a pleasant environment which people want to be "
             "in; Become part of Smart working programme; Clear messaging to staff on what is planned "
             "and what will be delivered"]),
    A("3.6.2", "Use new technology including mobile technology to improve and support staff in "
      "delivering the service", HST, "C&YPS, Smart Working (OD&L)",
      [("Feb 09", ["Defer the mobile working grant"]),
       ("April – Sep 09", ["External study on use of technology to maximise effectiveness and "
                           "efficiency"])]),
    A("3.6.3", "Reconfigure referral and assessment telephony system",
      "Head of Service Safeguarding & Children in Need", "C&YPS, Property Services",
      [("End Feb 09", ["System in place"])]),
    # ---------------------------------------------------------------- Theme 4, area 4.1
    A("4.1.1", "Review the resources available across the partnership for early intervention and "
      "targeted support that can prevent children needing to access children's social care at a "
      "later stage", "Head Children's Networks", "Children's Social Care, Children's Centres, Schools",
      [("May – Aug 09", ["Complete review and set out proposals"])]),
    # 4.1.2: columns are shifted; the row above the action text carries its involved groups,
    # timescale and outcomes, and "Chair Children's Trust Board" is printed beside the action.
    A("4.1.2", "Develop local preventative strategy to set out the role of universal, targeted and "
      "specialist services in reducing the likelihood of negative outcomes",
      "Chair Children's Trust Board",
      "Head of Children's Networks, Head of Safer Communities Unit, Acting Chief Inspector for "
      "Partnership and Youth, All partners",
      [("Aug – Feb 10",
        ["Strategy completed and agreed by Children's Trust Board",
         "Clear local continuum of provision agreed, that is embedded in universal settings and "
         "encompasses the role of targeted and specialist support services.",
         "Assess potential to extend Children's Networks MDTs to include social work staff who are "
         "able to work preventatively with children and young people causing concerns but below the "
         "threshold",
         "Universal services have access to advice and support that enables them to identify and "
         "support children who may have additional needs.",
         "Family support workers within the Children's Network MDTs are working with families that "
         "cause concern but do not meet the threshold either at the point of referral or following "
         "statutory assessment or intervention.",
         "Common Assessment Framework is firmly embedded as an assessment tool in universal settings",
         "Children's Networks MDTs contributing to the CAF process in universal settings so that "
         "more CAFs are multi-agency."])],
      milestones=[("Strategy completed and agreed by Children's Trust Board", "Aug – Feb 10"),
                  ("Clear local continuum of provision agreed, that is embedded in universal settings "
                   "and encompasses the role of targeted and specialist support services.",
                   "Aug – Feb 10"),
                  ("Assess potential to extend Children's Networks MDTs to include social work staff "
                   "who are able to work preventatively with children and young people causing "
                   "concerns but below the threshold", "Aug – Feb 10")]),
    A("4.1.3", "Ensure that the re-launched extended services strategy contribute to safeguarding and "
      "early intervention", "Head of Children's Network West",
      "Children's Centres, Schools, Partner agencies, Voluntary sector, C&YPS",
      [("2 nd April", ["Launch extended services strategy"]),
       ("Feb to Dec 09", ["Work with schools to ensure that their core offer includes multi-agency "
                          "partnership work that strengthens the preventative capacity of universal "
                          "settings."]),
       ("Dec 09", ["All schools to deliver core offer",
                   "Schools' role in commissioning resources is more developed and Extended Schools "
                   "funding is used to deliver high quality preventative services."])]),
    A("4.1.4", "Hold twice yearly meeting about vulnerable children with every school, children's "
      "centre and children's home, in order to: a. Improve the support these settings provide to "
      "vulnerable children; b. Identify trends and areas for development in service provision",
      "Head of Children's Networks",
      "Children's Centres, Schools, C&YPS, Multi-Disciplinary Teams",
      [("Feb - Sep 09", ["Develop standards and agreement", "Launch"]),
       ("Sep 09 - Apr 10", ["Agreement signed off with each Headteacher and governing body"])]),
    A("4.1.5", "Work with schools, through the LSCB Safeguarding in Schools Forum to develop a clear "
      "set of expectations of universal services and a joint understanding of thresholds for "
      "referral to targeted and specialist services.", "Chair, LSCB", "Schools, Police, TPCT",
      [("September 2009", ["Agreement signed off with each Headteacher Conference/Forum",
                           "Monitored through vulnerable children conversation"])],
      indicators="NI68"),
    A("4.1.6", "Invite all schools to participate in a 3-yearly evaluation of all aspects of their "
      "provision for the health, safety and well-being of children and provide a written report to "
      "the governing body of each school.", "Head of Children's Networks", "C&YPS, Schools",
      [("May - Sep 09", ["Set up and agree evaluation cycle"]),
       ("Dec 09", ["First evaluation cycle completed",
                   "All schools to reference this report in their Self Evaluation Form (SEF)"])]),
    A("4.1.7", "Enhanced focus on children missing education", "Head of Education Welfare Service",
      "Education welfare service, All services that work with schools",
      [("June – July 09", ["Hold a series of workshops within each Children's Network for school "
                           "staff with responsibility for attendance and set out the expectations "
                           "that the CAF used to assess and/or refer children/young people with poor "
                           "attendance."]),
       ("September December 09", ["Develop and deliver briefings, training and advice to all "
                                  "services within the CYPS and across the Children's Trust on "
                                  "supporting the attendance of children and young people at school "
                                  "and ensure that they are able to report concerns quickly."]),
       ("Sep – April 2010", ["Extend the role of Education Welfare Officers. To include supporting "
                             "the safeguarding responsibilities for children in universal settings, "
                             "including the provision of advice, support and training to school "
                             "staff."])]),
    # 4.1.8: five timescales for four outcomes. The evaluation is read as July 2010 (as in 3.1.1,
    # 3.1.5, 4.2.3) and the parenting-course list as March – July 09; "July 09" keeps no outcome.
    # "Director of Operations (GOSH partnership services)" is printed just above 4.1.9 in the lead
    # column and is read as a further lead of 4.1.8.
    A("4.1.8", "Complete partnership Family Support Strategy",
      "Head Children's Networks; Director of Operations (GOSH partnership services)",
      "C&YPS, YOS, GOSH",
      [("Feb - Sep 09", ["Family Support Strategy agreed and published"]),
       ("Aug – Nov 09", ["Review the organisation of family support that is matched to the level of "
                         "needs expected within their caseloads"]),
       ("July 09", []),
       ("July 2010", ["Evaluation of operation and effectiveness of family support"]),
       ("March – July 09", ["Agree and publish the preferred list of parenting courses including "
                            "guidance on which courses are relevant to which types of need"])]),
    # 4.1.9: the lead cell reads "Head of / Children's Network North & Lead for Participation", with
    # "C&YPS" beside it in the involved cell; the timescale wraps as "Feb - Sep" / "2009".
    A("4.1.9", "Refresh and launch the parent participation strategy in all schools, Children's Centres "
      "and other educational settings and work with these services to promote parents/carers active "
      "engagement with their children's learning", HCNN, "C&YPS, Schools",
      [("Feb - Sep 2009", ["Clear plan for parental engagement in their children's learning and "
                           "schedule of support that they can access"])]),
    A("4.1.10", "Evaluate the Barnados Domestic Violence Risk Matrix model to support early and "
      "accurate identification of children who may be at risk", "Domestic Violence Co-ordinator",
      "Haringey Council, Barnados",
      [("Feb – Sep 09", ["Model evaluated and report delivered with recommendations for action"])]),
    A("4.1.11", "Develop joint plan between the LSCB and Domestic Violence Partnership Board to "
      "minimise impact of domestic violence on the safety of children and young people",
      "Chair, LSCB", "Haringey Council, LSCB, Domestic Violence Partnership Board",
      [("Apr – Sep 09", ["Establish a baseline for Child Protection cases where domestic violence is "
                         "a significant factor", "Plan agreed"])]),
    A("4.1.12", "Reduce anti-social behaviour",
      f"{HCNN}; Strategic Manager (YOS); Head of Children's Network West",
      "YOS, Police, C&YPS, Youth Service, ASBAT, Catch 22, Schools",
      [("Feb – Sep 09", ["Develop the role of the Youth Summit as a key strategic partnership for "
                         "ensuring that children and young people are protected from the risks of "
                         "anti-social behaviour."]),
       ("Feb 09 – Mar 11", ["Set up and deliver a Triage project whereby YOS workers will work with "
                            "young people in police custody in order to divert young people from "
                            "criminal activity"]),
       ("Feb 09 – Mar 11", ["Set up and deliver Challenge and Support Project to reduce anti-social "
                            "behaviour amongst young people"]),
       ("Apr 09 – Apr 11", ["Set up and deliver Intensive Intervention Project using the triple track "
                            "approach of prevention, non-negotiable support and enforcement to work "
                            "intensively with those behaving in an anti-social manner"]),
       ("Feb 09 – March 10", ["Further roll out of restorative approaches training to partners and "
                              "selected primary schools"])]),
    A("4.1.13", "Refresh the teenage pregnancy strategy and action plan to reduce the incidence of "
      "teenage pregnancy and improve support for teenage parents", "Director of Public Health",
      "Teenage Pregnancy Board",
      [("Feb – Aug 09", ["Action plan refreshed and agreed by Children's Trust Board"])],
      notes=["Strategy and action plan will include: Agreed local risk factors for young people most "
             "likely to become teenage parents; Early identification and multi-agency support "
             "programme for young people at high risk; Clear strategic plan in place to target the "
             "groups most likely to become teenage parents; Multi-agency approach to supporting the "
             "children of teenage mothers and alert system that monitors and responds to increasing "
             "risk."]),
    A("4.1.14", "Develop the early intervention role of Child and Adolescent Mental Health Services",
      "Head of Children's Commissioning",
      "BEH-MHT, NHS Haringey, C&YPS, Schools and Children's Centres",
      [("Feb 09 – Feb 10", ["Establish Tier 2 early years mental health service consisting of 3 "
                            "Clinical Psychologists. Service to be based in children's centres and "
                            "will support front lines staff, offer one to one and group provision, "
                            "and facilitate access to specialist services.",
                            "Develop school aged provision through implementation of Keys to "
                            "Wellbeing and the Targeted Mental Health Pilot."])]),
    # ---------------------------------------------------------------- area 4.2
    A("4.2.1", "All Haringey Children's Centres and schools will undertake a CAF for any children that "
      "they consider to be vulnerable, as the first stage in identifying additional needs",
      "North MDT Co-ordinator and Integrated Working & Workforce Development Manager",
      "Universal settings, C&YPS",
      [("Feb 2009 – July 2010",
        ["Roll-out across all schools and settings",
         "CAF panel monitors the quality of referrals and alerts School Standards and Inclusion to "
         "schools/settings that fail to meet a satisfactory standard.",
         "The use of CAF as both an assessment and referral tool at school level monitored through "
         "Vulnerable Children Conversation and feedback provided to headteachers and governors."])]),
    A("4.2.2", "Training and communication programme to ensure all agencies and voluntary and "
      "community bodies are using the CAF appropriately for assessment, analysis, and multi-agency "
      "planning and not just as a referral system", MDT, "All services, HAVCO",
      [("Feb – July 2009", ["Training and Communication programmes developed"]),
       ("July 09", ["VCS Groups identified and engaged in the programme"]),
       ("July- Dec 09", ["Training and Communication programmes rolled out",
                         "Measured through Vulnerable Children Conversation"])]),
    A("4.2.3", "Redesign the process of decision-making on CAF to ensure swifter response with the "
      "multi-agency panel focussing on complex cases that require a multi-agency response", MDT,
      "MDT coordinators, Health, YOS, CAMHS",
      [("Feb 09", ["Group formed"]),
       ("Feb – July 09", ["NFER/LARC evaluations reviewed and impact on Haringey systems identified"]),
       ("Feb- June 09", ["Review completed"]),
       ("July - Aug 09", ["Implementation"]),
       ("July 2010", ["Evaluation report and proposals for further action"])]),
    # ---------------------------------------------------------------- area 4.3
    # 4.3.1: the list that followed the action's closing colon is lost.
    A("4.3.1", "Implement programme of communication and training to ensure all practitioners "
      "(including those in universal settings and those with a statutory responsibility to undertake "
      "the role):", "Head of Children's Networks", "All – including schools",
      [("Feb- June 09", ["Model of working as Lead Professional agreed and published"]),
       ("Sep- Dec 09", ["Programme of training/implementation agreed and rolled out"]),
       ("July 2010", ["Evaluation report with proposals for further action"])]),
    A("4.3.2", "Implement procedures to ensure the allocation of a lead professional for children "
      "moving from social care or other specialist service back into targeted/universal services",
      "Head of Children's Networks", "All",
      [("June 2009 – Dec 2009", ["Procedure agreed and implemented across all agencies",
                                 "Evaluation report with proposals for further action"])]),
    # ---------------------------------------------------------------- Theme 5, area 5.1
    A("5.1.1", "DCSF facilitated commissioning workshop", "DD BSD", "C&YPS, NHS Haringey",
      [("April 09", ["Workshop held"])]),
    A("5.1.2", "Carry out a Joint Strategic Needs Assessment (JSNA) into safeguarding and vulnerable "
      "children and young people with a focus on early identification.", "Director of Public Health",
      "JSNA Steering Group, JSNA Sub Group on vulnerable children and young people, and Joint "
      "Commissioning Board",
      [("Feb – Jul 09", ["JSNA and literature review completed"])]),
    A("5.1.3", "Cross agency planning and commissioning review", "DD BSD",
      "Joint Commissioning Board, Children's Trust Board",
      [("Apr – Aug 09", ["Collate outcomes from JSNA, Vulnerable Children's conversation, CYPP needs "
                         "assessment and local strategic planning"]),
       ("Sep – Jan 10", ["Planning and commissioning review completed."])]),
    A("5.1.4", "Ensure robust arrangements in place for Rapid Response and Child Death Overview "
      "Panels. To include sustainable funding and fit with joint planning and commissioning "
      "processes.", "Chair LSCB Child Death sub group",
      "LSCB, LSCB Training & Development Officer, Head of Children's Commissioning, OCU Commander "
      "SCD5, MPS",
      [("Feb - May 2009", ["Current arrangements for Rapid Response and the Child Death Overview "
                           "Panels reviewed – borough and sector wide – and if necessary, business "
                           "case developed to support revised proposals."]),
       ("Jun – Dec 09", ["Implementation"])]),
    # ---------------------------------------------------------------- area 5.2
    A("5.2.1", "Confirm the Joint Commissioning and CYPs Commissioning Framework: Structure (steering "
      "group, Sub-Groups and locality arrangements); Membership and terms of reference; Governance "
      "and accountability; Children's Network arrangements", "DD BSD",
      "Joint Commissioning steering group, Partners to Children's Trust Board",
      [("June 2009", ["Arrangements confirmed by Children's Trust Board"])]),
    A("5.2.2", "Develop joint commissioning and procurement operational working arrangements",
      "Director of Commissioning NHS Haringey",
      "Joint Commissioning steering group, Partners to Children's Trust Board, DDBSD",
      [("June – July 09", ["Identify operational commissioning and contracting staff across the "
                           "partnership"]),
       ("Aug – Nov 09", ["Arrangements for joint working and information exchange developed"])]),
    A("5.2.3", "Align procurement and performance management arrangements to ensure safeguarding",
      "DD BSD", "Joint Commissioning steering group, Corporate procurement teams",
      [("June – Oct 09", ["Develop common core of procurement and tendering guidelines and assessment "
                          "criteria in relation to safeguarding"])]),
    # 5.2.4: its first row (June – Sep 09) is printed above the action text.
    A("5.2.4", "To ensure that other partners (e.g. (extended) schools and the VCS), who commission "
      "services or have third parties working with children and young people on their sites, are "
      "provided with clear leadership and guidelines on safeguarding, including roles and "
      "responsibilities for ensuring and maintaining the safety of children, at or referred to, those "
      "facilities.", "Head Children's Networks",
      "Extended schools co-ordinators, Schools Personnel, HAVCO/other VCS umbrella organisations, "
      "Faith groups, Corporate Voluntary Sector Team, DD BSD",
      [("June – Sep 09", ["Enhanced guidelines produced and disseminated to all schools/VCS "
                          "organisations/faith groups"]),
       ("July 2010", ["Programme of Regular monitoring and review by organisations, to ensure that "
                      "enhanced safeguarding is maintained"])]),
    # ---------------------------------------------------------------- Theme 6, area 6.1
    A("6.1.1", "Develop an all partnership Haringey Offer to include: being part of a strong "
      "partnership; a pay package developed to reflect the valued professional roles.", ACE_POD,
      "All partners",
      [("Feb – Jun 09", ["Benchmark neighbouring Boroughs and national methods of recruitment and "
                         "retention within social work and beyond, including pay & benefits and "
                         "support package available (CPD, supervision, ICT, accommodation)"]),
       ("Jun – Jul 09", ["Haringey Offer developed"]),
       ("Sep 09", ["Cross partnership recruitment and retention strategy in place"]),
       ("February 2011", ["Safeguarding services staffed in line with national average",
                          "Haringey seen as a desirable employer – measured through recruitment and "
                          "retention indicators"])]),
    A("6.1.2", "Develop a non-specialist trainee scheme in the Children's Trust for people interested "
      "in working with children's services, but not sure which career path to pursue.",
      "Head of Organisational Development & Learning", "All partners",
      [("Feb - Dec 09", ["Map and explore existing trainee schemes across the partnership"]),
       ("Dec 09", ["Create four one year trainee positions (foundation through to graduate level) to "
                   "work across the partnership providing experience of key occupations/professional "
                   "areas"])]),
    A("6.1.3", "Expand the social work graduate trainee scheme",
      "Head of Organisational Development & Learning", "C&YPS",
      [("February 2010", ["Additional places developed – to be quantified"])]),
    A("6.1.4", "Fast track recruitment for staff in safeguarding, including CRB checks, taking account "
      "of impact of new Vetting & Barring scheme", "Head of Human Resources", "All partners",
      [("Feb – May 09", ["Reduced length of time for recruiting safeguarding posts"])]),
    # ---------------------------------------------------------------- area 6.2
    A("6.2.1", "Ensure consistent application of the social care supervision model", ACE_POD, "C&YPS",
      [("Jun 09", ["Managers workshops delivered"]),
       ("May 09", ["Benchmark partnership staff survey"]),
       ("May 10", ["Follow-up partnership staff survey completed"])],
      notes=["Social care supervision model to ensure that: 1. managers and practitioners focus on "
             "the needs and safety of the child 2. managers evaluate the quality of practice "
             "3. practitioners are able to reflect on the quality of their practice and identify "
             "learning points 4. practitioners are guided to share information appropriately "
             "5. practitioners are fully aware of risk assessments 6. staff are encouraged to openly "
             "discuss their workload in supervision, particularly where there are concerns"]),
    # 6.2.2 and 6.2.3: the timescale sits in the involved-groups cell (involved groups lost).
    A("6.2.2", "Ensure consistent application of the health supervision model",
      "Director of Operations GOSH Partnership Services", "",
      [("Jun 09", ["Managers workshops delivered"]),
       ("May 09", ["Benchmark partnership staff survey completed"]),
       ("May 10", [])]),
    A("6.2.3", "Programme to ensure Compliance with Standard Operating Procedures (SOP) for "
      "supervision", "OCU Commander, SCD5, MPS", "",
      [("Feb – Jun 09", ["Programme in place"])]),
    # 6.2.4 and 6.2.5: no timescale in the seed.
    A("6.2.4", "Senior managers to regularly audit case files", "DD C&F", "All partners",
      [("", ["First audit completed", "Programme of audits established"])]),
    A("6.2.5", "Develop a managerial competency programme", ACE_POD, "All partners",
      [("", ["Programme developed and implementation commenced"])]),
    A("6.2.6", "Support and mentoring scheme for children and families team managers", HST, "All",
      [("Apr 09.", ["Children and Families support scheme implemented"]),
       ("Sep 09", ["Identify potential to extend across the partnership"])]),
    # ---------------------------------------------------------------- area 6.3
    A("6.3.1", "Refresh the Children's workforce development partnership", "Head P&OD; DD BSD",
      "All partners, DD BSD, Head Workforce Development C&YPS",
      [("Feb – Mar 09", ["Review composition of Children's Workforce Development Steering Group"]),
       ("Apr – Jun 09", ["Evaluate learning and development programmes across the partnership"]),
       ("Mar - Oct 09", ["Complete development of CWD strategy for Haringey"]),
       ("Sep 09", ["Create a network of workforce development officers across the partnership"])]),
    A("6.3.2", "Review of training needs and develop training plan in safeguarding across the "
      "partnership (linked to the annual audit of Section 11 responsibilities)",
      "Chair LSCB Training and Development", "All partners",
      [("Mar – Sep 09", ["Review completed"]),
       ("Sep – Dec 09", ["Training plan developed"])],
      notes=["Training plan developed to address areas identified. 1. staff capacity and skills to "
             "work with families in partnership, gather information, make judgments and take action "
             "when relationships break down 2. Build the assertiveness of all staff involved in "
             "safeguarding in dealing with difficult and complex cases 3. Develop practitioners' "
             "skills in effectively exchanging views and dealing with disagreements in meetings where "
             "parents are present such as core groups 4. Basic safeguarding awareness for staff in "
             "Universal and non safeguarding roles 5. Strengthen C&YPS and legal joint training "
             "including Planning, Risk Assessments, evidence gathering and preparing cases for "
             "court/PLO and Human Rights Legislation."]),
    A("6.3.3", "Develop a multi-agency core safeguarding induction programme, which builds on the "
      "Children's Workforce Development Council's induction standards and the Department for Children "
      "Schools and Families (DCSF) Common Core of Skills and Knowledge. This core programme will be "
      "developed in addition to specific professional groups and settings induction programme.",
      "Chair LSCB Training and Development sub group",
      "Head Workforce Development C&YPS, CAIT command training department",
      [("Mar – Jul 09", ["Programme developed and agreed"])],
      notes=["The core induction programme will involve all partners, including the private and "
             "voluntary sectors."]),
    A("6.3.4", "Establish the pilot newly qualified social worker supervision and support scheme",
      "Head of Practice Learning", "C&YPS",
      [("Feb - Mar 09", ["Scheme established"]),
       ("Nov 09 – Feb 10", ["Review pilot and consider extension of scheme"])]),
    A("6.3.5", "Strengthen the induction and supervision processes for social care lawyers to imbed "
      "Haringey's specific working practices.", LEGAL, "Haringey Council",
      [("Feb – Mar 09", ["New processes in place"])]),
    A("6.3.6", "The Tavistock and Portman NHS Trust to work with social work staff and managers to "
      "support them in identifying and addressing barriers to improving professional practice at an "
      "individual and collective level", HST, "Tavistock",
      [("Feb – May 09", ["Barriers identified"]), ("Jun – Nov 09", ["Plans developed and agreed"])]),
    A("6.3.7", "Implement an agreed debriefing process on a Critical Incident De-briefing model within "
      "each organisation and across multi-disciplinary teams", "Borough Commander", "All partners",
      [("Apr – Oct 09", ["Develop agreed debriefing process"])]),
    A("6.3.8", "Develop a programme of evidence informed practice", HST, "All partners",
      [("Jun 09 - Jun 10", [])]),
    A("6.3.9", "Implement team based self-assessment", "DD C&F", "Haringey Council",
      [("May 09", ["Team based self assessment process in place"])]),
    A("6.3.10", "Actively engage with agencies to receive feedback on safeguarding practice within "
      "Haringey (e.g. Courts, Head Teachers, Islington legal services)", "DD C&F", "All partners",
      [("Feb - Apr 09", ["Feedback sought action in response identified"]),
       ("Apr 10", ["Progress review"])]),
    A("6.3.11", "All professional, relevant qualifications and accreditations are kept up to date",
      "Head HR", "All partners",
      [("Mar - Oct 09", ["Scheme for collection and analysis of data developed",
                         "Monitored every 6 months"])]),
    A("6.3.12", "Ensure compliance within agency safeguarding procedures, for staff who have "
      "designated child protection roles in universal settings", "Chair LSCB", "All partners",
      [("June 2009", ["All staff working with children have sufficient accreditation"])]),
    # ---------------------------------------------------------------- area 6.4
    A("6.4.1", "Weekly update staff eNewsletter", "Communication Officer CY&PS", "All partners",
      [("Jan 09", ["Launch for C&YPS"]), ("Mar – May 09", ["Expand to other partners"]),
       ("Jun 09", ["Develop additional communication media"])]),
    # 6.4.2: the lead cell reads "DDBBSD Head OD&L", written here as the usual "DD BSD".
    A("6.4.2", "Establish processes to consult and gather staff views and encourage dialogue on the "
      "change programme", "DD BSD; Head OD&L", "All partners, Head OD&L",
      [("Dec 08", ["Social Work staff forums established"]),
       ("Feb - Mar 09", ["Consultation with staff on the change programme"]),
       ("May 09", ["Carry out partnership staff survey",
                   "Coordinate approaches to staff surveys and work on overall improvement plans as "
                   "a result of staff feedback, sharing good practice"])]),
    A("6.4.3", "Develop a staff quality and change network within Children's Trust to take forward "
      "findings from 6.4.1, including the identification of Quality Change Champions from each team "
      "or service area", "Head OD&L", "All partners, HOST",
      [("Dec 09", ["Network formed"])]),
    A("6.4.4", "Develop programme of staff engagement activities across the partnership working within "
      "the Children's Trust", "Head OD&L", "All partners",
      [("Feb – May 09", ["Engagement programme developed and agreed"])]),
    A("6.4.5", "Develop the family information service directory Practitioner Zone to allowed shared "
      "access to internal communications across the partnership",
      "Head of Information Strategy & Communications",
      "All partners, Communication Officer Haringey Council",
      [("Feb – Mar 09", ["Design Practitioner Zone"]), ("Mar – Apr 09", ["Build and testing"]),
       ("April 09", ["Release"]), ("May – Dec 09", ["Delivery of promotional plan"])]),
    # ---------------------------------------------------------------- Theme 7, area 7.1
    # 7.1.1: five timescale rows (three "Feb – Mar 09") but three outcomes, read as the three
    # "Feb – Mar 09" rows; the Apr – May 09 and May 09 rows keep no outcome.
    A("7.1.1", "Develop and implement programme of continuous sampling and qualitative assessment of "
      "case files across the partnership focusing on the effectiveness of multi-agency child "
      "protection practice", QA, "All partners",
      [("Feb – Mar 09", ["Robust arrangements for monitoring the quality of safeguarding practice",
                         "Ensure compliance with Working Together to Safeguard Children, London Child "
                         "Protection Procedures, and all agencies' standard operating procedures and "
                         "guidance",
                         "Dissemination of learning from QA and monitoring activity"]),
       ("Apr - May 09", []),
       ("May 09", [])]),
    A("7.1.2", "Develop the partnership's measures for managing the quality and performance of "
      "safeguarding practice", QA, "All partners",
      [("Feb – May 09", ["Expand range of data collected to include practice quality indicators",
                         "Evaluate the use and presentation of data in order to enhance understanding "
                         "and learning",
                         "Review SCD5 performance management framework and monthly management report "
                         "to include more qualitative measures"])]),
    # 7.1.3: the third timescale wraps as "Feb – May" / "09".
    A("7.1.3", "Ensure the work of the LSCB QA sub-group has an appropriate focus on the effectiveness "
      "of multi-agency child protection practice", QA, "All partners",
      [("Feb – March 09", ["Terms of reference agreed"]),
       ("Feb – May 09", ["Identify a named partnership analyst to support the strategic work of the "
                         "sub-group"]),
       ("Feb – May 09", ["Establish clear pathways between the LSCB QA sub-group, the LSCB "
                         "Operational Practice Group and the recommendations of any Serious Case "
                         "Review",
                         "Develop protocol for themed practice audits that includes a clearly "
                         "identified process for communicating outcomes"])]),
    # 7.1.4: three timescales (in the involved-groups cell) for two outcomes; the joint audits are
    # read as the longest row, Mar - Nov 09.
    A("7.1.4", "Develop Haringey Council corporate data quality strategy to ensure that the data we "
      "use is fit for purpose and represents an accurate and consistent picture of the Council's and "
      "joint partnership activities", "Corporate Head of Performance & Policy", "",
      [("Apr – Sep 09", ["Data quality strategy agreed"]),
       ("Feb – Mar 09", []),
       ("Mar - Nov 09", ["Joint data quality audits of cross-cutting indicators with key partners"])]),
    A("7.1.5", "Agree and implement CAF quality assurance framework based on the Pan London CAF "
      "protocol", MDT, "",
      [("May 09", ["Dependent on date of agreement of Pan London CAF protocol"])]),
    # ---------------------------------------------------------------- area 7.2
    A("7.2.1", "Build regular reviews of all aspects of children's social care into the forward "
      "programme for Overview & Scrutiny", "Democratic Services Manager (Scrutiny)",
      "Haringey Council",
      [("June 09", ["Forward plan includes regular reviews of children's social care",
                    "Overview and Scrutiny evaluate the scrutiny role of elected members (see 1.1.8)"])]),
    A("7.2.2", "Establish a cross party expert member panel with expert support (the Safeguarding "
      "Policy and Practice Panel) to monitor the quality of safeguarding. Panel to receive regular "
      "independent case audits.", "Cabinet Member for C&YPS", "C&YPS",
      [("Mar – Apr 09", ["Safeguarding Policy and Practice Panel established"]),
       ("May 09", ["Sample data set supplied to panel",
                   "Safeguarding Policy and Practice Panel to meet monthly and reviews quality of "
                   "casework",
                   "Independent Expert recruited and supporting the Panel",
                   "Summary of quality checks reported to CEMB, Cabinet and Scrutiny on a regular "
                   "basis"])]),
    A("7.2.3", "Director of Children's Services to supply a monthly report to the Secretary of State "
      "for Children, Schools and Families", DCYPS, "",
      [("Monthly", ["Monthly report supplied"])]),
    A("7.2.4", "Ofsted monitoring visit", DCYPS, "All partners",
      [("June 09", ["OFSTED visit programmed and reporting schema agreed/accepted"])]),
    # 7.2.5: the LAA refresh adds the safeguarding indicators named in the addendum (NI 59, 62, 66, 67).
    A("7.2.5", "Include more C&YPS indicators in the LAA refresh",
      "Director of the Children & Young People's Service", "Haringey Council",
      [("2 nd March 2009", ["Refresh sent to Government Office for London, including two additional "
                            "local safeguarding indicators"])],
      indicators="NI59;NI62;NI66;NI67"),
    # ---------------------------------------------------------------- area 7.3
    # From 7.3.2 on, the lead..outcome cells are printed one row above their action text (the
    # addendum confirms 7.3.4 is the diverse-communities action); they are re-paired here.
    A("7.3.1", "Establish systematic collection of feedback from families receiving safeguarding "
      "services", "Service Manager Child Protection", "All partners",
      [("Feb – June 09", ["System developed"]), ("June 09", ["Baselines set"])]),
    A("7.3.2", "Improve the systematic collection of the views of children in care and those with "
      "child protection plans", "DD C&F", "CYPs, External partner",
      [("Feb – Sep 09", ["Views of CIC and those in receipt of CPP are known", "Report"])]),
    A("7.3.3", "Ensure that children are consistently involved in their reviews",
      "Head of Service Children in Care", "CYPs, Action for Children, Children in Care",
      [("June 09", ["Re-launch guidance for children and young people on their rights as a child in "
                    "care"]),
       ("Sep 09", ["Report on monitoring of reviews"])],
      indicators="NI66"),
    A("7.3.4", "Develop a strategy to ensure Haringey's diverse communities are aware of the "
      "partnership's safeguarding policies", HCNN,
      "HSP, VCS, C&YPS Neighbourhoods, Senior Development Officer - Participation",
      [("Jun 09", ["Process for dissemination of information to diverse communities established",
                   "Haringey Safeguarding publicity produced in Community languages and publicised "
                   "on Council networks"])]),
    A("7.3.5", "Review systems to ensure that children and young people can convey any anxieties and "
      "concerns they have to the Council", HCNN, "Haringey Council, Youth Council, Young Advisors",
      [("Jun 09", ["Review current systems used by children to convey complaints and comments",
                   "Gather young people's view on how they would like to share their views about "
                   "Haringey Council"])]),
]


def clean(text: str) -> str:
    """Straight quotes and single spaces; dashes are kept (timescales need them as written)."""
    for curly, straight in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def bullet(text: str) -> str:
    """One outcome, ready to be joined with "; " (its closing full stop dropped)."""
    text = clean(text)
    return text[:-1] if text.endswith(".") and not text.endswith("etc.") else text


def unique(items):
    return list(dict.fromkeys(i for i in items if i))


def milestones_of(action: Action) -> list[tuple[str, str]]:
    """(description, timescale) per milestone: one per timescale row, else one per outcome."""
    if action.milestones is not None:
        return action.milestones
    if len(action.rows) > 1:
        return [("; ".join(map(bullet, bullets)) or MISSING, timescale)
                for timescale, bullets in action.rows]
    timescale, bullets = action.rows[0]
    if not bullets:
        return [(MISSING, timescale)]
    if len(bullets) > 4:
        raise ValueError(f"{action.code}: more than four outcomes, give milestones explicitly")
    return [(bullet(b), timescale) for b in bullets]


def write(out: Path, name: str, header: list[str], rows: list[list]) -> None:
    with open(out / name, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(out: Path = PLAN_DIR) -> None:
    """Write the four plan CSVs into `out` (the bundled data/plan/ by default)."""
    codes = [a.code for a in ACTIONS]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate action code")
    write(out, "themes.csv", ["code", "title"], [[c, t] for c, t in THEMES.items()])
    write(out, "areas.csv", ["code", "theme", "title"],
          [[c, c.split(".")[0], clean(t)] for c, t in AREAS.items()])
    action_rows, milestone_rows = [], []
    for a in ACTIONS:
        outcomes = [b for _, bullets in a.rows for b in bullets] + a.notes
        action_rows.append([a.code, a.code.rsplit(".", 1)[0], clean(a.text), clean(a.lead),
                            clean(a.involved), "; ".join(unique(t for t, _ in a.rows)),
                            "; ".join(map(bullet, outcomes)), a.indicators])
        for n, (description, timescale) in enumerate(milestones_of(a), start=1):
            milestone_rows.append([a.code, n, bullet(description), timescale])
    write(out, "actions.csv", ["code", "area", "text", "lead", "involved_groups", "timescale",
                          "targets_outcomes", "indicators"], action_rows)
    write(out, "milestones.csv", ["action", "milestone", "description", "timescale"], milestone_rows)


if __name__ == "__main__":
    main()
