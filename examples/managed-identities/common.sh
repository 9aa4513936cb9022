# Shared by the two walk-throughs of seed 000 (sourced, not run). Names can be overridden by the
# environment; the workspace and resource group are those of 'aegis configure --defaults'.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXAMPLES="$(dirname "$HERE")"
REPO="$(dirname "$EXAMPLES")"

aegis() { "$REPO/aegis" "$@"; }
step() { printf '\n== %s\n' "$*"; }

SUFFIX="${SUFFIX:-$RANDOM$RANDOM}"
STORAGE_ACCOUNT_NAME="${STORAGE_ACCOUNT_NAME:-oepstorage$SUFFIX}"
STORAGE_CONTAINER_NAME="${STORAGE_CONTAINER_NAME:-hellocontainer}"
FILE_NAME="${FILE_NAME:-hello.txt}"
MODEL_NAME="${MODEL_NAME:-model-1}"

# The workspace (it comes with a default storage account), a storage account of our own, a container
# and the file the deployment's init step will read.
create_storage() {
  aegis ml workspace create >/dev/null
  aegis storage account create --name "$STORAGE_ACCOUNT_NAME" --query id -o tsv
  aegis storage container create --account-name "$STORAGE_ACCOUNT_NAME" --name "$STORAGE_CONTAINER_NAME" --query id -o tsv
  local file
  file="$(mktemp)"
  echo "Hello from Aegis ML: this file was read with a managed identity, no key in sight." > "$file"
  aegis storage blob upload --account-name "$STORAGE_ACCOUNT_NAME" --container-name "$STORAGE_CONTAINER_NAME" \
    --name "$FILE_NAME" --file "$file" -o tsv
  rm -f "$file"
  STORAGE_ID="$(aegis storage account show --name "$STORAGE_ACCOUNT_NAME" --query id -o tsv)"
  echo "STORAGE_ID=$STORAGE_ID"
}

# The model every deployment here serves: the 10-feature regression of seed 000's sample request.
register_model() {
  aegis ml model show --name "$MODEL_NAME" --version 1 >/dev/null 2>&1 \
    || aegis ml model create --name "$MODEL_NAME" --version 1 --path "$EXAMPLES/model-1/model/linear-regression.onnx" \
         --query sha256 -o tsv
}

# The deployment's file settings, as seed 000 passes them.
storage_settings() {
  printf '%s\n' --set "environment_variables.STORAGE_ACCOUNT_NAME=$STORAGE_ACCOUNT_NAME" \
    --set "environment_variables.STORAGE_CONTAINER_NAME=$STORAGE_CONTAINER_NAME" \
    --set "environment_variables.FILE_NAME=$FILE_NAME"
}

# Waits (up to 30 s) for a command to print something, then prints it.
wait_for_output() {
  local out
  for _ in $(seq 1 30); do
    out="$("$@" 2>/dev/null || true)"
    if [ -n "$out" ]; then echo "$out"; return 0; fi
    sleep 1
  done
  echo "Timed out waiting for: $*" >&2
  return 1
}
