"""Reference fold boundaries for the split tests, from scikit-learn 1.2.1 (Debian 12 packages).

Run with /usr/bin/python3 from this folder: python3 make_split_reference.py > split_reference.json
6998 is telco_churn.csv without exact duplicates over the test feature set's columns. Time-series folds are positions in the rows ordered by event time; K-fold sizes are for unshuffled folds.
"""
import json

from sklearn.model_selection import KFold, TimeSeriesSplit

cases = []
for n, splits, gap in [(5698, 5, 0), (5698, 4, 7), (100, 3, 2), (7032, 10, 0)]:
    folds = []
    for train, test in TimeSeriesSplit(n_splits=splits, gap=gap).split(list(range(n))):
        folds.append({"train_end": int(train[-1]) + 1, "validation_start": int(test[0]), "validation_end": int(test[-1]) + 1})
    cases.append({"n": n, "splits": splits, "gap": gap, "folds": folds})

kfold = []
for n, k in [(7043, 5), (6998, 10), (101, 4)]:
    kfold.append({"n": n, "k": k, "sizes": [int(len(t)) for _, t in KFold(n_splits=k).split(list(range(n)))]})

print(json.dumps({"time_series": cases, "kfold_sizes": kfold}, indent=1))
