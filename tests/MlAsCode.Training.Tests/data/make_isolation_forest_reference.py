"""scikit-learn's IsolationForest on statlog_shuttle.csv, the reference for MlAsCode's isolation forest.

Run with /usr/bin/python3 from this folder: python3 make_isolation_forest_reference.py > isolation_forest_reference.json
Anomalies are every class but the majority "Rad.Flow" (21.4% of rows); 100 trees of 256 samples, 5 seeds. The trees
are random, so the test compares the spread of ROC-AUC and Precision@K, not scores row by row.
"""
import csv
import json

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

rows = list(csv.DictReader(open("statlog_shuttle.csv")))
X = np.array([[float(r["V%d" % i]) for i in range(1, 10)] for r in rows])
y = np.array([r["Class"] != "Rad.Flow" for r in rows])
runs = []
for seed in range(5):
    s = -IsolationForest(n_estimators=100, max_samples=256, random_state=seed).fit(X).score_samples(X)
    order = np.argsort(-s)
    runs.append({"seed": seed, "roc_auc": roc_auc_score(y, s), "precision_at_1000": float(y[order[:1000]].mean()),
                 "precision_at_5000": float(y[order[:5000]].mean())})
print(json.dumps({"anomaly_share": float(y.mean()), "runs": runs}, indent=1))
