"""The contact101 command line for officers, supervisors and operators."""
