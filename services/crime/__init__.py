"""Crime service: National Crime Recording Standard decisions and crime numbers."""
