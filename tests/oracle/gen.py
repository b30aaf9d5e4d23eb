"""Seeded random generator of VALID datasets (docs/dataset.md) aimed at the
traps of docs/figures.md: ,x5 after subtraction or averaging, means exactly on
a target, attainments a hair under / over 100 %, at_most targets, zero bases
and zero targets, missing years, yearly and term targets, pooled rates,
levels, single values, units with and without targets, parts, ratings before
and after 2018, balanced membership, long periods, huge counts, report years.

    python3 gen.py --seed 7 --count 5 --out DIR     writes DIR/case-*.json
"""
import argparse
import os
import random
from decimal import Decimal

MAX_YEARS = 20          # docs/figures.md rule 7
MAX_NUMBER = 10 ** 15   # docs/dataset.md "Numbers"
MAX_DECIMALS = 6        # NOT in the docs: the program refuses more ("a figure has at most 6 decimals")


class Lit(str):
    """A number literal written exactly as given."""


def num(x, d=None):
    """A literal for x (int, Decimal, str); d forces decimals."""
    if isinstance(x, Lit):
        return x
    if isinstance(x, int):
        return Lit(str(x))
    x = Decimal(str(x))
    if d is not None:
        x = x.quantize(Decimal(1).scaleb(-d))
    s = format(x.normalize(), "f") if d is None else format(x, "f")
    if s in ("-0", "-0.0"):
        s = "0"
    return Lit(s)


def dumps(o, ind=0):
    sp = "  " * ind
    if isinstance(o, Lit):
        return str(o)
    if isinstance(o, bool):
        return "true" if o else "false"
    if o is None:
        return "null"
    if isinstance(o, int):
        return str(o)
    if isinstance(o, str):
        import json
        return json.dumps(o, ensure_ascii=False)
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = ",\n".join("%s  %s: %s" % (sp, dumps(str(k)), dumps(v, ind + 1)) for k, v in o.items())
        return "{\n" + inner + "\n" + sp + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        return "[" + ", ".join(dumps(v, ind + 1) for v in o) + "]"
    raise TypeError(type(o))


D = Decimal


def q(x, d):
    return D(x).quantize(D(1).scaleb(-d))


class Gen:
    def __init__(self, rng, case_no):
        self.r = rng
        self.case_no = case_no
        self.labels = 0
        self.traps = []

    # ---------------------------------------------------------------- period
    def period(self):
        r = self.r
        roll = r.random()
        if roll < 0.55:
            length = 6
        elif roll < 0.65:
            length = 1
        elif roll < 0.75:
            length = MAX_YEARS
        else:
            length = r.randint(2, MAX_YEARS)
        if r.random() < 0.6:
            frm = r.choice([2010, 2015, 2016, 2020])
        else:
            frm = r.randint(1930, 2200 - length + 1)
        to = frm + length - 1
        to = min(to, 2200)
        self.frm, self.to = frm, to
        self.term_years = [frm] if frm == to else list(range(frm + 1, to + 1))
        self.all_years = list(range(frm, to + 1))

    def pick_years(self, allow_missing=True):
        """The years a series has: usually the term's, sometimes a gap, sometimes the congress year."""
        r = self.r
        ys = list(self.term_years)
        if allow_missing and len(ys) > 1 and r.random() < 0.2:
            k = r.randint(1, max(1, len(ys) // 2))
            drop = set(r.sample(ys, k))
            ys = [y for y in ys if y not in drop]
            self.traps.append("missing-years")
        if self.frm != self.to and r.random() < 0.15:
            ys = [self.frm] + ys
            self.traps.append("congress-year-value")
        if not ys:
            ys = [self.term_years[-1]]
        return ys

    def label(self, base):
        self.labels += 1
        return "%s %d" % (base, self.labels)

    # ---------------------------------------------------------------- values
    def count_values(self, n, scale=None):
        r = self.r
        scale = scale or r.choices(["small", "medium", "huge", "zeros"], [50, 25, 15, 10])[0]
        if scale == "small":
            vals = [r.randint(0, 300) for _ in range(n)]
        elif scale == "medium":
            vals = [r.randint(1000, 10 ** 6) for _ in range(n)]
        elif scale == "huge":
            self.traps.append("huge-counts")
            vals = [r.choice([MAX_NUMBER, MAX_NUMBER - r.randint(0, 9), r.randint(10 ** 14, MAX_NUMBER),
                              2 ** 53 // 10 + r.randint(0, 99)]) for _ in range(n)]
        else:
            self.traps.append("zero-base")
            vals = [r.choice([0, 0, r.randint(1, 20)]) for _ in range(n)]
        if n >= 2 and r.random() < 0.15:
            # 2009 against 2000: a relative change of 0,45 %
            base = r.choice([2000, 20000, 200, 4000])
            vals[0] = base
            vals[-1] = base + base * 45 // 10000 if base >= 20000 else base + 9 * base // 2000
            self.traps.append("relative-change-x5")
        return vals

    def rate_value(self, d=1, lo=0, hi=100):
        r = self.r
        x = D(r.randint(lo * 10 ** d, hi * 10 ** d)).scaleb(-d)
        return x

    # ---------------------------------------------------------------- targets
    def lit_target(self, x, maxd=3):
        x = D(x)
        if x < 0:
            x = D(0)
        x = x.quantize(D(1).scaleb(-maxd)).normalize()
        return num(x)

    def count_term_target(self, T):
        r = self.r
        c = r.choice(["equal", "plus1", "minus1", "hair", "ratio", "zero", "random", "x5"])
        self.traps.append("count-term-target-" + c)
        if c == "equal":
            g = T
        elif c == "plus1":
            g = T + 1
        elif c == "minus1":
            g = max(0, T - 1)
        elif c == "hair":
            g = D(T) * D("1.0005")
        elif c == "ratio":
            g = D(T) / D(r.choice(["0.77", "1.3", "0.95", "1.05", "3"]))
        elif c == "zero":
            g = 0
        elif c == "x5":
            g = D(T) / D("1.00005")
        else:
            g = r.randint(0, max(1, 2 * T))
        if g > MAX_NUMBER:
            g = MAX_NUMBER
        return self.lit_target(g, r.choice([0, 0, 1, 2]))

    def level_target(self, v):
        return self.count_term_target(v)

    def year_target_count(self, vals):
        r = self.r
        c = r.choice(["min", "max", "min-1", "max+1", "mid", "zero"])
        self.traps.append("count-year-target-" + c)
        mn, mx = min(vals), max(vals)
        g = {"min": mn, "max": mx, "min-1": max(0, mn - 1), "max+1": mx + 1,
             "mid": (mn + mx) // 2, "zero": 0}[c]
        return num(min(g, MAX_NUMBER))

    def target(self, value, scope, direction):
        t = {"value": value, "scope": scope}
        if direction == "at_most" or self.r.random() < 0.3:
            t["direction"] = direction
        return t

    # ---------------------------------------------------------------- recipes
    def count_series(self, iid=None, label=None, unit=None):
        r = self.r
        ys = self.pick_years()
        vals = self.count_values(len(ys))
        ind = {"label": label or self.label("Số cuộc"), "unit": unit or r.choice(["cuộc", "người", "vụ", "đảng viên"]),
               "kind": "count", "series": {str(y): num(v) for y, v in zip(ys, vals)}}
        if r.random() < 0.75:
            scope = r.choice(["term", "year"])
            direction = "at_most" if r.random() < 0.3 else "at_least"
            if scope == "term":
                g = self.count_term_target(sum(vals))
            else:
                g = self.year_target_count(vals)
            ind["target"] = self.target(g, scope, direction)
        return ind

    def level_series(self, label=None, unit=None):
        r = self.r
        ys = self.pick_years()
        vals = self.count_values(len(ys), scale=r.choice(["small", "medium", "huge", "medium"]))
        if len(ys) >= 3 and r.random() < 0.2:
            # falling members: forecast clamped at 0
            vals = sorted(vals, reverse=True)
            vals[-1] = vals[-1] // 5
            self.traps.append("falling-level")
        ind = {"label": label or self.label("Số tổ chức"), "unit": unit or r.choice(["đảng viên", "chi bộ", "TCCS"]),
               "kind": "level", "series": {str(y): num(v) for y, v in zip(ys, vals)}}
        if r.random() < 0.6:
            scope = r.choice(["term", "year"])
            direction = "at_most" if r.random() < 0.25 else "at_least"
            if scope == "term":
                g = self.level_target(vals[-1])
            else:
                g = self.year_target_count(vals)
            ind["target"] = self.target(g, scope, direction)
        return ind

    def rate_series_values(self, n, direction):
        """(values, target) with a trap."""
        r = self.r
        if direction == "at_most":
            G = r.choice([D("1"), D("2"), D("0.5"), D("1.5"), D("3")])
            traps = ["plus005", "plus004", "minus03", "exact", "random", "plus0001"]
            lo, hi = 0, 6
        else:
            G = r.choice([D("95"), D("90"), D("85"), D("80"), D("87.5"), D("99"), D("50"), D("0"), D("100"),
                          D("92.25")])
            traps = ["exact", "plus005", "plus004", "minus004", "plus235", "minus005", "random", "plus0001",
                     "minus0001", "tol-under", "tol-over"]
            lo, hi = 0, 100
        trap = r.choice(traps)
        offs = {"exact": D(0), "plus005": D("0.05"), "plus004": D("0.04"), "minus004": D("-0.04"),
                "plus235": D("2.35"), "minus005": D("-0.05"), "minus03": D("-0.3"), "plus0001": D("0.001"),
                "minus0001": D("-0.001")}
        self.traps.append("rate-mean-" + trap)
        if trap in ("tol-under", "tol-over"):
            # a mean 1e-6/n from the target: inside the old 1e-9*G tolerance
            # for n >= 11, but not equal (rule 2: no tolerance)
            if G == 0 or G == 100:
                G = D("95")
            step = D("-0.000001") if trap == "tol-under" else D("0.000001")
            vals = [G] * max(0, n - 1) + [G + step]
            r.shuffle(vals)
            return vals[:n], G
        if trap == "random" or n == 0:
            d = r.choice([1, 1, 1, 2, 3])
            vals = [self.rate_value(d, lo, hi) for _ in range(n)]
            return vals, G
        mean = G + offs[trap]
        for _attempt in range(50):
            d = 1
            spread = r.choice([0, 1, 3, 10])
            vals = []
            for _ in range(n - 1):
                v = mean + D(r.randint(-spread * 10, spread * 10)).scaleb(-1)
                v = q(v, 1)
                vals.append(v)
            last = mean * n - sum(vals, D(0))
            if lo <= last <= hi and all(lo <= v <= hi for v in vals):
                vals.append(last)
                r.shuffle(vals)
                return vals, G
        vals = [mean] * n
        if not all(lo <= v <= hi for v in vals):
            vals = [G] * n
        return vals, G

    def rate_series(self, label=None):
        r = self.r
        ys = self.pick_years()
        direction = "at_most" if r.random() < 0.3 else "at_least"
        vals, G = self.rate_series_values(len(ys), direction)
        if len(ys) >= 2 and r.random() < 0.25:
            a, b = r.choice([("99.9", "99.95"), ("99.9", "99.903"), ("86.2", "88.05"), ("50", "50.0004"),
                             ("98.5", "98.5"), ("0", "12.5"), ("12.25", "12.2")])
            vals[0], vals[-1] = D(a), D(b)
            self.traps.append("rate-change-%s-%s" % (a, b))
            if direction == "at_most":
                direction = "at_least"
        ind = {"label": label or self.label("Tỷ lệ"), "unit": "%", "kind": "rate",
               "series": {str(y): num(v) for y, v in zip(ys, vals)}}
        if r.random() < 0.85:
            scope = r.choice(["term", "year"])
            g = G
            if scope == "year" and r.random() < 0.5 and vals:
                # a yearly target a hair above one year's value
                g = min(vals) + D(r.choice(["0.05", "0.04", "0", "0.01"]))
                if g > 100:
                    g = D(100)
                self.traps.append("rate-year-target-near-min")
            ind["target"] = self.target(num(g), scope, direction)
        return ind

    def numden(self, n):
        r = self.r
        c = r.choice(["small", "hair", "equal", "huge", "zero", "mixed"])
        self.traps.append("numden-" + c)
        nums, dens = [], []
        for _ in range(n):
            if c == "small":
                den = r.randint(1, 200)
                nu = r.randint(0, den)
            elif c == "hair":
                den = r.choice([2000, 20000, 73, 3])
                nu = den - 1
            elif c == "equal":
                den = r.randint(1, 500)
                nu = den
            elif c == "huge":
                den = r.choice([MAX_NUMBER, r.randint(10 ** 14, MAX_NUMBER)])
                nu = den - r.randint(0, 10 ** 6)
            elif c == "zero":
                den = r.randint(1, 50)
                nu = 0
            else:
                den = r.randint(1, 10 ** 6)
                nu = r.randint(0, den)
            nums.append(nu)
            dens.append(den)
        return nums, dens

    def rate_numden(self, label=None):
        r = self.r
        ys = self.pick_years()
        nums, dens = self.numden(len(ys))
        ind = {"label": label or self.label("Tỷ lệ gộp"), "unit": r.choice(["%", "cơ sở", "đảng viên"]), "kind": "rate",
               "numerator": {str(y): num(v) for y, v in zip(ys, nums)},
               "denominator": {str(y): num(v) for y, v in zip(ys, dens)}}
        if r.random() < 0.6:
            scope = r.choice(["term", "year"])
            direction = "at_most" if r.random() < 0.2 else "at_least"
            g = r.choice([D("95"), D("99.95"), D("90"), D("50"), D("100"), D("0")])
            ind["target"] = self.target(num(g), scope, direction)
        return ind

    def single_value(self, label=None, unit=None, kind=None):
        r = self.r
        kind = kind or r.choice(["count", "level", "rate"])
        if kind == "rate":
            v = self.rate_value(r.choice([1, 2]))
        else:
            v = self.count_values(1)[0]
        ind = {"label": label or self.label("Giá trị"), "unit": "%" if kind == "rate" else (unit or "cuộc"),
               "kind": kind, "value": num(v)}
        if r.random() < 0.5:
            direction = "at_most" if r.random() < 0.2 else "at_least"
            if kind == "rate":
                g = num(r.choice([v, v + D("0.05"), v - D("0.04"), D("90")]).max(D(0)).min(D(100)))
            else:
                g = self.count_term_target(v)
            ind["target"] = self.target(g, "term", direction)
        return ind

    # ---------------------------------------------------------------- units
    def unit_names(self, n):
        pool = ["Chi bộ %s" % c for c in "ABCDEGHIKLMNOPQRSTUVXY"]
        pool += ["Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế", "Chi bộ Văn phòng", "Đảng bộ Công an",
                 "Chi bộ Trường Tiểu học Số 2"]
        return self.r.sample(pool, n)

    def derived(self, units, kind, declared_partial=False):
        """An indicator the committee takes from its units (or declares while
        only some units report it)."""
        r = self.r
        iid_label = self.label({"count": "Số lượt", "level": "Số đảng viên", "rate": "Tỷ lệ đơn vị"}[kind])
        form = "numden" if kind == "rate" else r.choice(["series", "series", "series", "value"])
        ys = self.pick_years()
        reporters = list(range(len(units)))
        if declared_partial and len(units) >= 2:
            reporters = sorted(r.sample(reporters, r.randint(1, len(units) - 1)))
        ind = {"label": iid_label, "unit": "%" if kind == "rate" else r.choice(["người", "lượt"]), "kind": kind}
        committee_target = None
        if r.random() < 0.6:
            direction = "at_most" if r.random() < 0.2 else "at_least"
            if kind == "rate":
                g = num(r.choice([D("95"), D("90"), D("80"), D("87.5"), D("100")]))
                scope = r.choice(["term", "year"])
            else:
                g = num(r.randint(0, 2000))
                scope = "term" if form == "value" else r.choice(["term", "year"])
            committee_target = self.target(g, scope, direction)
            ind["target"] = committee_target
        shared_scale = r.choice(["small", "small", "medium", "huge", "zeros"])
        per_unit = {}
        for ui in reporters:
            ud = {}
            if form == "numden":
                nums, dens = self.numden(len(ys))
                if committee_target and r.random() < 0.4:
                    # a unit exactly on the committee's target
                    g = D(committee_target["value"])
                    dens = [200] * len(ys)
                    nums = [int(g * 2)] * len(ys) if (g * 2) == int(g * 2) else nums
                    self.traps.append("unit-rate-on-target")
                ud["numerator"] = {str(y): num(v) for y, v in zip(ys, nums)}
                ud["denominator"] = {str(y): num(v) for y, v in zip(ys, dens)}
                T = None
            elif form == "series":
                vals = self.count_values(len(ys), shared_scale)
                ud["series"] = {str(y): num(v) for y, v in zip(ys, vals)}
                T = sum(vals) if kind == "count" else vals[-1]
            else:
                v = self.count_values(1, shared_scale)[0]
                ud["value"] = num(v)
                T = v
            roll = r.random()
            if roll < 0.45:
                # the unit's own target: meeting, missing, exactly on it
                if kind == "rate":
                    g = num(r.choice([D("95"), D("90"), D("99.95"), D("50")]))
                    scope = r.choice(["term", "year"])
                else:
                    g = self.count_term_target(T)
                    scope = "term"
                direction = committee_target.get("direction", "at_least") if committee_target else "at_least"
                ud["target"] = self.target(g, scope, direction)
                self.traps.append("unit-own-target")
            per_unit[ui] = ud
        if declared_partial:
            # the committee declares its own numbers (not checked: not every unit reports)
            if form == "numden":
                nums, dens = self.numden(len(ys))
                ind["numerator"] = {str(y): num(v) for y, v in zip(ys, nums)}
                ind["denominator"] = {str(y): num(v) for y, v in zip(ys, dens)}
            elif form == "series":
                ind["series"] = {str(y): num(v) for y, v in zip(ys, self.count_values(len(ys)))}
            else:
                ind["value"] = num(self.count_values(1)[0])
            self.traps.append("declared-partial-units")
        else:
            self.traps.append("derived-%s-%s" % (kind, form))
        return ind, per_unit

    # ---------------------------------------------------------------- extensions
    def ratings(self):
        r = self.r
        out = {}
        for group in ("organizations", "members"):
            if r.random() < 0.6:
                ys = [y for y in self.all_years if r.random() < 0.7] or [self.all_years[-1]]
                g = {}
                for y in ys:
                    c = r.choice(["small", "big", "zero", "hair"])
                    if c == "small":
                        vals = [r.randint(0, 70) for _ in range(4)]
                    elif c == "big":
                        vals = [r.randint(0, 10 ** 9) for _ in range(4)]
                    elif c == "zero":
                        vals = [0, 0, 0, 0]
                        self.traps.append("ratings-zero-total")
                    else:
                        vals = [1999, 1, 0, 0]
                        r.shuffle(vals)
                        self.traps.append("ratings-1999-of-2000")
                    g[str(y)] = {k: num(v) for k, v in zip(("excellent", "good", "fulfilled", "failed"), vals)}
                out[group] = g
        if any(int(y) < 2018 for g in out.values() for y in g) and any(int(y) >= 2018 for g in out.values() for y in g):
            self.traps.append("ratings-both-scales")
        return out or None

    def membership(self):
        r = self.r
        ys = self.all_years
        a = r.randint(0, len(ys) - 1)
        b = r.randint(a, len(ys) - 1)
        start = r.choice([r.randint(0, 500), r.randint(1000, 10 ** 6), 10 ** 12])
        m = {}
        for y in ys[a:b + 1]:
            flows = {k: r.randint(0, 50) for k in ("admitted", "transferred_in", "reinstated", "died", "expelled",
                                                    "struck_off", "resigned", "transferred_out")}
            end = start + flows["admitted"] + flows["transferred_in"] + flows["reinstated"] - sum(
                flows[k] for k in ("died", "expelled", "struck_off", "resigned", "transferred_out"))
            if end < 0:
                flows["died"] = flows["expelled"] = flows["struck_off"] = flows["resigned"] = flows["transferred_out"] = 0
                end = start + flows["admitted"] + flows["transferred_in"] + flows["reinstated"]
            e = {"start": num(start)}
            e.update({k: num(v) for k, v in flows.items()})
            e["end"] = num(end)
            m[str(y)] = e
            start = end
        return m

    # ---------------------------------------------------------------- dataset
    def dataset(self):
        r = self.r
        self.period()
        ds = {"format": "dossier-dataset/1",
              "organization": {"name": "Đảng bộ Thử nghiệm %d" % self.case_no},
              "period": {"from": self.frm, "to": self.to}}
        if r.random() < 0.5:
            ds["organization"]["issuer"] = "Ban Thường vụ Đảng ủy"
        doc = {}
        if r.random() < 0.4:
            doc["report_year"] = r.choice(self.all_years)
            self.traps.append("report-year")
        if r.random() < 0.3:
            doc["type"] = "BC"
            doc["number"] = str(r.randint(1, 300))
        if doc:
            ds["document"] = doc
        inds = {}
        nunits = r.choice([0, 0, 0, 1, 2, 3, 4, 5, 7]) if r.random() < 0.5 else 0
        units = [{"name": n, "indicators": {}} for n in self.unit_names(nunits)]
        for u in units:
            if r.random() < 0.4:
                u["type"] = r.choice(["đảng bộ cơ sở", "chi bộ cơ sở"])
        # conventional ids (the stock templates' paragraphs)
        if r.random() < 0.35:
            inds["admissions"] = self.count_series(label="Kết nạp đảng viên mới", unit="đảng viên")
        if r.random() < 0.3:
            inds["members_good_rate"] = self.rate_series(label="Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên")
        if r.random() < 0.3:
            inds["clean_strong_rate"] = self.rate_series(label="Tỷ lệ TCCS đạt trong sạch vững mạnh")
        if r.random() < 0.35:
            inds["members"] = self.level_series(label="Số đảng viên", unit="đảng viên")
        if r.random() < 0.2:
            inds["inspections"] = self.single_value(label="Cuộc kiểm tra", unit="cuộc", kind="count")
            if r.random() < 0.5:
                inds["inspected_organizations"] = self.single_value(label="Tổ chức đảng được kiểm tra",
                                                                    unit="tổ chức đảng", kind="count")
            if r.random() < 0.5:
                inds["supervisions"] = self.single_value(label="Cuộc giám sát chuyên đề", unit="cuộc", kind="count")
        if r.random() < 0.25:
            total = len(units) if units else r.randint(1, 200)
            a = r.randint(0, total)
            inds["base_organizations"] = {"label": "Tổ chức cơ sở đảng", "unit": "TCCS", "kind": "level",
                                          "value": num(total), "parts": ["base_party_committees", "base_party_cells"]}
            inds["base_party_committees"] = {"label": "Đảng bộ cơ sở", "unit": "đảng bộ", "kind": "level",
                                             "value": num(a)}
            inds["base_party_cells"] = {"label": "Chi bộ cơ sở", "unit": "chi bộ", "kind": "level",
                                        "value": num(total - a)}
            self.traps.append("parts")
        n = r.randint(1, 6)
        for _ in range(n):
            recipe = r.choices(["count", "level", "rate", "numden", "value", "derived", "partial", "parts-count"],
                               [20, 12, 25, 12, 8, 15 if units else 0, 6 if len(units) >= 2 else 0, 4])[0]
            iid = "i%d" % (len(inds) + 1)
            if recipe == "count":
                inds[iid] = self.count_series()
            elif recipe == "level":
                inds[iid] = self.level_series()
            elif recipe == "rate":
                inds[iid] = self.rate_series()
            elif recipe == "numden":
                inds[iid] = self.rate_numden()
            elif recipe == "value":
                inds[iid] = self.single_value()
            elif recipe in ("derived", "partial"):
                kind = r.choice(["count", "level", "rate"])
                ind, per = self.derived(units, kind, declared_partial=(recipe == "partial"))
                inds[iid] = ind
                for ui, ud in per.items():
                    units[ui]["indicators"][iid] = ud
            else:
                # a count whose term equals the sum of two parts' terms
                ys = self.pick_years(allow_missing=False)
                a = self.count_values(len(ys), "small")
                b = self.count_values(len(ys), "small")
                pa, pb = iid + "a", iid + "b"
                inds[pa] = {"label": self.label("Phần"), "unit": "người", "kind": "count",
                            "series": {str(y): num(v) for y, v in zip(ys, a)}}
                inds[pb] = {"label": self.label("Phần"), "unit": "người", "kind": "count",
                            "series": {str(y): num(v) for y, v in zip(ys, b)}}
                inds[iid] = {"label": self.label("Tổng"), "unit": "người", "kind": "count",
                             "series": {str(y): num(x + y2) for y, x, y2 in zip(ys, a, b)}, "parts": [pa, pb]}
                self.traps.append("parts-count")
        if r.random() < 0.15:
            k = r.choice(list(inds))
            inds[k]["note"] = "Nguồn: Văn phòng Đảng ủy"
        ds["indicators"] = inds
        if units:
            ds["units"] = units
            if r.random() < 0.3:
                ds["units_expected"] = len(units)
        if r.random() < 0.3:
            rt = self.ratings()
            if rt:
                ds["ratings"] = rt
        if r.random() < 0.3:
            ds["membership"] = self.membership()
        if len(self.term_years) >= 15:
            self.traps.append("long-period")
        return ds


def generate(seed, case_no):
    """(dataset text, traps) of case `case_no` for `seed` (reproducible)."""
    rng = random.Random("%s/%s" % (seed, case_no))
    g = Gen(rng, case_no)
    ds = g.dataset()
    return dumps(ds) + "\n", sorted(set(g.traps))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", default="1")
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        text, traps = generate(a.seed, i)
        with open(os.path.join(a.out, "case-%05d.json" % i), "w", encoding="utf-8") as f:
            f.write(text)
        print(i, ", ".join(traps))


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------- the docs' own examples

def _series(years, vals):
    return {str(y): num(v) for y, v in zip(years, vals)}


def doc_examples():
    """Datasets made of the examples docs/figures.md and docs/templates.md
    print (the ten rules): every run starts with them. -> [(name, text)]"""
    T5 = [2016, 2017, 2018, 2019, 2020]
    P = {"from": 2015, "to": 2020}
    ex = []

    def ds(name, inds, period=P, **extra):
        d = {"format": "dossier-dataset/1", "organization": {"name": "Đảng bộ Ví dụ %s" % name},
             "period": dict(period), "indicators": inds}
        d.update(extra)
        ex.append(("doc-" + name, dumps(d) + "\n"))

    rate = lambda label, years, vals, tgt=None: dict(
        {"label": label, "unit": "%", "kind": "rate", "series": _series(years, vals)}, **({"target": tgt} if tgt else {}))
    ds("rule1-8735", {"r": rate("Tỷ lệ A", [2019, 2020], ["87.3", "87.4"], {"value": num(85), "scope": "term"})},
       period={"from": 2018, "to": 2020})
    ds("rule2-mean-95", {"r": rate("Tỷ lệ B", T5, ["94.5", "94.5", "95.2", "95.1", "95.7"],
                                   {"value": num(95), "scope": "term"})})
    ds("rule3-9496", {"r": rate("Tỷ lệ C", T5, ["94.96"] * 5, {"value": num(95), "scope": "term"})})
    ds("rule3-204-at-most", {"r": rate("Tỷ lệ D", T5, ["2.04"] * 5,
                                       {"value": num(2), "scope": "term", "direction": "at_most"})})
    ds("rule3-205-at-most", {"r": rate("Tỷ lệ E", T5, ["2.05"] * 5,
                                       {"value": num(2), "scope": "year", "direction": "at_most"})})
    ds("rule3-9005", {"r": rate("Tỷ lệ F", [2019, 2020], ["90.1", "90"], {"value": num(90), "scope": "term"}),
                      "s": rate("Tỷ lệ G", [2019, 2020], ["90.04"] * 2, {"value": num(90), "scope": "year"})},
       period={"from": 2018, "to": 2020})
    ds("rule3-changes", {"a": rate("Tỷ lệ H", [2019, 2020], ["99.9", "99.903"]),
                         "b": rate("Tỷ lệ I", [2019, 2020], ["99.9", "99.95"]),
                         "c": rate("Tỷ lệ K", [2019, 2020], ["86.2", "88.05"])},
       period={"from": 2018, "to": 2020})
    ds("rule3-1999-of-2000", {
        "admissions": {"label": "Kết nạp đảng viên mới", "unit": "đảng viên", "kind": "count",
                       "series": _series(T5, [400, 400, 400, 400, 399]), "target": {"value": num(2000), "scope": "term"}},
        "contest": {"label": "Cơ sở phát động cuộc thi", "unit": "cơ sở", "kind": "rate",
                    "numerator": _series([2020], [1999]), "denominator": _series([2020], [2000])}},
       document={"report_year": 2020})
    ds("relative-2009-2000", {"n": {"label": "Số lượt L", "unit": "lượt", "kind": "count",
                                    "series": _series([2016, 2020], [2000, 2009])}})
    ds("forecast-clamp", {"members": {"label": "Số đảng viên", "unit": "đảng viên", "kind": "level",
                                      "series": _series(T5, [400, 300, 250, 120, 60])}})
    ds("rule4-targets", {
        "a": rate("Tỷ lệ M", T5, ["88", "87", "88.5", "86.5", "87.5"], {"value": num("87.5"), "scope": "term"}),
        "b": rate("Tỷ lệ N", T5, ["98.5", "98.5", "98.6", "98.9", "99"], {"value": num(80), "scope": "year"}),
        "admissions": {"label": "Kết nạp đảng viên mới", "unit": "đảng viên", "kind": "count",
                       "series": _series(T5, [182, 195, 204, 199, 197]), "target": {"value": num(750), "scope": "term"}}})
    units = []
    for i, (n, d, t) in enumerate([(19, 20, "90"), (18, 20, "95"), (20, 20, "95"), (17, 20, "90"), (10, 20, None)]):
        ui = {"numerator": _series(T5, [n] * 5), "denominator": _series(T5, [d] * 5)}
        if t:
            ui["target"] = {"value": num(t), "scope": "term"}
        units.append({"name": "Chi bộ %s" % "ABCDE"[i], "indicators": {"r": ui}})
    ds("rule5-units", {"r": {"label": "Tỷ lệ đảng viên P", "unit": "%", "kind": "rate"}}, units=units)
    ds("rule2-tolerance", {"r": rate("Tỷ lệ Q", list(range(2016, 2036)), ["95"] * 19 + ["94.999999"],
                                     {"value": num(95), "scope": "term"})}, period={"from": 2016, "to": 2035})
    ds("rule6-previous-year", {"clean_strong_rate": rate("Tỷ lệ TCCS trong sạch vững mạnh", [2017, 2018],
                                                         ["94", "95"], {"value": num(95), "scope": "year"})},
       document={"report_year": 2019})
    ds("rule3-previous-year-missed", {"d": rate("Tỷ lệ kỷ luật", [2017, 2018], ["1.52", "1.52"],
                                                {"value": num("1.5"), "scope": "year", "direction": "at_most"})},
       document={"report_year": 2019})
    ds("worst-year-at-most", {"v": {"label": "Số vụ vi phạm", "unit": "vụ", "kind": "count",
                                    "series": _series(T5, [5, 7, 6, 9, 8]),
                                    "target": {"value": num(10), "scope": "year", "direction": "at_most"}}})
    ds("one-year", {"a": rate("Tỷ lệ R", [2020], ["96.5"], {"value": num(95), "scope": "year"}),
                    "b": {"label": "Số lượt S", "unit": "lượt", "kind": "count", "value": num(12),
                          "target": {"value": num(12), "scope": "term"}}}, period={"from": 2020, "to": 2020})
    ds("twenty-years", {"members": {"label": "Số đảng viên", "unit": "đảng viên", "kind": "level",
                                    "series": _series(range(2001, 2021), [1000 + 7 * i for i in range(20)])}},
       period={"from": 2001, "to": 2020})
    ds("missing-years-count", {"admissions": {"label": "Kết nạp đảng viên mới", "unit": "đảng viên", "kind": "count",
                                              "series": _series([2016, 2017, 2020], [180, 190, 204]),
                                              "target": {"value": num(750), "scope": "term"}},
                               "v": {"label": "Số vụ T", "unit": "vụ", "kind": "count",
                                     "series": _series([2016, 2017, 2020], [5, 11, 6]),
                                     "target": {"value": num(10), "scope": "year", "direction": "at_most"}}})
    return ex
