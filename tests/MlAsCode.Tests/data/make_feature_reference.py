"""Reference values for the feature-pipeline tests, from scikit-learn 1.2.1 / numpy 1.24 (Debian 12 packages).

Run with /usr/bin/python3 from this folder: python3 make_feature_reference.py > feature_reference.json
Every statistic is fitted on all rows of the file, as the tests do.
"""
import csv
import json

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import KBinsDiscretizer, MinMaxScaler, StandardScaler


def column(path, name, missing=("", "NA")):
    with open(path, newline="") as f:
        return np.array([np.nan if r[name] in missing else float(r[name]) for r in csv.DictReader(f)])


def standardize(x):
    s = StandardScaler().fit(x.reshape(-1, 1))
    return {"mean": s.mean_[0], "scale": s.scale_[0], "first": s.transform(x[:5].reshape(-1, 1)).ravel().tolist()}


def minmax(x):
    s = MinMaxScaler().fit(x.reshape(-1, 1))
    return {"min": s.data_min_[0], "range": s.data_range_[0], "first": s.transform(x[:5].reshape(-1, 1)).ravel().tolist()}


def bins(x, n):
    d = KBinsDiscretizer(n_bins=n, encode="ordinal", strategy="quantile", subsample=None).fit(x.reshape(-1, 1))
    return {"inner_edges": d.bin_edges_[0][1:-1].tolist(), "first": d.transform(x[:5].reshape(-1, 1)).ravel().tolist()}



def tfidf_reference():
    """TfidfVectorizer defaults (lowercase, token_pattern \\b\\w\\w+\\b, smooth idf, l2) on the Python tutorial paragraphs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    with open("python_docs_paragraphs.csv", newline="") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    v = TfidfVectorizer().fit(texts)
    terms = v.get_feature_names_out().tolist()
    first = v.transform(texts[:3]).toarray()
    return {
        "terms": terms,
        "idf": v.idf_.tolist(),
        "first_rows": [{t: first[r][i] for i, t in enumerate(terms) if first[r][i] != 0} for r in range(3)],
    }


telco = "../../../samples/Churn/data/telco_churn.csv"
chicago = "chicago_ridership.csv"
tenure = column(telco, "tenure")
total = column(telco, "total_charges")
imputer = SimpleImputer(strategy="median").fit(total.reshape(-1, 1))
total_imputed = imputer.transform(total.reshape(-1, 1)).ravel()

print(json.dumps({
    "produced_by": "scikit-learn 1.2.1, numpy 1.24.2",
    "telco": {
        "tenure_standardize": standardize(tenure),
        "tenure_quantile_bins_4": bins(tenure, 4),
        "total_charges_median": imputer.statistics_[0],
        "total_charges_minmax_after_median": minmax(total_imputed),
    },
    "chicago": {
        "temp_standardize": standardize(column(chicago, "temp")),
        "humidity_minmax": minmax(column(chicago, "humidity")),
        "clark_lake_quantile_bins_10": bins(column(chicago, "Clark_Lake"), 10),
    },
    "tfidf": tfidf_reference(),
}, indent=2))
