#!/usr/bin/python3
"""Golden values of pandas' window primitives on an adversarial series, for candlesignal's ports of them.

The real-data golden files exercise ordinary prices; this series also hits the branches they rarely reach:
NaN and infinite inputs (pandas treats infinities as missing), exact runs of equal values (pandas returns the
value itself and a variance of exactly 0), -0.0 and all-negative windows (the sign clamp of the mean), huge
values next to tiny ones (Kahan compensation, negative rounding residue of the variance), window 1 (pandas
re-initialises its state for every row) and the EWM's skip of equal values.

Usage: /usr/bin/python3 tools/reference/primitives.py --out signal-features/src/test/resources/golden/primitives.csv.gz
Output: header `x,<op>_<window>...`, one row per input value, numbers in repr form, NaN/Infinity/-Infinity.
"""

import argparse
import gzip
import io
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from features import fmt  # noqa: E402

WINDOWS = (1, 2, 3, 14, 20)
SPANS = (9, 12, 26)


def adversarial(n=2000, seed=20240311):
    rng = np.random.default_rng(seed)
    x = np.empty(n)
    i = 0
    kinds = ['walk', 'flat', 'zeros', 'negzero', 'huge', 'tiny', 'nan', 'inf', 'negative', 'alternating', 'decimal']
    level = 60000.0
    while i < n:
        kind = kinds[rng.integers(len(kinds))]
        k = int(min(n - i, rng.integers(1, 40)))
        if kind == 'walk':
            steps = rng.normal(0, 0.01, k)
            seg = level * np.cumprod(1 + steps)
            level = seg[-1]
        elif kind == 'flat':
            seg = np.full(k, level)
        elif kind == 'zeros':
            seg = np.zeros(k)
        elif kind == 'negzero':
            seg = np.where(rng.random(k) < 0.5, -0.0, 0.0)
        elif kind == 'huge':
            seg = rng.choice([1e15, -1e15, 3e12], k)
        elif kind == 'tiny':
            seg = rng.normal(0, 1e-12, k)
        elif kind == 'nan':
            seg = np.full(k, np.nan) if k < 4 else rng.choice([np.nan, 1.0], k)
        elif kind == 'inf':
            seg = rng.choice([np.inf, -np.inf, 2.0], k)
        elif kind == 'negative':
            seg = -np.abs(rng.normal(5, 3, k))
        elif kind == 'alternating':
            seg = np.where(np.arange(k) % 2 == 0, 1e-3, -1e-3)
        else:
            seg = np.full(k, 0.1)
        x[i:i + k] = seg
        i += k
    return x


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument('--out', required=True)
    a = p.parse_args(argv)
    s = pd.Series(adversarial())
    cols = {'x': s}
    for w in WINDOWS:
        r = s.rolling(w)
        cols[f'mean_{w}'] = r.mean()
        cols[f'std_{w}'] = r.std()
        cols[f'min_{w}'] = r.min()
        cols[f'max_{w}'] = r.max()
    for span in SPANS:
        cols[f'ewm_{span}'] = s.ewm(span=span, adjust=False).mean()
    df = pd.DataFrame(cols)
    buf = io.StringIO()
    buf.write(','.join(df.columns) + '\n')
    for row in df.to_numpy():
        buf.write(','.join(fmt(v) for v in row) + '\n')
    with open(a.out, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue().encode('ascii'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
