"""run() may answer a dict: here each prediction with a name, and the model that made it."""
import json
import os

import joblib
import numpy


def init():
    global model
    model = joblib.load(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model", "sklearn_regression_model.pkl"))


def run(raw_data):
    rows = numpy.array(json.loads(raw_data)["data"])
    return {"predictions": model.predict(rows).tolist(), "model": type(model).__name__, "rows": len(rows)}
