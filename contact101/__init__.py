"""Contact101: case management for a police force's 101 non-emergency contact centre."""
