"""Exact number helpers of the oracle, written from docs/figures.md (the ten
rules) and docs/templates.md ("Filters", "The target sentence").

Everything here works on fractions.Fraction; nothing is binary floating point.
"""
from decimal import Decimal
from fractions import Fraction

HALF = Fraction(1, 2)


def F(x):
    """A Fraction from an int, a Decimal, a Fraction or a decimal string."""
    if x is None:
        return None
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, Decimal):
        return Fraction(x)
    return Fraction(Decimal(str(x)))


def round_half_away(x, d):
    """x rounded half away from zero to d decimals (d may be negative)."""
    x = F(x)
    q = Fraction(10) ** d
    y = abs(x) * q
    n = y.numerator // y.denominator
    if y - n >= HALF:
        n += 1
    r = Fraction(n) / q
    return -r if x < 0 else r


def terminates(x):
    den = F(x).denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    return den == 1


def decimal_str(x):
    """The exact decimal of a terminating fraction, minimal form (2.35, 977, -0.5)."""
    x = F(x)
    assert terminates(x)
    neg = x < 0
    x = abs(x)
    d = 0
    while (x * 10 ** d).denominator != 1:
        d += 1
    n = int(x * 10 ** d)
    s = str(n)
    if d:
        s = s.rjust(d + 1, "0")
        s = s[:-d] + "." + s[-d:]
    return ("-" if neg else "") + s


def magnitude(x):
    """k with 10^k <= |x| < 10^(k+1), for x != 0 (exact)."""
    x = abs(F(x))
    k = len(str(x.numerator)) - len(str(x.denominator))
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1
    return k


def sig_round(x, digits=17):
    """x rounded half away from zero to `digits` significant digits."""
    x = F(x)
    if x == 0:
        return x
    k = magnitude(x)
    return round_half_away(x, digits - 1 - k)


def json_expected(x):
    """What rule 10 says `dossier figures` prints for the exact figure x:
    the exact decimal when it terminates, else 17 significant digits."""
    x = F(x)
    return x if terminates(x) else sig_round(x, 17)


def vn(x, d):
    """Vietnamese form of x with d decimals: thousands dot, decimal comma,
    rounded half away from zero once."""
    r = round_half_away(F(x), d)
    neg = r < 0
    r = abs(r)
    n = int(r * 10 ** d)
    ip, fp = divmod(n, 10 ** d)
    s = "{:,}".format(ip).replace(",", ".")
    if d > 0:
        s += "," + str(fp).rjust(d, "0")
    return ("-" if neg else "") + s


def usual_decimals_figure(kind, x):
    """Rule 6 / "How the usual decimals are chosen": a rate 1; a count or
    level 0 when whole, else 1."""
    if kind == "rate":
        return 1
    return 0 if F(x).denominator == 1 else 1


def decimals_not_equal(x, d, target):
    """Rule 3: a figure that missed its target never prints as the target:
    add decimals one at a time until the rounded figure differs from it."""
    x = F(x)
    target = F(target)
    if x == target:
        return d
    while round_half_away(x, d) == target:
        d += 1
    return d


def decimals_not_100(x, d):
    """Rule 3: an attainment / share that is not exactly 100 never prints 100,0."""
    return decimals_not_equal(x, d, 100)


def decimals_nonzero(x, d, cap=None):
    """Rule 3: a margin or change that is not zero never prints as 0,0: one
    more decimal at a time until the rounded value is not zero. With `cap`
    (the `change` filter: 3), None when even `cap` decimals give zero."""
    x = F(x)
    if x == 0:
        return d
    while round_half_away(x, d) == 0:
        d += 1
        if cap is not None and d > cap:
            return None
    return d


def literal_decimals(lit):
    """Decimals a number was written with in the dataset (rule 4)."""
    if isinstance(lit, Decimal):
        e = lit.as_tuple().exponent
        return -e if e < 0 else 0
    s = str(lit)
    if "e" in s.lower():
        return literal_decimals(Decimal(s))
    return len(s.split(".")[1]) if "." in s else 0


def vn_list(items):
    """An enumeration: A, B và C."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]
