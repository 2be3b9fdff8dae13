"""Review service: the supervisors' verification queue and their decisions."""
