"""The worker: runs ContactWorkflow and its activities on the case task queue."""

from __future__ import annotations

import asyncio
import logging
import signal

from temporalio.client import Client
from temporalio.worker import Worker

from contact101.auth import service_token
from contact101.config import Settings, get_settings
from contact101.grpc_client import open_channel
from contact101.service_process import configure_logging
from contact101.temporal_client import connect_temporal
from contact101.v1 import crime_pb2_grpc, intake_pb2_grpc, review_pb2_grpc, safeguarding_pb2_grpc
from workflows.activities import CaseActivities, ServiceStubs
from workflows.contact_workflow import ContactWorkflow

log = logging.getLogger(__name__)


def service_stubs(settings: Settings) -> ServiceStubs:
    """Stubs for the four services, each call carrying the service identity."""

    def token() -> str:
        return service_token(settings)

    return ServiceStubs(
        intake=intake_pb2_grpc.IntakeServiceStub(open_channel(settings.intake_address, token)),
        crime=crime_pb2_grpc.CrimeServiceStub(open_channel(settings.crime_address, token)),
        safeguarding=safeguarding_pb2_grpc.SafeguardingServiceStub(
            open_channel(settings.safeguarding_address, token)
        ),
        review=review_pb2_grpc.ReviewServiceStub(open_channel(settings.review_address, token)),
    )


def build_worker(client: Client, settings: Settings) -> Worker:
    activities = CaseActivities(service_stubs(settings))
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=[ContactWorkflow],
        activities=activities.all(),
    )


async def main() -> None:
    configure_logging()
    settings = get_settings()
    worker = build_worker(await connect_temporal(settings), settings)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda: asyncio.ensure_future(worker.shutdown()))
    log.info("worker polling task queue %s", settings.task_queue)
    await worker.run()


if __name__ == "__main__":
    asyncio.run(main())
