"""The four gRPC services of Contact101, each owning its own tables."""
