#!/usr/bin/env bash
# Seed 000 with a user-assigned identity: created on its own, attached to the endpoint by resource id,
# given nothing automatically. The deployment first fails for want of a role (its log says which
# identity lacked which action where); once the role is granted, updating the deployment succeeds.
# Needs a running stack (./aegis up), a login (./aegis login) and defaults for the resource group and
# workspace (./aegis configure --defaults group=my-rg workspace=my-ws). KEEP=1 skips the clean-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ENDPOINT_NAME="${ENDPOINT_NAME:-uai-$SUFFIX}"
UAI_NAME="${UAI_NAME:-oep-uai-$SUFFIX}"

step "Storage: an account, a container, and the file to read"
create_storage
register_model

step "The user-assigned identity"
aegis identity create --name "$UAI_NAME" --query id -o tsv
UAI_CLIENT_ID="$(aegis identity show --name "$UAI_NAME" --query clientId -o tsv)"
UAI_ID="$(aegis identity show --name "$UAI_NAME" --query id -o tsv)"
UAI_PRINCIPAL_ID="$(aegis identity show --name "$UAI_NAME" --query principalId -o tsv)"
echo "UAI_PRINCIPAL_ID=$UAI_PRINCIPAL_ID"

step "The endpoint, with the identity attached by its resource id"
aegis ml online-endpoint create --name "$ENDPOINT_NAME" -f "$HERE/1-uai-create-endpoint.yml" \
  --set "identity.user_assigned_identities=[{resource_id: $UAI_ID}]" --query provisioning_state -o tsv

mapfile -t settings < <(storage_settings)
step "A deployment before any role is granted: it fails, and its log says why"
if aegis ml online-deployment create --endpoint-name "$ENDPOINT_NAME" --name blue -f "$HERE/2-uai-deployment.yml" \
     "${settings[@]}" --set "environment_variables.UAI_CLIENT_ID=$UAI_CLIENT_ID" --query provisioning_state -o tsv; then
  echo "The deployment should have failed without a role." >&2
  exit 1
fi
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 3

step "Grant Storage Blob Data Reader on the storage account, and on the workspace's default storage (as the seed does)"
aegis role assignment create --assignee-object-id "$UAI_PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Reader" --scope "$STORAGE_ID" --query id -o tsv
WORKSPACE_STORAGE_ID="$(aegis ml workspace show --query storageAccount -o tsv)"
aegis role assignment create --assignee-object-id "$UAI_PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Reader" --scope "$WORKSPACE_STORAGE_ID" --query id -o tsv

step "Update the deployment: now its init step reads the file"
aegis ml online-deployment update --endpoint-name "$ENDPOINT_NAME" --name blue --all-traffic \
  -f "$HERE/2-uai-deployment.yml" "${settings[@]}" --set "environment_variables.UAI_CLIENT_ID=$UAI_CLIENT_ID" \
  --query provisioning_state -o tsv
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 20

step "Score the sample request"
aegis ml online-endpoint invoke --name "$ENDPOINT_NAME" --request-file "$EXAMPLES/model-1/sample-request.json"

if [ "${KEEP:-}" != 1 ]; then
  step "Clean up: the endpoint (the user-assigned identity survives it), the storage account, then the identity"
  aegis ml online-endpoint delete --name "$ENDPOINT_NAME" --yes
  echo "UAI_AFTER_ENDPOINT_DELETION=$(aegis identity show --name "$UAI_NAME" --query id -o tsv)"
  aegis storage account delete --name "$STORAGE_ACCOUNT_NAME" --yes
  aegis identity delete --name "$UAI_NAME"
fi
