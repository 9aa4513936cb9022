"""Trains the examples' scikit-learn regression and saves it as model/sklearn_regression_model.pkl.

    /usr/bin/python3 make_model.py [FOLDER]        (default: ./model)

Ten features, as the seed's sample request has; fixed data, so every run makes the same model. Prints the
predictions for sample-request.json, so that a caller can check what the deployment answers.
"""
import json
import os
import sys

import joblib
import numpy
from sklearn.linear_model import LinearRegression

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "model")
rows = numpy.random.default_rng(7).uniform(0, 10, size=(200, 10))
weights = numpy.arange(1, 11) / 10.0
model = LinearRegression().fit(rows, rows @ weights + 3.0)
os.makedirs(folder, exist_ok=True)
joblib.dump(model, os.path.join(folder, "sklearn_regression_model.pkl"))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample-request.json")) as request:
    print(json.dumps(model.predict(numpy.array(json.load(request)["data"])).tolist()))
