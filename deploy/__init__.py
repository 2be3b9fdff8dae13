"""Deployment: the local launcher (`./dev up`), the image, Compose and Kubernetes files."""
