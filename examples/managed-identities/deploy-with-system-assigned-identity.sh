#!/usr/bin/env bash
# Seed 000 with the endpoint's system-assigned identity: a deployment reads a file from a storage
# container at start-up, with no key or secret in its code or configuration.
# Needs a running stack (./aegis up), a login (./aegis login) and defaults for the resource group and
# workspace (./aegis configure --defaults group=my-rg workspace=my-ws). KEEP=1 skips the clean-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ENDPOINT_NAME="${ENDPOINT_NAME:-sai-$SUFFIX}"

step "Storage: an account, a container, and the file to read"
create_storage
register_model

step "The endpoint: its system-assigned identity is created with it"
aegis ml online-endpoint create --name "$ENDPOINT_NAME" -f "$HERE/1-sai-create-endpoint.yml" --query provisioning_state -o tsv
SYSTEM_IDENTITY="$(wait_for_output aegis ml online-endpoint show --name "$ENDPOINT_NAME" --query identity.principal_id -o tsv)"
echo "SYSTEM_IDENTITY=$SYSTEM_IDENTITY"

step "Give the identity read access to the storage account"
aegis role assignment create --assignee-object-id "$SYSTEM_IDENTITY" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Reader" --scope "$STORAGE_ID" --query id -o tsv

step "The deployment: its init step reads the file with the identity's token"
mapfile -t settings < <(storage_settings)
aegis ml online-deployment create --endpoint-name "$ENDPOINT_NAME" --name blue --all-traffic \
  -f "$HERE/2-sai-deployment.yml" "${settings[@]}" --query provisioning_state -o tsv
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 20

step "Score the sample request"
aegis ml online-endpoint invoke --name "$ENDPOINT_NAME" --request-file "$EXAMPLES/model-1/sample-request.json"

if [ "${KEEP:-}" != 1 ]; then
  step "Clean up: the endpoint (its deployments and identity go with it) and the storage account"
  aegis ml online-endpoint delete --name "$ENDPOINT_NAME" --yes
  aegis storage account delete --name "$STORAGE_ACCOUNT_NAME" --yes
fi
