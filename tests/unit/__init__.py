"""Pure-function tests: rules, clocks, checks and formats, with nothing started."""
