#!/usr/bin/env bash
# Seed 000's walk-through with the endpoint's system-assigned identity, in the very forms of Azure's own script
# (az config get with a JMESPath filter, az ml workspace show --query location, az role assignment create
# --assignee-object-id ... --assignee-principal-type ServicePrincipal, --set with several values): the command
# is named aegis instead of az, and the files' paths are this repository's. The user's scoring script
# (onlinescoring/score_managedidentity.py) reads hello.txt with the identity's token, then loads the model.
# Run from the repository's root, with 'aegis' on the PATH, logged in, and defaults set:
#   aegis configure --defaults group=my-rg workspace=my-ws, and the model made by
#   /usr/bin/python3 examples/scoring-scripts/make_model.py examples/scoring-scripts/model
# KEEP=1 skips the clean-up.
set -e

# <set_variables>
export WORKSPACE=$(aegis config get --query "defaults[?name == 'workspace'].value" -o tsv)
export LOCATION=$(aegis ml workspace show --query location -o tsv)
export ENDPOINT_NAME=endpt-moe-$RANDOM
# </set_variables>
echo "WORKSPACE=$WORKSPACE LOCATION=$LOCATION ENDPOINT_NAME=$ENDPOINT_NAME"

# <configure_storage_names>
export STORAGE_ACCOUNT_NAME="oepstorage$RANDOM"
export STORAGE_CONTAINER_NAME="hellocontainer"
export FILE_NAME="hello.txt"
# </configure_storage_names>

# <create_storage_account>
aegis storage account create --name $STORAGE_ACCOUNT_NAME --location $LOCATION
export STORAGE_ID=$(aegis storage account show --name $STORAGE_ACCOUNT_NAME --query "id" -o tsv)
echo "STORAGE_ID=$STORAGE_ID"
# </create_storage_account>

# <upload_file_to_storage>
aegis storage container create --account-name $STORAGE_ACCOUNT_NAME --name $STORAGE_CONTAINER_NAME
aegis storage blob upload --account-name $STORAGE_ACCOUNT_NAME --container-name $STORAGE_CONTAINER_NAME --name $FILE_NAME --file examples/scoring-scripts/managed-identity/hello.txt
# </upload_file_to_storage>

# <create_endpoint>
aegis ml online-endpoint create --name $ENDPOINT_NAME -f examples/managed-identities/1-sai-create-endpoint.yml
# </create_endpoint>

# <check_endpoint_status>
endpoint_status=`aegis ml online-endpoint show --name $ENDPOINT_NAME --query "provisioning_state" -o tsv`
echo $endpoint_status
if [[ $endpoint_status == "Succeeded" ]]
then
  echo "Endpoint created successfully"
else
  echo "Endpoint creation failed"
  exit 1
fi
# </check_endpoint_status>

# <get_system_identity>
export SYSTEM_IDENTITY=`aegis ml online-endpoint show --name $ENDPOINT_NAME --query identity.principal_id -o tsv`
echo "SYSTEM_IDENTITY=$SYSTEM_IDENTITY"
# </get_system_identity>

# <give_permission_to_user_storage_account>
aegis role assignment create --assignee-object-id $SYSTEM_IDENTITY --assignee-principal-type ServicePrincipal --role "Storage Blob Data Reader" --scope $STORAGE_ID
# </give_permission_to_user_storage_account>

# <deploy>
aegis ml online-deployment create --endpoint-name $ENDPOINT_NAME --all-traffic --name blue --file examples/scoring-scripts/managed-identity/2-sai-deployment.yml --set environment_variables.STORAGE_ACCOUNT_NAME=$STORAGE_ACCOUNT_NAME environment_variables.STORAGE_CONTAINER_NAME=$STORAGE_CONTAINER_NAME environment_variables.FILE_NAME=$FILE_NAME
# </deploy>

# <check_deploy_status>
deploy_status=`aegis ml online-deployment show --endpoint-name $ENDPOINT_NAME --name blue --query "provisioning_state" -o tsv`
echo $deploy_status
if [[ $deploy_status == "Succeeded" ]]
then
  echo "Deployment completed successfully"
else
  echo "Deployment failed"
  exit 1
fi
# </check_deploy_status>

# <get_logs>
aegis ml online-deployment get-logs --endpoint-name $ENDPOINT_NAME --name blue
# </get_logs>

# <test_endpoint>
aegis ml online-endpoint invoke --name $ENDPOINT_NAME --request-file examples/scoring-scripts/sample-request.json
# </test_endpoint>

if [ "${KEEP:-}" != 1 ]; then
  # <delete_endpoint>
  aegis ml online-endpoint delete --name $ENDPOINT_NAME --yes
  # </delete_endpoint>

  # <delete_storage_account>
  aegis storage account delete --name $STORAGE_ACCOUNT_NAME --yes
  # </delete_storage_account>
fi
