"""A scoring script that gets its managed identity's token with Azure's own SDK, unmodified.

azure-identity's ManagedIdentityCredential (Debian's python3-azure) reads the runtime's environment: with
IDENTITY_ENDPOINT and IDENTITY_HEADER it speaks App Service's 2019-08-01 protocol, with MSI_ENDPOINT and
MSI_SECRET alone Azure ML's (2017-09-01). init() asks both ways, then reads the blob with the token as
Azure Storage takes it (Authorization: Bearer, x-ms-version); run() answers what init() read.
"""
import logging
import os

import requests
from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

STORAGE_SCOPE = "https://storage.azure.com/.default"
read = {}


def init():
    client_id = os.environ.get("UAI_CLIENT_ID")
    token = ManagedIdentityCredential(client_id=client_id).get_token(STORAGE_SCOPE)
    logging.info("azure-identity ManagedIdentityCredential (App Service 2019-08-01): token expiring at %d",
                 token.expires_on)

    # Without IDENTITY_*, the same credential falls back to MSI_ENDPOINT/MSI_SECRET (Azure ML's 2017-09-01).
    saved = {name: os.environ.pop(name) for name in ("IDENTITY_ENDPOINT", "IDENTITY_HEADER")}
    try:
        older = DefaultAzureCredential(managed_identity_client_id=client_id).get_token(STORAGE_SCOPE)
        logging.info("azure-identity DefaultAzureCredential (MSI_ENDPOINT, 2017-09-01): token expiring at %d",
                     older.expires_on)
    finally:
        os.environ.update(saved)

    url = "{}/{}/{}/{}".format(os.environ["AEGIS_BLOB_ENDPOINT"], os.environ["STORAGE_ACCOUNT_NAME"],
                               os.environ["STORAGE_CONTAINER_NAME"], os.environ["FILE_NAME"])
    answer = requests.get(url, headers={"Authorization": "Bearer " + token.token, "x-ms-version": "2019-02-02"},
                          timeout=30)
    answer.raise_for_status()
    read["text"] = answer.text
    logging.info("Read %s with azure-identity's token: %s", os.environ["FILE_NAME"], answer.text.strip())


def run(raw_data):
    return {"read": read["text"].strip()}
