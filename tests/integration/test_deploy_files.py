"""The deployment files hold together, checked offline (no cluster runs here; the Compose file
also runs for real in test_compose_stack.py).

The Compose file is validated against the Compose Specification's JSON schema (as vendored
by check-jsonschema), the Kubernetes manifests against Kubernetes' own schemas
(kubernetes-validate, strict) both as written and as `kubectl kustomize` renders them for
`kubectl apply -k` (kubectl's own `apply --dry-run=client` needs a server to ask), and both
against deploy/processes.py, the one list of the system's processes.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from contact101.runtime.config import SERVICE_NAMES, Settings
from contact101.temporal.search_attributes import CASE_SEARCH_ATTRIBUTES
from deploy.processes import CODEC_SERVER, PROCESSES, SERVICES, Process

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
KUBERNETES_VERSION = "1.33.0"


def runs(process: Process) -> list[str]:
    """The command line of the process in the image (its entrypoint, dumb-init, before it)."""
    return ["python", "-m", process.module]


def compose_file() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def compose_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(
        files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text()
    )
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def kubernetes_documents() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.name, document)
        for path in sorted(KUBERNETES.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document["kind"] != "Kustomization"
    ]


def kubernetes_deployments() -> dict[str, dict[str, Any]]:
    return {
        document["metadata"]["name"]: document
        for _, document in kubernetes_documents()
        if document["kind"] == "Deployment"
    }


def environment_value(container: dict[str, Any], name: str) -> str:
    value: str = next(variable["value"] for variable in container["env"] if variable["name"] == name)
    return value


def module_is_runnable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_the_compose_file_follows_the_compose_specification() -> None:
    assert compose_errors(compose_file()) == []


def test_the_compose_schema_check_catches_a_misspelt_key() -> None:
    broken = copy.deepcopy(compose_file())
    broken["services"]["intake"]["helthcheck"] = broken["services"]["intake"].pop("healthcheck")
    assert any("helthcheck" in error for error in compose_errors(broken))


def test_compose_runs_two_replicas_of_each_service_with_grpc_health_checks_and_scaled_workers() -> None:
    services = compose_file()["services"]
    for service in SERVICE_NAMES:
        definition = services[service]
        assert definition["deploy"]["replicas"] == 2
        assert definition["healthcheck"]["test"][:4] == ["CMD", "python", "-m", "contact101.rpc.health_probe"]
        assert definition["environment"]["CONTACT101_DATABASE_URL"].startswith("postgresql://")
    assert services["worker"]["deploy"]["replicas"] >= 2


def test_compose_runs_every_process_by_its_name_and_module_and_nothing_else() -> None:
    services = compose_file()["services"]
    for process in PROCESSES:
        assert services[process.name]["command"] == runs(process), process.name
        assert module_is_runnable(process.module)
    own_image = {name for name, service in services.items() if "contact101" in service.get("image", "")}
    known = {process.name: runs(process) for process in (*PROCESSES, CODEC_SERVER)}
    for name in own_image - {"cli"}:
        assert services[name]["command"] == known.get(name), f"{name} is not a process of deploy/processes.py"


def test_compose_replicas_start_in_replicated_mode_for_podman_compose() -> None:
    services = compose_file()["services"]
    replicated = [name for name, service in services.items() if "replicas" in service.get("deploy", {})]
    assert set(replicated) >= {*SERVICE_NAMES, "worker"}
    assert all(services[name]["deploy"]["mode"] == "replicated" for name in replicated)


def test_compose_settings_are_contact101_settings() -> None:
    environment = compose_file()["services"]["intake"]["environment"]
    names = {name.removeprefix("CONTACT101_").lower() for name in environment}
    assert names <= set(Settings.model_fields)


@pytest.mark.parametrize(("name", "document"), kubernetes_documents())
def test_each_kubernetes_manifest_is_valid(name: str, document: dict[str, Any]) -> None:
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_kubernetes_check_catches_a_misspelt_field() -> None:
    _, deployment = next(item for item in kubernetes_documents() if item[1]["kind"] == "Deployment")
    broken = copy.deepcopy(deployment)
    broken["spec"]["replicaz"] = broken["spec"].pop("replicas")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kubernetes_runs_every_process_with_grpc_probes_resources_and_worker_autoscaling() -> None:
    documents = [document for _, document in kubernetes_documents()]
    deployments = kubernetes_deployments()
    assert set(deployments) == {process.name for process in PROCESSES}
    for process in PROCESSES:
        deployment = deployments[process.name]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["name"] == process.name
        assert container["args"] == runs(process), "args, so that the image's dumb-init stays PID 1"
        assert "command" not in container
        assert container["resources"]["requests"]
        assert {
            source.get("configMapRef", source.get("secretRef"))["name"] for source in container["envFrom"]
        } == {"contact101"}
        if process in SERVICES:
            assert container["readinessProbe"]["grpc"]["port"] == 50051
            assert container["livenessProbe"]["grpc"]["port"] == 50051
            (migrate,) = deployment["spec"]["template"]["spec"]["initContainers"]
            assert migrate["args"] == ["contact101", "migrate", process.name]
    (autoscaler,) = [d for d in documents if d["kind"] == "HorizontalPodAutoscaler"]
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == "worker"
    configmap = next(d for d in documents if d["kind"] == "ConfigMap")
    assert {name.removeprefix("CONTACT101_").lower() for name in configmap["data"]} <= set(
        Settings.model_fields
    )


def test_kustomization_lists_every_manifest_but_the_example_secret() -> None:
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    manifests = {path.name for path in KUBERNETES.glob("*.yaml")} - {
        "kustomization.yaml",
        "secret.example.yaml",
    }
    assert set(kustomization["resources"]) == manifests


def test_the_temporal_setup_registers_every_case_search_attribute() -> None:
    script = (KUBERNETES / "temporal-namespace.sh").read_text()
    registered = dict(
        re.findall(r"^\s+(\w+):(Keyword|Bool|Datetime|Int|Double|Text|KeywordList)\b", script, re.M)
    )
    assert registered == {
        key.name: key.indexed_value_type.name.title().replace("_", "") for key in CASE_SEARCH_ATTRIBUTES
    }


def test_the_image_runs_as_a_non_root_user_on_a_slim_base_by_default() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    (default_base,) = re.findall(r"^ARG BASE_IMAGE=(\S+)", dockerfile, re.M)
    assert default_base.startswith("python:3.11-slim")
    bases = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert bases and all(base == "${BASE_IMAGE}" for base in bases)
    (user,) = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert not user.startswith(("root", "0"))


def inbox_paths(inboxes: str) -> list[str]:
    return [pair.split("=", 1)[1] for pair in inboxes.split(",")]


def test_compose_runs_the_online_report_form_and_the_inbox_poller() -> None:
    services = compose_file()["services"]
    form = services["online-reports"]
    listening = form["environment"]["CONTACT101_LISTEN_ADDRESS"].rsplit(":", 1)[1]
    assert any(port.endswith(f":{listening}") for port in form["ports"])
    assert "/healthz" in " ".join(form["healthcheck"]["test"])

    poller = services["inbox-poller"]
    mounted = [volume.rsplit(":", 1)[1] for volume in poller["volumes"]]
    for path in inbox_paths(poller["environment"]["CONTACT101_INBOXES"]):
        assert any(path.startswith(mount + "/") for mount in mounted), f"{path} is not on a volume"


def test_kubernetes_serves_the_form_over_http_and_gives_the_poller_the_shared_inboxes() -> None:
    deployments = kubernetes_deployments()

    (form,) = deployments["online-reports"]["spec"]["template"]["spec"]["containers"]
    listening = environment_value(form, "CONTACT101_LISTEN_ADDRESS")
    assert form["ports"][0]["containerPort"] == int(listening.rsplit(":", 1)[1])
    for probe in ("readinessProbe", "livenessProbe"):
        assert form[probe]["httpGet"]["path"] == "/healthz"

    poller_pod = deployments["inbox-poller"]["spec"]["template"]["spec"]
    (poller,) = poller_pod["containers"]
    inboxes = environment_value(poller, "CONTACT101_INBOXES")
    mounts = {mount["name"]: mount["mountPath"] for mount in poller["volumeMounts"]}
    claims = {
        volume["name"]: volume["persistentVolumeClaim"]["claimName"]
        for volume in poller_pod["volumes"]
        if "persistentVolumeClaim" in volume
    }
    declared = {
        document["metadata"]["name"]
        for _, document in kubernetes_documents()
        if document["kind"] == "PersistentVolumeClaim"
    }
    for path in inbox_paths(inboxes):
        (volume,) = [name for name, mount in mounts.items() if path.startswith(mount + "/")]
        assert claims[volume] in declared, f"{path} is not on the shared inbox volume"


def test_every_deployment_says_it_is_production() -> None:
    """So that no process there starts on the development keys (README, Security)."""
    services = compose_file()["services"]
    contact101_processes = [
        name
        for name, service in services.items()
        if "CONTACT101_TEMPORAL_TARGET" in service.get("environment", {})
    ]
    assert {process.name for process in (*PROCESSES, CODEC_SERVER)} <= set(contact101_processes)
    for name in contact101_processes:
        assert services[name]["environment"]["CONTACT101_ENVIRONMENT"] == "production", name
    configmap = next(d for _, d in kubernetes_documents() if d["kind"] == "ConfigMap")
    assert configmap["data"]["CONTACT101_ENVIRONMENT"] == "production"


def kustomized() -> list[dict[str, Any]]:
    """The manifests as `kubectl apply -k deploy/kubernetes` would send them."""
    if shutil.which("kubectl") is None and not os.environ.get("CI"):
        pytest.skip("no kubectl: `apt-get install kubectl` or Debian's kubernetes-client (.ci/run does)")
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(KUBERNETES)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return [document for document in yaml.safe_load_all(rendered) if document]


def test_the_kustomization_renders_valid_manifests_in_one_namespace_on_one_image() -> None:
    documents = kustomized()
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    assert {d["kind"] for d in documents} >= {"Deployment", "Service", "ConfigMap", "Job", "Namespace"}
    assert all(d["metadata"].get("namespace") == "contact101" for d in documents if d["kind"] != "Namespace")
    pods = [d["spec"]["template"]["spec"] for d in documents if d["kind"] in ("Deployment", "Job")]
    images = {c["image"] for pod in pods for c in [*pod.get("initContainers", []), *pod["containers"]]}
    assert {image for image in images if image.startswith("contact101")} == {"contact101:0.1.0"}
    (script,) = [
        d
        for d in documents
        if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "temporal-namespace-script"
    ]
    assert script["data"]["temporal-namespace.sh"] == (KUBERNETES / "temporal-namespace.sh").read_text()
