"""`python -m contact101.rpc.health_probe HOST:PORT`: exit 0 when the gRPC server there is SERVING.

Container health checks use it (Kubernetes probes gRPC health itself); the channel is a
Contact101 one, so it speaks TLS when CONTACT101_TLS is on.
"""

from __future__ import annotations

import asyncio
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from contact101.rpc.channels import channel_to
from contact101.runtime.config import Settings, get_settings

TIMEOUT_SECONDS = 3.0


async def is_serving(address: str, settings: Settings) -> bool:
    async with channel_to(address, settings) as channel:
        try:
            response = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=TIMEOUT_SECONDS
            )
        except grpc.aio.AioRpcError:
            return False
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print("usage: python -m contact101.rpc.health_probe HOST:PORT", file=sys.stderr)
        return 2
    serving = asyncio.run(is_serving(arguments[0], get_settings()))
    print("SERVING" if serving else "NOT SERVING")
    return 0 if serving else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
