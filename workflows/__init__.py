"""The case workflow, its activities and the worker that runs them."""
