"""Tests through real processes and servers: Temporal, the gRPC services, databases, browsers."""
