"""Seed 000's scoring script, as Aegis ML runs it: init() reads a file from blob storage with the deployment's
managed identity (a token from MSI_ENDPOINT, then a plain GET of the blob with that token), then loads the
scikit-learn model; run() predicts.

The only Aegis-specific line is the blob's URL: Azure's is https://{account}.blob.core.windows.net/...; here it
is {AEGIS_BLOB_ENDPOINT}/{account}/... (path-style), read from the environment.
"""
import json
import logging
import os

import joblib
import numpy
import requests

STORAGE = "https://storage.azure.com/"


def identity_token():
    """The managed identity's token for storage: the user-assigned one named by UAI_CLIENT_ID, else the endpoint's own."""
    params = {"resource": STORAGE}
    client_id = os.environ.get("UAI_CLIENT_ID")
    if client_id:
        params["clientid"] = client_id
    logging.info("Asking MSI_ENDPOINT for a storage token (%s identity)",
                 "user-assigned" if client_id else "system-assigned")
    answer = requests.get(os.environ["MSI_ENDPOINT"], params=params,
                          headers={"secret": os.environ["MSI_SECRET"], "Metadata": "true"}, timeout=30)
    answer.raise_for_status()
    logging.info("Got the identity's token")
    return answer.json()["access_token"]


def read_blob():
    account = os.environ["STORAGE_ACCOUNT_NAME"]
    container = os.environ["STORAGE_CONTAINER_NAME"]
    name = os.environ["FILE_NAME"]
    url = "%s/%s/%s/%s?api-version=2019-04-01" % (os.environ["AEGIS_BLOB_ENDPOINT"], account, container, name)
    headers = {"Authorization": "Bearer " + identity_token(), "x-ms-blob-type": "BlockBlob", "x-ms-version": "2019-02-02"}
    answer = requests.get(url, headers=headers, timeout=30)
    answer.raise_for_status()
    logging.info("Read %s/%s/%s: %s", account, container, name, answer.text.strip())


def init():
    global model
    read_blob()
    model = joblib.load(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model", "sklearn_regression_model.pkl"))
    logging.info("Init complete")


def run(raw_data):
    logging.info("Request received")
    rows = numpy.array(json.loads(raw_data)["data"])
    result = model.predict(rows)
    logging.info("Request processed")
    return result.tolist()
