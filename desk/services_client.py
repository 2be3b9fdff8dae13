"""The desk's channels to the services: one to each for the process, every call carrying the
token of the person it is made for (desk.people)."""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from contact101.rpc.channels import open_channel
from contact101.runtime.config import Settings
from contact101.v1 import crime_pb2_grpc, intake_pb2_grpc, review_pb2_grpc
from desk.people import acting_token

# A person is waiting on every call; a case Update may wait on Temporal a little.
CALL_TIMEOUT_SECONDS = 20.0


@dataclass
class Services:
    intake: intake_pb2_grpc.IntakeServiceAsyncStub
    crime: crime_pb2_grpc.CrimeServiceAsyncStub
    review: review_pb2_grpc.ReviewServiceAsyncStub
    channels: tuple[grpc.aio.Channel, ...]

    @classmethod
    def open(cls, settings: Settings) -> Services:
        intake, crime, review = (
            open_channel(settings.address_of(name), acting_token, settings)
            for name in ("intake", "crime", "review")
        )
        return cls(
            intake=intake_pb2_grpc.IntakeServiceStub(intake),
            crime=crime_pb2_grpc.CrimeServiceStub(crime),
            review=review_pb2_grpc.ReviewServiceStub(review),
            channels=(intake, crime, review),
        )

    async def close(self) -> None:
        for channel in self.channels:
            await channel.close(None)
