#!/usr/bin/python3
"""Reference feature pipelines for candlesignal's parity tests, in pandas.

Written from the seed specification (seed-spec section 2.1, the reference bot's 28 features, and 2.3, the
14-feature set), one pandas expression per formula, in the seed's evaluation order: the Java implementation in
signal-features must reproduce these numbers (1e-9 relative, 1e-12 absolute near zero, same NaN pattern).

Usage (Debian's interpreter, which has pandas; the pyenv python3 first on PATH does not):

  /usr/bin/python3 tools/reference/features.py --candles data/binance/BTCUSDT-1h.csv --set standard28 --out f.csv
  /usr/bin/python3 tools/reference/features.py --candles data/binance/BNBUSDT-1h.csv.gz --set standard14/takerFlow \
      --rows 5400:7400 --out signal-features/src/test/resources/golden/BNBUSDT-standard14-takerFlow.csv.gz
  /usr/bin/python3 tools/reference/features.py --self-test      # Appendix A golden vectors

Output: a header `open_time,<columns>`, then one row per candle: open time in epoch milliseconds and each value
in Python's shortest round-trip form (repr), `NaN`, `Infinity` or `-Infinity` (the spellings Java's
Double.parseDouble reads). `--rows A:B` keeps output rows A..B-1 only; the features are always computed over the
whole file first, so EMA values in a slice are full-history values. A name ending in .gz is written gzipped with a
zero timestamp (reproducible bytes).

pandas semantics this relies on (seed-spec 2.2): rolling(w) has min_periods=w; rolling std is ddof=1;
ewm(span, adjust=False) is seeded with the first value; where() turns comparisons with NaN into the fallback; the
DataFrame row max skips NaN; x/0 is inf and 0/0 NaN without raising.
"""

import argparse
import gzip
import io
import math
import sys

import numpy as np
import pandas as pd

STANDARD28 = [
    'returns', 'log_returns',
    'price_sma_7_ratio', 'price_sma_21_ratio', 'price_sma_50_ratio',
    'atr_14', 'bb_width', 'bb_position',
    'volatility_14', 'volatility_30',
    'rsi_14', 'stoch_k', 'stoch_d',
    'macd', 'macd_signal', 'macd_hist',
    'roc_10', 'roc_20', 'williams_r',
    'volume_ratio',
    'adx', 'plus_di', 'minus_di',
    'trend_7', 'trend_14',
    'candle_body_ratio', 'higher_high', 'lower_low',
]

STANDARD14 = [
    'open', 'high', 'low', 'close', 'volume',
    'rsi_14', 'macd', 'macd_signal', 'macd_hist',
    'bb_upper', 'bb_middle', 'bb_lower', 'bb_width',
    'ob_imbalance',
]

SETS = ('standard28', 'standard14/takerFlow')


def read_candles(path):
    """Reads a kline CSV with a header (compression inferred from the name, so .gz works)."""
    df = pd.read_csv(path)
    for col in ['open', 'high', 'low', 'close', 'volume', 'taker_buy_base_volume']:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors='coerce')
    return df


def _rsi(c):
    # seed-spec 2.1 row 10: d = c.diff(); gain = d where d > 0 else 0; loss = -(d where d < 0 else 0).
    # The negation is applied after where(), as in the seed, so a non-negative d gives a loss of -0.0; pandas'
    # rolling mean counts -0.0 as negative in its sign clamp, so the sign of that zero is kept on purpose.
    delta = c.diff()
    gain = delta.where(delta > 0, 0).rolling(14).mean()
    loss = (-delta.where(delta < 0, 0)).rolling(14).mean()
    rs = gain / (loss + 1e-10)
    return 100 - (100 / (1 + rs + 1e-10))


def _macd(c):
    ema_12 = c.ewm(span=12, adjust=False).mean()
    ema_26 = c.ewm(span=26, adjust=False).mean()
    macd = ema_12 - ema_26
    signal = macd.ewm(span=9, adjust=False).mean()
    return macd, signal, macd - signal


def _bollinger(c):
    middle = c.rolling(20).mean()
    std = c.rolling(20).std()
    upper = middle + (std * 2)
    lower = middle - (std * 2)
    width = (upper - lower) / (middle + 1e-10)
    return upper, middle, lower, width


def _true_range(h, l, c):
    high_low = h - l
    high_close = abs(h - c.shift(1))
    low_close = abs(l - c.shift(1))
    return pd.concat([high_low, high_close, low_close], axis=1).max(axis=1)


def standard28(df):
    """The 28 features of seed-spec 2.1, in the seed's column order."""
    o, h, l, c, v = df['open'], df['high'], df['low'], df['close'], df['volume']
    out = pd.DataFrame(index=df.index)
    out['returns'] = c.pct_change()
    out['log_returns'] = np.log(c / c.shift(1))
    for period in (7, 21, 50):
        out[f'price_sma_{period}_ratio'] = c / c.rolling(period).mean()

    tr = _true_range(h, l, c)
    atr_14 = tr.rolling(14).mean()
    out['atr_14'] = atr_14

    upper, middle, lower, width = _bollinger(c)
    out['bb_width'] = width
    out['bb_position'] = (c - lower) / (upper - lower + 1e-10)

    out['volatility_14'] = out['returns'].rolling(14).std() * np.sqrt(252)
    out['volatility_30'] = out['returns'].rolling(30).std() * np.sqrt(252)

    out['rsi_14'] = _rsi(c)

    low_14 = l.rolling(14).min()
    high_14 = h.rolling(14).max()
    out['stoch_k'] = 100 * (c - low_14) / (high_14 - low_14 + 1e-10)
    out['stoch_d'] = out['stoch_k'].rolling(3).mean()

    out['macd'], out['macd_signal'], out['macd_hist'] = _macd(c)

    out['roc_10'] = c.pct_change(10) * 100
    out['roc_20'] = c.pct_change(20) * 100
    out['williams_r'] = -100 * (high_14 - c) / (high_14 - low_14 + 1e-10)

    out['volume_ratio'] = v / (v.rolling(14).mean() + 1e-10)

    # sequential +DM/-DM: the -DM test compares with the already filtered +DM (a tie up == dn > 0 gives -DM)
    plus_dm = h.diff()
    minus_dm = -l.diff()
    plus_dm = plus_dm.where((plus_dm > minus_dm) & (plus_dm > 0), 0)
    minus_dm = minus_dm.where((minus_dm > plus_dm) & (minus_dm > 0), 0)
    plus_di = 100 * (plus_dm.rolling(14).mean() / atr_14)
    minus_di = 100 * (minus_dm.rolling(14).mean() / atr_14)
    dx = 100 * abs(plus_di - minus_di) / (plus_di + minus_di)
    out['adx'] = dx.rolling(14).mean()
    out['plus_di'] = plus_di
    out['minus_di'] = minus_di

    out['trend_7'] = (c - c.shift(7)) / c.shift(7)
    out['trend_14'] = (c - c.shift(14)) / c.shift(14)

    out['candle_body_ratio'] = abs(c - o) / (h - l + 0.0001)
    out['higher_high'] = (h > h.shift(1)).astype(int)
    out['lower_low'] = (l < l.shift(1)).astype(int)
    return out[STANDARD28]


def standard14_taker_flow(df):
    """seed-spec 2.3 [proposal] as adopted: OHLCV, RSI14, MACD x3, Bollinger x4, taker-flow imbalance."""
    c, v = df['close'], df['volume']
    out = pd.DataFrame(index=df.index)
    for col in ('open', 'high', 'low', 'close', 'volume'):
        out[col] = df[col]
    out['rsi_14'] = _rsi(c)
    out['macd'], out['macd_signal'], out['macd_hist'] = _macd(c)
    out['bb_upper'], out['bb_middle'], out['bb_lower'], out['bb_width'] = _bollinger(c)
    tbv = df['taker_buy_base_volume']
    with np.errstate(divide='ignore', invalid='ignore'):
        flow = (2 * tbv - v) / v
    out['ob_imbalance'] = np.where(v == 0, 0.0, flow)
    return out[STANDARD14]


def compute(df, set_id):
    if set_id == 'standard28':
        return standard28(df)
    if set_id == 'standard14/takerFlow':
        return standard14_taker_flow(df)
    raise SystemExit(f"features.py: unknown or unsupported set '{set_id}' (known here: {', '.join(SETS)}; "
                     "standard14/orderBook(N) needs live order books, which a kline file does not have)")


def fmt(x):
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return repr(x)


def write_csv(open_times, features, out):
    out.write('open_time,' + ','.join(features.columns) + '\n')
    values = features.to_numpy(dtype=np.float64)
    for t, row in zip(open_times, values):
        out.write(str(int(t)) + ',' + ','.join(fmt(x) for x in row) + '\n')


def closed_form(n=120):
    """seed-spec Appendix A input."""
    t = np.arange(n, dtype=np.float64)
    # math.sin (the C library's, correctly rounded here) rather than np.sin: numpy 1.24's vectorised sin is off
    # by an ulp for 76 of these 120 arguments, which moves row 119 by ~3e-14 relative against the spec's table
    sin = np.array([math.sin(x) for x in t / 7])
    close = 100 + 10 * sin + 0.1 * t
    open_ = np.concatenate([[100.0], close[:-1]])
    high = np.maximum(open_, close) + 0.5 + 0.1 * (np.arange(n) % 3)
    low = np.minimum(open_, close) - 0.5 - 0.1 * (np.arange(n) % 5)
    volume = 1000 + 10 * (np.arange(n) % 11)
    return pd.DataFrame({'open': open_, 'high': high, 'low': low, 'close': close, 'volume': volume.astype(float)})


APPENDIX_A = {  # feature: (row 59, row 119), from seed-spec Appendix A
    'returns': (-0.0051206074403402635, -0.0037953459873310003),
    'log_returns': (-0.005133762678374896, -0.0038025665884892684),
    'price_sma_7_ratio': (0.9930457990996765, 0.9806380712327765),
    'price_sma_21_ratio': (1.0459538288129728, 0.9148535307176541),
    'price_sma_50_ratio': (1.0927762110230614, 0.9426299106290514),
    'atr_14': (2.089785858978444, 2.3726323800261935),
    'bb_width': (0.21000649540279662, 0.22575011250194454),
    'bb_position': (0.6918384267355888, 0.13755055909267694),
    'volatility_14': (0.10262074409620943, 0.03975844464627347),
    'volatility_30': (0.10917652961585186, 0.1369101814306686),
    'rsi_14': (88.79058613227079, 9.999993721976352e-09),
    'stoch_k': (82.43700262496115, 5.54978195963669),
    'stoch_d': (88.42130156967187, 4.848425346129493),
    'macd': (3.9236868527035966, -2.589354424101842),
    'macd_signal': (3.651700000516095, -1.1327425991725302),
    'macd_hist': (0.2719868521875015, -1.4566118249293116),
    'roc_10': (2.5336777303811786, -8.885609512119863),
    'roc_20': (17.383270053860112, -14.690439374340158),
    'williams_r': (-17.562997374117298, -94.45021803974667),
    'volume_ratio': (0.9945355191255878, 1.0317782285326949),
    'adx': (96.68330379341546, 77.62541708573482),
    'plus_di': (33.329474911825116, 0.0),
    'minus_di': (5.125027188793161, 45.50958868550599),
    'trend_7': (-0.000127217296558938, -0.0557135144614209),
    'trend_14': (0.07876835429915219, -0.12578197666091862),
    'candle_body_ratio': (0.2688157744547485, 0.19584473215590245),
    'higher_high': (0, 0),
    'lower_low': (1, 1),
}


def self_test():
    """Checks this script against the spec's Appendix A vectors and the +DM/-DM tie example."""
    f = standard28(closed_form())
    worst = 0.0
    bad = []
    for name, expected in APPENDIX_A.items():
        for row, want in zip((59, 119), expected):
            got = float(f[name].iloc[row])
            if got != want:
                rel = abs(got - want) / max(abs(want), 1e-300)
                worst = max(worst, rel)
                if rel > 1e-12:
                    bad.append(f'{name}[{row}]: got {got!r}, spec {want!r}')
    first_finite = int(np.argmax(f.notna().all(axis=1).to_numpy() & np.isfinite(f.to_numpy()).all(axis=1)))
    tie = pd.DataFrame({'open': [10.0, 10.0], 'high': [10.0, 11.0], 'low': [10.0, 9.0], 'close': [10.0, 10.0],
                        'volume': [1.0, 1.0]})
    h, l = tie['high'], tie['low']
    up, dn = h.diff(), -l.diff()
    up = up.where((up > dn) & (up > 0), 0)
    dn = dn.where((dn > up) & (dn > 0), 0)
    if not (up.iloc[1] == 0.0 and dn.iloc[1] == 1.0):
        bad.append(f'tie rule: +DM {up.iloc[1]}, -DM {dn.iloc[1]} (expected 0 and 1)')
    if first_finite != 49:
        bad.append(f'first all-finite row is {first_finite}, expected 49')
    print(f'pandas {pd.__version__}, numpy {np.__version__}: Appendix A worst relative deviation {worst:.3g}; '
          f'first all-finite row {first_finite}')
    for b in bad:
        print('MISMATCH', b)
    return 1 if bad else 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--candles', help='kline CSV with a header (.gz read transparently)')
    p.add_argument('--set', default='standard28', help='standard28 or standard14/takerFlow')
    p.add_argument('--out', default='-', help="output CSV ('-' for stdout; .gz is gzipped)")
    p.add_argument('--rows', help='A:B keeps output rows A..B-1 (computed over the whole file first)')
    p.add_argument('--self-test', action='store_true', help='check against seed-spec Appendix A and exit')
    a = p.parse_args(argv)
    if a.self_test:
        return self_test()
    if not a.candles:
        p.error('--candles is required')
    df = read_candles(a.candles)
    features = compute(df, a.set)
    open_times = df['open_time'].to_numpy()
    if a.rows:
        lo, hi = (int(x) for x in a.rows.split(':'))
        features, open_times = features.iloc[lo:hi], open_times[lo:hi]
    if a.out == '-':
        write_csv(open_times, features, sys.stdout)
    elif a.out.endswith('.gz'):
        buf = io.StringIO()
        write_csv(open_times, features, buf)
        with open(a.out, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0,
                                                     compresslevel=9) as gz:
            gz.write(buf.getvalue().encode('ascii'))
    else:
        with open(a.out, 'w', newline='\n') as out:
            write_csv(open_times, features, out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
