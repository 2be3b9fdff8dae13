#!/bin/sh
# Registers the Contact101 namespace and the case search attributes
# (workflows/search_attributes.py) on a Temporal cluster; safe to run again.
# Runs in the temporalio/admin-tools image with TEMPORAL_ADDRESS and NAMESPACE set;
# used by deploy/compose.yaml and by the temporal-namespace Job in Kubernetes.
set -eu

until temporal operator cluster health >/dev/null 2>&1; do
    echo "waiting for Temporal at ${TEMPORAL_ADDRESS}"
    sleep 2
done

if ! temporal operator namespace describe "${NAMESPACE}" >/dev/null 2>&1; then
    temporal operator namespace create --retention "${RETENTION:-2160h}" "${NAMESPACE}"
fi

until registered=$(temporal operator search-attribute list --namespace "${NAMESPACE}" 2>/dev/null); do
    echo "waiting for namespace ${NAMESPACE}"
    sleep 2
done

for attribute in \
    CaseStatus:Keyword \
    RiskGrade:Keyword \
    Channel:Keyword \
    Vulnerable:Bool \
    CrimeRecorded:Bool \
    AwaitingVerification:Bool \
    NextDeadline:Datetime \
    Team:Keyword; do
    name=${attribute%%:*}
    if ! echo "${registered}" | grep -qw "${name}"; then
        temporal operator search-attribute create --namespace "${NAMESPACE}" --name "${name}" --type "${attribute#*:}"
    fi
done
echo "namespace ${NAMESPACE} is ready"
