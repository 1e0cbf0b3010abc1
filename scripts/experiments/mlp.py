"""Experiment (not shipped): a one-hidden-layer multi-label network over the same hashed features,
against per-category logistic regression, leave-writer-out (train on the other writers + even tweets)."""
import sys, numpy as np, importlib.util
spec = importlib.util.spec_from_file_location("train", __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "train.py"))
T = importlib.util.module_from_spec(spec); spec.loader.exec_module(T)
from sklearn.neural_network import MLPClassifier
from sklearn.metrics import average_precision_score
HOLD = sys.argv[1] if len(sys.argv) > 1 else "t7"
H = int(sys.argv[2]) if len(sys.argv) > 2 else 32
W = ".build/train/"
corpus = T.read_features(W + "corpus.tsv", "corpus")
tweets = T.read_features(W + "tweets-even.tsv", "tweets")
train = [r for r in corpus if not r[0].startswith(HOLD + "-")] + tweets
test = [r for r in corpus if r[0].startswith(HOLD + "-")]
cats = list(T.HEADS)
X_tr, X_te = T.matrix(train), T.matrix(test)
Y_tr = np.stack([T.labels_for(train, c, 1, True) for c in cats], 1)
Y_te = np.stack([T.labels_for(test, c, 1, True) for c in cats], 1)

def post_level(rows, y, s):
    d = {}
    for r, yi, si in zip(rows, y, s):
        a = d.setdefault(r[0], [0, -1e9]); a[0] |= int(yi); a[1] = max(a[1], si)
    v = np.array(list(d.values())); return v[:, 0], v[:, 1]

def recall_at(yp, s, prec=0.9):
    o = np.argsort(-s); ys = yp[o]; tp = np.cumsum(ys); k = np.arange(1, len(ys) + 1)
    ok = tp / k >= prec
    return (tp[ok].max() / ys.sum()) if ok.any() and ys.sum() else 0.0

lin = np.zeros(Y_te.shape)
for ci, c in enumerate(cats):
    lin[:, ci] = T.fit(X_tr, Y_tr[:, ci], np.ones(len(train)), 2.0).decision_function(X_te)
print("linear done", flush=True, file=sys.stderr)
mlp = MLPClassifier(hidden_layer_sizes=(H,), alpha=1e-4, batch_size=256, learning_rate_init=1e-3, max_iter=12,
                    early_stopping=True, validation_fraction=0.1, n_iter_no_change=3, random_state=T.SEED)
mlp.fit(X_tr, Y_tr)
P = mlp.predict_proba(X_te)
print(f"hold {HOLD}, hidden {H}, epochs {mlp.n_iter_}")
for ci, c in enumerate(cats):
    yp, a1 = post_level(test, Y_te[:, ci], lin[:, ci]); _, a2 = post_level(test, Y_te[:, ci], P[:, ci])
    print(f"{c:14} posts+ {int(yp.sum()):4}  AP lin {average_precision_score(yp, a1):.3f} mlp {average_precision_score(yp, a2):.3f}   "
          f"R@P.9 lin {recall_at(yp, a1):.3f} mlp {recall_at(yp, a2):.3f}", flush=True)
