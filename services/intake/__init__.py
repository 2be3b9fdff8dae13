"""Intake service: contact officers record contacts; each contact starts a case workflow."""
