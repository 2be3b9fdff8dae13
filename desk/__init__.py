"""The officer's desk: the web console of contact officers, supervisors and decision makers."""
