"""The sandbox the case workflow runs in: a fresh copy of the workflow module for every run, and
nothing else.

Temporal's sandbox imports the workflow module anew for each workflow run (and each replay
after a sticky-cache eviction), so that its state cannot leak between runs and a
non-deterministic call in it (a clock, randomness, a file) is refused. Everything that module
imports is passed through from the worker: the generated protobuf modules, the shared library
(rules data and their loaders) and the workflow's pure helpers, none of which keeps state
between runs. And the module's bytecode is cached before the first run, also where
PYTHONDONTWRITEBYTECODE is set: otherwise every run compiles its source again.
"""

from __future__ import annotations

import compileall
import logging
from types import ModuleType

from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

import workflows
from workflows import contact_workflow

log = logging.getLogger(__name__)

# Imported by the workflow module and safe to share between runs: no state of a case kept.
PASSED_THROUGH = (
    "contact101",
    "workflows.activities",
    "workflows.activity_options",
    "workflows.case_details",
    "workflows.case_diff",
    "workflows.case_metrics",
    "workflows.case_outbox",
    "workflows.case_texts",
    "workflows.clocks",
    "workflows.search_attributes",
    "workflows.service_calls",
)


def case_workflow_runner() -> SandboxedWorkflowRunner:
    """The runner of the worker and of every replayer of case histories."""
    cache_bytecode(workflows, contact_workflow)  # the package too: imported afresh with its module
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSED_THROUGH)
    )


def cache_bytecode(*modules: ModuleType) -> None:
    """Write each module's bytecode to its cache unless it is there and current."""
    for module in modules:
        if module.__file__ and not compileall.compile_file(module.__file__, quiet=2):
            log.warning("bytecode of %s not cached: every workflow run compiles it", module.__name__)
