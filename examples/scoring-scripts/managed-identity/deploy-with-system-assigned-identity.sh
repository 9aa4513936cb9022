#!/usr/bin/env bash
# Seed 000 with the endpoint's system-assigned identity and the user's own scoring script: its init() reads a
# file from storage with the identity's token, then loads a scikit-learn model; run() predicts.
# Needs a running stack (./aegis up), a login (./aegis login), defaults for the resource group and workspace
# (./aegis configure --defaults group=my-rg workspace=my-ws) and python3-sklearn. KEEP=1 skips the clean-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../managed-identities/common.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENDPOINT_NAME="${ENDPOINT_NAME:-ssai-$SUFFIX}"

step "The scikit-learn model, made with the distribution's scikit-learn"
/usr/bin/python3 "$HERE/../make_model.py" "$HERE/../model"

step "Storage: an account, a container, and the file to read"
create_storage

step "The endpoint: its system-assigned identity is created with it"
aegis ml online-endpoint create --name "$ENDPOINT_NAME" -f "$EXAMPLES/managed-identities/1-sai-create-endpoint.yml" \
  --query provisioning_state -o tsv
SYSTEM_IDENTITY="$(wait_for_output aegis ml online-endpoint show --name "$ENDPOINT_NAME" --query identity.principal_id -o tsv)"
echo "SYSTEM_IDENTITY=$SYSTEM_IDENTITY"

mapfile -t settings < <(storage_settings)
step "A deployment before any role is granted: init() gets 403 from storage, and the deployment fails"
if aegis ml online-deployment create --endpoint-name "$ENDPOINT_NAME" --name blue -f "$HERE/2-sai-deployment.yml" \
     "${settings[@]}" --query provisioning_state -o tsv; then
  echo "The deployment should have failed without a role." >&2
  exit 1
fi
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 30

step "Give the identity read access to the storage account"
aegis role assignment create --assignee-object-id "$SYSTEM_IDENTITY" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Reader" --scope "$STORAGE_ID" --query id -o tsv

step "Update the deployment: now init() reads the file"
aegis ml online-deployment update --endpoint-name "$ENDPOINT_NAME" --name blue --all-traffic \
  -f "$HERE/2-sai-deployment.yml" "${settings[@]}" --query provisioning_state -o tsv
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 20

step "Score the sample request"
wait_for_output aegis ml online-endpoint invoke --name "$ENDPOINT_NAME" --request-file "$HERE/../sample-request.json"

if [ "${KEEP:-}" != 1 ]; then
  step "Clean up: the endpoint (its deployments and identity go with it) and the storage account"
  aegis ml online-endpoint delete --name "$ENDPOINT_NAME" --yes
  aegis storage account delete --name "$STORAGE_ACCOUNT_NAME" --yes
fi
