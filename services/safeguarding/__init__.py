"""Safeguarding service: THRIVE risk assessment and victim-support referral."""
