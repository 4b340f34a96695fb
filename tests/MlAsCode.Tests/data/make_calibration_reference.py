"""Reference values for calibration (tests/MlAsCode.Tests/Evaluation/CalibrationTests.cs).

Run with Debian 12's scikit-learn 1.2.1: /usr/bin/python3 make_calibration_reference.py > calibration_reference.json
Inputs are the binary cases of reference_metrics.json (the shared scikit-learn fixture), so nothing random is added.
"""
import json
import numpy as np
from sklearn.calibration import calibration_curve, _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

cases = json.load(open("reference_metrics.json"))["cases"]["binary"]
grid = np.linspace(-0.1, 1.1, 25)
out = {"produced_by": "scikit-learn 1.2.1 (make_calibration_reference.py)", "cases": []}
for case in cases:
    y = np.array(case["label"])
    s = np.array(case["score"], dtype=float)
    a, b = _sigmoid_calibration(s, y)
    iso = IsotonicRegression(out_of_bounds="clip").fit(s, y)
    true_q, pred_q = calibration_curve(y, s, n_bins=5, strategy="quantile")
    out["cases"].append({
        "platt_a": float(a),
        "platt_b": float(b),
        "isotonic_grid": grid.tolist(),
        "isotonic_at_grid": iso.predict(grid).tolist(),
        "isotonic_at_scores": iso.predict(s).tolist(),
        "quantile_5_fraction_of_positives": true_q.tolist(),
        "quantile_5_mean_predicted": pred_q.tolist(),
    })
print(json.dumps(out, indent=1))
