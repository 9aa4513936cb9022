"""A scoring script as Azure ML runs them: init() once per worker, run(raw_data) per request."""
import json
import logging
import os

import joblib
import numpy


def init():
    global model
    # AZUREML_MODEL_DIR is the folder the registered model is in; a model registered from the folder
    # ./model/ is the subfolder "model" of it.
    path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model", "sklearn_regression_model.pkl")
    model = joblib.load(path)
    logging.info("Init complete: loaded %s", os.path.basename(path))


def run(raw_data):
    data = numpy.array(json.loads(raw_data)["data"])
    result = model.predict(data)
    logging.info("Request processed: %d row(s)", len(data))
    return result.tolist()
