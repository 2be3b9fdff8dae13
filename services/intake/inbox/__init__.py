"""Enquiry inboxes: emails delivered into Maildir folders become contacts through intake's API."""
