"""The worker: runs ContactWorkflow and its activities on the case task queue."""

from __future__ import annotations

import asyncio
import logging
import signal

import grpc
from temporalio.client import Client
from temporalio.worker import Interceptor, Worker

from contact101.rpc.auth import service_token_source
from contact101.rpc.channels import open_channel
from contact101.runtime.config import Settings
from contact101.runtime.process_start import begin_process
from contact101.runtime.telemetry import process_telemetry
from contact101.temporal.assertions import AssertionKeysInterceptor, assertion_keys
from contact101.temporal.client import connect_temporal
from contact101.v1 import crime_pb2_grpc, intake_pb2_grpc, review_pb2_grpc, safeguarding_pb2_grpc
from workflows.activities import CaseActivities, ServiceStubs
from workflows.contact_workflow import ContactWorkflow
from workflows.sandbox import case_workflow_runner

log = logging.getLogger(__name__)


def service_stubs(settings: Settings) -> ServiceStubs:
    """Stubs for the four services, each call carrying the service identity."""

    token = service_token_source(settings)

    def channel(service: str) -> grpc.aio.Channel:
        return open_channel(settings.address_of(service), token, settings)

    return ServiceStubs(
        intake=intake_pb2_grpc.IntakeServiceStub(channel("intake")),
        crime=crime_pb2_grpc.CrimeServiceStub(channel("crime")),
        safeguarding=safeguarding_pb2_grpc.SafeguardingServiceStub(channel("safeguarding")),
        review=review_pb2_grpc.ReviewServiceStub(channel("review")),
    )


def workflow_interceptors(settings: Settings) -> list[Interceptor]:
    """What the case workflow gets from its worker (or a replayer): the keys of its assertions."""
    return [AssertionKeysInterceptor(assertion_keys(settings))]


def build_worker(client: Client, settings: Settings) -> Worker:
    activities = CaseActivities(service_stubs(settings))
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=[ContactWorkflow],
        activities=activities.all(),
        interceptors=workflow_interceptors(settings),
        workflow_runner=case_workflow_runner(),
        max_cached_workflows=settings.worker_cached_cases,
    )


async def main() -> None:
    settings = begin_process("worker")
    async with process_telemetry(settings, "worker"):
        worker = build_worker(await connect_temporal(settings), settings)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: asyncio.ensure_future(worker.shutdown()))
        log.info("worker polling task queue %s", settings.task_queue)
        await worker.run()


if __name__ == "__main__":
    asyncio.run(main())
