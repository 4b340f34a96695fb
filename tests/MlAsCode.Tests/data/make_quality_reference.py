"""Reference mutual information for the data quality tests, from scikit-learn 1.2.1 (Debian 12 packages).

Run with /usr/bin/python3 from this folder: python3 make_quality_reference.py > quality_reference.json
mutual_info_score works on category labels, in nats; missing cells are a category of their own ("(missing)").
"""
import csv
import json
import math
from collections import Counter

from sklearn.metrics import mutual_info_score


def columns(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: [r[k] if r[k] not in ("", "NA") else "(missing)" for r in rows] for k in rows[0]}


def entropy(labels):
    n = len(labels)
    return -sum(c / n * math.log(c / n) for c in Counter(labels).values())


cases = []
for path, target, features in [
    ("../../../samples/Churn/data/telco_churn.csv", "churn", ["contract", "payment_method", "internet_service", "partner"]),
    ("hr_attrition.csv", "Attrition", ["OverTime", "JobRole", "MaritalStatus", "BusinessTravel"]),
]:
    data = columns(path)
    for feature in features:
        cases.append({
            "file": path.split("/")[-1],
            "target": target,
            "feature": feature,
            "mutual_information": mutual_info_score(data[target], data[feature]),
            "target_entropy": entropy(data[target]),
        })

print(json.dumps(cases, indent=1))
