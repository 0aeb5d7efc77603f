#!/usr/bin/env python3
"""The experiment behind the classification engine's choice of linear model: on the same
features (scikit-learn, word 1-2 + char_wb 2-5 tf-idf, as the engine's), multinomial logistic
regression, a linear SVM calibrated by Platt scaling (3-fold), and NB-SVM (Wang & Manning 2012:
log-count-ratio scaled features, one-vs-rest logistic regression), each with C from the same
grid, macro-F1 on the val split of each language in DATA/sentiment/.

    pip install scikit-learn
    python3 Scripts/sentiment/choose_model.py ../shared/data
"""
import json
import os
import sys

import numpy as np
from scipy.sparse import hstack
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

LANGUAGES = ["ar", "de", "en", "es", "fr", "he", "hi", "it", "pt"]
GRID = [0.3, 1, 3, 10]


def load(data, language, split):
    with open(os.path.join(data, "sentiment", f"{language}.{split}.jsonl"), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r["text"] for r in rows], np.array([r["label"] for r in rows])


def nbsvm(train, y, val, c):
    """One-vs-rest: per class, features scaled by the log-count ratio r, then LR; argmax of scores."""
    classes = sorted(set(y))
    scores = []
    binary = (train > 0).astype(np.float64)
    for label in classes:
        p = 1 + binary[y == label].sum(axis=0)
        q = 1 + binary[y != label].sum(axis=0)
        r = np.asarray(np.log((p / p.sum()) / (q / q.sum()))).ravel()
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(train.multiply(r).tocsr(), y == label)
        scores.append(model.decision_function(val.multiply(r).tocsr()))
    return np.array(classes)[np.argmax(np.vstack(scores), axis=0)]


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    results = {"logistic regression": [], "linear SVM + Platt": [], "NB-SVM": []}
    for language in LANGUAGES:
        (train_text, y), (val_text, y_val) = load(data, language, "train"), load(data, language, "val")
        vectorizers = [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)]
        train = hstack([v.fit_transform(train_text) for v in vectorizers]).tocsr()
        val = hstack([v.transform(val_text) for v in vectorizers]).tocsr()
        best = {name: 0.0 for name in results}
        for c in GRID:
            predictions = {
                "logistic regression": LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(train, y).predict(val),
                "linear SVM + Platt": CalibratedClassifierCV(LinearSVC(C=c / 10, class_weight="balanced"), cv=3).fit(train, y).predict(val),
                "NB-SVM": nbsvm(train, y, val, c),
            }
            for name, predicted in predictions.items():
                best[name] = max(best[name], f1_score(y_val, predicted, average="macro"))
        for name in results:
            results[name].append(best[name])
        print(language, "  ".join(f"{name} {best[name]:.3f}" for name in results), flush=True)
    print("mean", "  ".join(f"{name} {np.mean(scores):.3f}" for name, scores in results.items()))


if __name__ == "__main__":
    main()
