"""The DASH risk checklist's size: intake checks a contact answers all of its questions or none."""

QUESTIONS = 24
