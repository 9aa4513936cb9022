#!/usr/bin/env bash
# Seed 000 with a user-assigned identity and the user's own scoring script (UAI_CLIENT_ID tells it which
# identity's token to ask for). Same needs as deploy-with-system-assigned-identity.sh. KEEP=1 skips the clean-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../managed-identities/common.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENDPOINT_NAME="${ENDPOINT_NAME:-suai-$SUFFIX}"
UAI_NAME="${UAI_NAME:-oep-suai-$SUFFIX}"

step "The scikit-learn model, made with the distribution's scikit-learn"
/usr/bin/python3 "$HERE/../make_model.py" "$HERE/../model"

step "Storage: an account, a container, and the file to read"
create_storage

step "The user-assigned identity"
aegis identity create --name "$UAI_NAME" --query id -o tsv
UAI_CLIENT_ID="$(aegis identity show --name "$UAI_NAME" --query clientId -o tsv)"
UAI_ID="$(aegis identity show --name "$UAI_NAME" --query id -o tsv)"
UAI_PRINCIPAL_ID="$(aegis identity show --name "$UAI_NAME" --query principalId -o tsv)"

step "The endpoint, with the identity attached by its resource id"
aegis ml online-endpoint create --name "$ENDPOINT_NAME" -f "$EXAMPLES/managed-identities/1-uai-create-endpoint.yml" \
  --set "identity.user_assigned_identities=[{resource_id: $UAI_ID}]" --query provisioning_state -o tsv

step "Grant Storage Blob Data Reader on the storage account"
aegis role assignment create --assignee-object-id "$UAI_PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Reader" --scope "$STORAGE_ID" --query id -o tsv

step "The deployment: init() reads the file with the user-assigned identity's token"
mapfile -t settings < <(storage_settings)
aegis ml online-deployment create --endpoint-name "$ENDPOINT_NAME" --name blue --all-traffic \
  -f "$HERE/2-uai-deployment.yml" "${settings[@]}" --set "environment_variables.UAI_CLIENT_ID=$UAI_CLIENT_ID" \
  --query provisioning_state -o tsv
aegis ml online-deployment get-logs --endpoint-name "$ENDPOINT_NAME" --name blue --lines 20

step "Score the sample request"
wait_for_output aegis ml online-endpoint invoke --name "$ENDPOINT_NAME" --request-file "$HERE/../sample-request.json"

if [ "${KEEP:-}" != 1 ]; then
  step "Clean up: the endpoint, the storage account, then the identity"
  aegis ml online-endpoint delete --name "$ENDPOINT_NAME" --yes
  aegis storage account delete --name "$STORAGE_ACCOUNT_NAME" --yes
  aegis identity delete --name "$UAI_NAME"
fi
