"""Experiment (not shipped): does a second stage over neighbouring sentences' scores help new voices?
Leave-writer-out: train on all writers but HOLD, evaluate post-level on HOLD's posts."""
import sys, math, numpy as np, scipy.sparse as sp
import importlib.util
spec = importlib.util.spec_from_file_location("train", __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "train.py"))
T = importlib.util.module_from_spec(spec); spec.loader.exec_module(T)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

HOLD = sys.argv[1] if len(sys.argv) > 1 else "t7"
W = ".build/train/"
corpus = T.read_features(W + "corpus.tsv", "corpus")
tweets = T.read_features(W + "tweets-even.tsv", "tweets")
olid = T.read_features(W + "olid.tsv", "olid")
train = [r for r in corpus if not r[0].startswith(HOLD + "-")]
test = [r for r in corpus if r[0].startswith(HOLD + "-")]
extra = tweets + olid
cats = list(T.HEADS)
X_tr = T.matrix(train + extra); X_te = T.matrix(test)
n_tr = len(train)
folds = np.array([T.fold_of(r[0]) for r in train])
Z_tr = np.zeros((n_tr, len(cats))); Z_te = np.zeros((len(test), len(cats)))
for ci, c in enumerate(cats):
    y = T.labels_for(train + extra, c, 1, True); w = T.weights_for(train + extra, c, 1)
    for k in range(5):
        rows = np.concatenate([np.where(folds != k)[0], np.arange(n_tr, len(y))])
        m = T.fit(X_tr[rows], y[rows], w[rows], 2.0)
        te = np.where(folds == k)[0]
        Z_tr[te, ci] = m.decision_function(X_tr[:n_tr][te])
    m = T.fit(X_tr, y, w, 2.0)
    Z_te[:, ci] = m.decision_function(X_te)
    print("stage1", c, file=sys.stderr, flush=True)

def context(rows, Z):
    """Per sentence: own scores, previous/next sentence scores, post max and mean, log length."""
    F = []
    by_post = {}
    for i, r in enumerate(rows): by_post.setdefault(r[0], []).append(i)
    out = np.zeros((len(rows), Z.shape[1] * 5 + 2))
    for post, idx in by_post.items():
        zs = Z[idx]; mx = zs.max(0); mean = zs.mean(0)
        for j, i in enumerate(idx):
            prev = zs[j - 1] if j > 0 else np.full(Z.shape[1], -5.0)
            nxt = zs[j + 1] if j + 1 < len(idx) else np.full(Z.shape[1], -5.0)
            out[i] = np.concatenate([zs[j], prev, nxt, mx, mean, [math.log(len(idx)), j / max(1, len(idx) - 1)]])
    return out

C_tr = context(train, Z_tr); C_te = context(test, Z_te)

def post_level(rows, y, s):
    d = {}
    for r, yi, si in zip(rows, y, s):
        a = d.setdefault(r[0], [0, -1e9]); a[0] |= int(yi); a[1] = max(a[1], si)
    v = np.array(list(d.values())); return v[:, 0], v[:, 1]

def recall_at(yp, sp_, prec=0.9):
    o = np.argsort(-sp_); ys = yp[o]; tp = np.cumsum(ys); k = np.arange(1, len(ys) + 1)
    ok = tp / k >= prec
    return (tp[ok].max() / ys.sum()) if ok.any() and ys.sum() else 0.0

print(f"hold {HOLD}: {len({r[0] for r in test})} posts")
for ci, c in enumerate(cats):
    y_tr = T.labels_for(train, c, 1, True); y_te = T.labels_for(test, c, 1, True)
    s2 = LogisticRegression(C=1.0, max_iter=1000).fit(C_tr, y_tr)
    p1 = Z_te[:, ci]; p2 = s2.decision_function(C_te)
    yp, a1 = post_level(test, y_te, p1); _, a2 = post_level(test, y_te, p2)
    print(f"{c:14} posts+ {int(yp.sum()):4}  AP {average_precision_score(yp, a1):.3f} -> {average_precision_score(yp, a2):.3f}   "
          f"R@P.9 {recall_at(yp, a1):.3f} -> {recall_at(yp, a2):.3f}", flush=True)
