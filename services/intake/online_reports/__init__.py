"""The online-report form: the public reports a non-emergency crime or incident on the web.

`python -m services.intake.online_reports` serves it (CONTACT101_ONLINE_REPORTS_ADDRESS);
each report goes through the intake service's CreateContact, on the online channel.
"""
