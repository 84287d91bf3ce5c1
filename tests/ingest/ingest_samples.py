"""Small articles written for the ingest tests (no text from shared/corpus)."""

TITLE = "Georgia and Armenia agree on a rail study"
LEDE = (
    "The foreign ministers of Georgia and Armenia met in Tbilisi on Thursday and agreed "
    "to fund a joint feasibility study for a new railway link between the two capitals."
)
BODY = (
    "The talks lasted three hours and ended with a joint statement on border crossings, "
    "customs rules and the timetable for the study.\n\n"
    "Both sides said they would meet again in Yerevan in the autumn to review the first results."
)
ARTICLE = f"{TITLE}\n\n{LEDE}\n\n{BODY}\n"
