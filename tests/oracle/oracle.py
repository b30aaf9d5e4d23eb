"""Independent recomputation of the figures tree of docs/figures.md.

Written from the documentation only (docs/figures.md, docs/dataset.md); no C
source was read. Every exact figure is a fractions.Fraction; the estimates
(trend) are computed exactly too and compared with a tolerance.

expected_tree(dataset_text) -> dict   the figures the docs define
compare(expected, actual_text) -> Comparison   leaf-by-leaf comparison
"""
import json
import math
from decimal import Decimal
from fractions import Fraction

from vnfmt import F, json_expected, terminates, literal_decimals

TERM_KINDS = ("count", "level", "rate")
LEVELS = ("excellent", "good", "fulfilled", "failed")
LABELS_PRE2018 = {
    "excellent": "Trong sạch vững mạnh",
    "good": "Hoàn thành tốt nhiệm vụ",
    "fulfilled": "Hoàn thành nhiệm vụ",
    "failed": "Yếu kém",
}
LABELS_2018 = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "fulfilled": "Hoàn thành nhiệm vụ",
    "failed": "Không hoàn thành nhiệm vụ",
}
FLOWS_IN = ("admitted", "transferred_in", "reinstated")
FLOWS_OUT = ("died", "expelled", "struck_off", "resigned", "transferred_out")


class Est:
    """An estimate (binary floating point in the program): exact value and
    the magnitude used for the relative tolerance."""
    __slots__ = ("value", "scale", "cond")

    def __init__(self, value, scale, cond=1.0):
        self.value = value
        self.scale = scale
        self.cond = cond    # max|v| / standard deviation of v: how ill-conditioned a double fit is

    def __repr__(self):
        return "Est(%r)" % (float(self.value) if self.value is not None else None)


class Skip:
    """A leaf the docs leave undefined: not compared (listed as ambiguous)."""
    __slots__ = ("why",)

    def __init__(self, why):
        self.why = why


# --------------------------------------------------------------------------
# Student t quantile (for trend.forecast low/high), stdlib only.

def _betacf(a, b, x):
    MAXIT, EPS, FPMIN = 10000, 1e-17, 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    if abs(d) < FPMIN:
        d = FPMIN
    d = 1.0 / d
    h = d
    for m in range(1, MAXIT + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < FPMIN:
            d = FPMIN
        c = 1.0 + aa / c
        if abs(c) < FPMIN:
            c = FPMIN
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < FPMIN:
            d = FPMIN
        c = 1.0 + aa / c
        if abs(c) < FPMIN:
            c = FPMIN
        d = 1.0 / d
        de = d * c
        h *= de
        if abs(de - 1.0) < EPS:
            break
    return h


def _betainc(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    bt = math.exp(lbt)
    if x < (a + 1.0) / (a + b + 2.0):
        return bt * _betacf(a, b, x) / a
    return 1.0 - bt * _betacf(b, a, 1.0 - x) / b


def t_cdf(t, df):
    x = df / (df + t * t)
    tail = 0.5 * _betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


_TQ = {}


def t_quantile_975(df):
    if df in _TQ:
        return _TQ[df]
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < 0.975:
            lo = mid
        else:
            hi = mid
    _TQ[df] = (lo + hi) / 2
    return _TQ[df]


# --------------------------------------------------------------------------
# Reading a dataset (the contract of docs/dataset.md)

def load_dataset(text):
    return json.loads(text, parse_float=Decimal, parse_int=int)


class Target:
    def __init__(self, t):
        self.value = F(t["value"])
        self.literal = t["value"]
        self.decimals = literal_decimals(t["value"])
        self.scope = t["scope"]
        self.direction = t.get("direction", "at_least")

    def ok(self, v):
        return v >= self.value if self.direction == "at_least" else v <= self.value


class Ind:
    """One indicator as the dataset gives it (committee's or a unit's)."""

    def __init__(self, iid, d, committee=None):
        self.id = iid
        self.raw = d
        c = committee
        self.kind = d.get("kind") or (c.kind if c else None)
        self.label = (c.label if c else None) or d.get("label") or iid
        if c is None:
            self.label = d.get("label", iid)
            self.unit = d.get("unit", "")
        else:
            self.unit = c.unit
        self.note = d.get("note") if isinstance(d.get("note"), str) else None
        self.target = Target(d["target"]) if isinstance(d.get("target"), dict) else None
        self.parts = d.get("parts")
        self.years = {}
        self.num = self.den = None
        self.value = None
        if "series" in d:
            self.form = "series"
            self.years = {int(y): F(v) for y, v in d["series"].items()}
        elif "numerator" in d:
            self.form = "numden"
            self.num = {int(y): F(v) for y, v in d["numerator"].items()}
            self.den = {int(y): F(v) for y, v in d["denominator"].items()}
            self.years = {y: self.num[y] * 100 / self.den[y] for y in self.num}
        elif "value" in d:
            self.form = "value"
            self.value = F(d["value"])
        else:
            self.form = "derived"
        self.derived = False


def term_figure(kind, years, value, form):
    if form == "value":
        return value
    ys = sorted(years)
    if not ys:
        return None
    if kind == "count":
        return sum(years[y] for y in ys)
    if kind == "level":
        return years[ys[-1]]
    return sum(years[y] for y in ys) / len(ys)


def basis_of(kind, form):
    if form == "value":
        return "value"
    return {"count": "sum", "level": "last", "rate": "mean"}[kind]


class Ctx:
    def __init__(self, ds):
        p = ds["period"]
        self.frm = int(p["from"])
        self.to = int(p["to"])
        doc = ds.get("document") if isinstance(ds.get("document"), dict) else {}
        self.report_year_given = int(doc["report_year"]) if doc.get("report_year") is not None else None
        self.report_year = self.report_year_given if self.report_year_given is not None else self.to
        if self.frm == self.to:
            self.term_years = [self.frm]
        else:
            self.term_years = list(range(self.frm + 1, self.to + 1))
        n = max(1, self.to - self.frm)
        self.forecast_years = list(range(self.to + 1, self.to + 1 + n))


# --------------------------------------------------------------------------
# Figures of one indicator

def change_node(years):
    ys = sorted(years)
    n = len(ys)
    node = {"first_year": ys[0] if n else None, "last_year": ys[-1] if n else None,
            "absolute": None, "relative_pct": None, "average_yearly": None, "yearly": []}
    if n >= 2:
        a, b = years[ys[0]], years[ys[-1]]
        node["absolute"] = b - a
        node["relative_pct"] = None if a == 0 else (b - a) * 100 / a
        node["average_yearly"] = (b - a) / (ys[-1] - ys[0])
        for i in range(1, n):
            p, q = years[ys[i - 1]], years[ys[i]]
            node["yearly"].append({"year": ys[i], "from_year": ys[i - 1], "absolute": q - p,
                                   "relative_pct": None if p == 0 else (q - p) * 100 / p})
    return node


def summary_node(years):
    ys = sorted(years)
    if not ys:
        return {"count": 0, "mean": None, "min": None, "min_year": None, "max": None, "max_year": None}
    mn = min(ys, key=lambda y: (years[y], y))
    mx = min(ys, key=lambda y: (-years[y], y))
    return {"count": len(ys), "mean": sum(years[y] for y in ys) / len(ys),
            "min": years[mn], "min_year": mn, "max": years[mx], "max_year": mx}


def trend_node(kind, years, ctx):
    ys = sorted(years)
    n = len(ys)
    node = {"slope": None, "intercept": None, "r2": None, "years": n, "forecast": []}
    vals = [years[y] for y in ys]
    scale_v = max([abs(v) for v in vals] + [Fraction(1)])
    lo_clamp, hi_clamp = Fraction(0), (Fraction(100) if kind == "rate" else None)

    def clamp(v):
        if v < lo_clamp:
            v = lo_clamp
        if hi_clamp is not None and v > hi_clamp:
            v = hi_clamp
        return v

    slope = intercept = None
    if n >= 2:
        xm = Fraction(sum(ys), n)
        ym = sum(vals) / n
        sxx = sum((x - xm) ** 2 for x in ys)
        sxy = sum((x - xm) * (v - ym) for x, v in zip(ys, vals))
        slope = sxy / sxx
        intercept = ym - slope * xm
        sse = sum((v - (intercept + slope * x)) ** 2 for x, v in zip(ys, vals))
        sst = sum((v - ym) ** 2 for v in vals)
        big = max(scale_v, abs(slope) * max(abs(x) for x in ys))
        cond = float("inf") if sst == 0 else float(scale_v) / math.sqrt(float(sst / n))
        node["slope"] = Est(slope, scale_v, cond)
        node["intercept"] = Est(intercept, big, cond)
        node["r2"] = None if sst == 0 else Est(1 - sse / sst, Fraction(1), cond)
    for fy in ctx.forecast_years:
        f = {"year": fy, "value": None, "low": None, "high": None}
        if slope is not None:
            yhat = intercept + slope * fy
            big = max(scale_v, abs(slope) * fy, abs(yhat))
            f["value"] = Est(clamp(yhat), big, cond)
            if n >= 3:
                s2 = float(sse / (n - 2))
                t = t_quantile_975(n - 2)
                half = t * math.sqrt(s2) * math.sqrt(float(1 + Fraction(1, n) + (fy - xm) ** 2 / sxx))
                yh = float(yhat)
                f["low"] = Est(clamp(Fraction(yh - half)), big + Fraction(abs(half)), cond)
                f["high"] = Est(clamp(Fraction(yh + half)), big + Fraction(abs(half)), cond)
        node["forecast"].append(f)
    return node


def target_node(kind, T, years, missing, tgt):
    G = tgt.value
    rate = kind == "rate"

    def att(v):
        return None if (v is None or G == 0) else v * 100 / G

    def mar(v):
        if v is None:
            return None
        if rate:
            return v - G
        return None if G == 0 else (v - G) * 100 / G

    node = {"value": G, "scope": tgt.scope, "direction": tgt.direction,
            "margin_unit": "pp" if rate else "%"}
    ys = sorted(years)
    if kind == "count" and tgt.scope == "year":
        if ys:
            if tgt.direction == "at_least":
                worst = min(ys, key=lambda y: (years[y], y))
            else:
                worst = min(ys, key=lambda y: (-years[y], y))
            node["attainment_pct"] = att(years[worst])
            node["margin"] = mar(years[worst])
            node["worst_year"] = worst
        else:
            node["attainment_pct"] = node["margin"] = node["worst_year"] = None
        term_met = None
    else:
        node["attainment_pct"] = att(T)
        node["margin"] = mar(T)
        node["worst_year"] = None
        term_met = None if T is None else tgt.ok(T)
        if kind == "count" and missing:
            term_met = None
    node["term_met"] = term_met
    if tgt.scope == "year":
        yn = {}
        for y in ys:
            v = years[y]
            yn[str(y)] = {"value": v, "attainment_pct": att(v), "margin": mar(v), "met": tgt.ok(v)}
        nmet = sum(1 for y in ys if tgt.ok(years[y]))
        node["years"] = yn
        node["years_met"] = nmet
        node["years_total"] = len(ys)
        node["all_years_met"] = nmet == len(ys)
        if kind == "count":
            if nmet < len(ys):
                met = False
            elif missing or not ys:
                met = None
            else:
                met = True
        else:
            met = None if term_met is None else (term_met and nmet == len(ys))
    else:
        node["years"] = node["years_met"] = node["years_total"] = node["all_years_met"] = None
        met = term_met
    node["met"] = met
    return node


def latest_node(ind, T, ctx):
    kind, years, tgt = ind.kind, ind.years_used, ind.target_applied
    ys = sorted(years)
    if not ys:
        if ctx.frm == ctx.to and T is not None:
            Y = ctx.report_year_given if ctx.report_year_given is not None else ctx.frm
            v = T
            node = {"year": Y, "kind": kind, "unit": ind.unit, "value": v,
                    "previous_year": None, "previous_value": None, "change": None,
                    "cumulative_from": Skip("cumulative_from of a single value in a one-year period (y1 undefined)"),
                    "cumulative": v}
        else:
            return None
        prev = None
    else:
        Y = ctx.report_year_given if ctx.report_year_given is not None else ys[-1]
        v = years.get(Y)
        before = [y for y in ys if y < Y]
        prev = before[-1] if before else None
        node = {"year": Y, "kind": kind, "unit": ind.unit, "value": v,
                "previous_year": prev, "previous_value": years[prev] if prev is not None else None}
        if v is None or prev is None:
            node["change"] = None
        else:
            pv = years[prev]
            node["change"] = {"first_year": prev, "last_year": Y, "absolute": v - pv,
                              "relative_pct": None if pv == 0 else (v - pv) * 100 / pv}
        if v is None:
            node["cumulative_from"] = None
            node["cumulative"] = None
        else:
            node["cumulative_from"] = ys[0]
            upto = [y for y in ys if y <= Y]
            if kind == "count":
                node["cumulative"] = sum(years[y] for y in upto)
            elif kind == "level":
                node["cumulative"] = v
            else:
                node["cumulative"] = sum(years[y] for y in upto) / len(upto)
    if tgt is not None and tgt.scope == "year":
        G = tgt.value
        lt = {"value": G, "scope": "year", "direction": tgt.direction,
              "margin_unit": "pp" if kind == "rate" else "%"}
        if v is None:
            lt.update({"attainment_pct": None, "margin": None, "met": None, "term_met": None})
        else:
            lt["attainment_pct"] = None if G == 0 else v * 100 / G
            if kind == "rate":
                lt["margin"] = v - G
            else:
                lt["margin"] = None if G == 0 else (v - G) * 100 / G
            lt["met"] = lt["term_met"] = tgt.ok(v)
        node["target"] = lt
    else:
        node["target"] = None
    cum = node.get("cumulative")
    if (tgt is not None and tgt.scope == "term" and kind in ("count", "level")
            and tgt.value != 0 and cum is not None and not isinstance(cum, Skip)):
        node["cumulative_attainment_pct"] = cum * 100 / tgt.value
    else:
        node["cumulative_attainment_pct"] = None
    return node


def indicator_figures(ind, ctx, is_unit):
    kind = ind.kind
    years = ind.years_used
    T = term_figure(kind, years, ind.value_used, ind.form_used)
    missing = [] if ind.form_used == "value" else [y for y in ctx.term_years if y not in years]
    out = {"id": ind.id, "label": ind.label, "unit": ind.unit, "kind": kind,
           "basis": basis_of(kind, ind.form_used),
           "derived_from_units": bool(ind.derived),
           "term": T,
           "years": {str(y): years[y] for y in sorted(years)},
           "missing_years": missing}
    if ind.note is not None:
        out["note"] = ind.note
    if ind.num_used is not None:
        sn = sum(ind.num_used.values())
        sd = sum(ind.den_used.values())
        out["pooled"] = sn * 100 / sd
        out["numerator"] = {str(y): ind.num_used[y] for y in sorted(ind.num_used)}
        out["denominator"] = {str(y): ind.den_used[y] for y in sorted(ind.den_used)}
    else:
        out["pooled"] = None
    out["change"] = change_node(years)
    out["summary"] = summary_node(years)
    out["trend"] = trend_node(kind, years, ctx)
    tgt = ind.target_applied
    out["target"] = None if tgt is None else target_node(kind, T, years, missing, tgt)
    out["latest"] = latest_node(ind, T, ctx)
    return out


# --------------------------------------------------------------------------
# The whole tree

def quantile7(sorted_vals, p):
    n = len(sorted_vals)
    h = Fraction(p) * (n - 1)
    lo = h.numerator // h.denominator
    if lo + 1 >= n:
        return sorted_vals[-1]
    return sorted_vals[lo] + (h - lo) * (sorted_vals[lo + 1] - sorted_vals[lo])


class Model:
    """The dataset read, roll-up applied, every figure computed."""

    def __init__(self, text):
        ds = load_dataset(text)
        self.ds = ds
        ctx = self.ctx = Ctx(ds)
        self.inds = {}
        for iid, d in ds["indicators"].items():
            self.inds[iid] = Ind(iid, d)
        self.units = []
        for u in ds.get("units") or []:
            uinds = {}
            for iid, d in (u.get("indicators") or {}).items():
                c = self.inds[iid]
                ui = Ind(iid, d, committee=c)
                ui.kind = c.kind
                uinds[iid] = ui
            self.units.append({"name": u["name"], "type": u.get("type"), "inds": uinds})
        # the numbers used: own, or rolled up from the units
        for iid, ind in self.inds.items():
            ind.years_used, ind.value_used, ind.form_used = ind.years, ind.value, ind.form
            ind.num_used, ind.den_used = ind.num, ind.den
            if ind.form == "derived":
                reps = [u["inds"][iid] for u in self.units if iid in u["inds"]]
                ind.derived = True
                forms = {r.form for r in reps}
                assert len(forms) == 1, "generator made an invalid roll-up"
                form = forms.pop()
                if form == "value":
                    ind.form_used = "value"
                    ind.value_used = sum(r.value for r in reps)
                    ind.years_used = {}
                elif form == "numden":
                    ind.form_used = "numden"
                    yrs = sorted(reps[0].num)
                    ind.num_used = {y: sum(r.num[y] for r in reps) for y in yrs}
                    ind.den_used = {y: sum(r.den[y] for r in reps) for y in yrs}
                    ind.years_used = {y: ind.num_used[y] * 100 / ind.den_used[y] for y in yrs}
                else:
                    ind.form_used = "series"
                    yrs = sorted(reps[0].years)
                    ind.years_used = {y: sum(r.years[y] for r in reps) for y in yrs}
            ind.target_applied = ind.target
        for u in self.units:
            for iid, ui in u["inds"].items():
                c = self.inds[iid]
                ui.years_used, ui.value_used, ui.form_used = ui.years, ui.value, ui.form
                ui.num_used, ui.den_used = ui.num, ui.den
                # a unit's target: its own, else the committee's for a rate
                if ui.target is not None:
                    ui.target_applied = ui.target
                elif c.kind == "rate" and c.target is not None:
                    ui.target_applied = c.target
                else:
                    ui.target_applied = None
        self.tree = self._tree()

    def _tree(self):
        ds, ctx = self.ds, self.ctx
        tree = {"format": "dossier-figures/1",
                "period": {"from": ctx.frm, "to": ctx.to, "report_year": ctx.report_year},
                "indicators": {}, "units": []}
        ufigs = []
        for u in self.units:
            figs = {iid: indicator_figures(ui, ctx, True) for iid, ui in u["inds"].items()}
            ufigs.append(figs)
            unode = {"name": u["name"], "indicators": figs}
            if u["type"] is not None:
                unode["type"] = u["type"]
            tree["units"].append(unode)
        for iid, ind in self.inds.items():
            fig = indicator_figures(ind, ctx, False)
            if ind.parts is not None:
                fig["parts"] = [{"id": p, "term": term_figure(self.inds[p].kind, self.inds[p].years_used,
                                                               self.inds[p].value_used, self.inds[p].form_used)}
                                for p in ind.parts]
            fig["units"] = self._spread(iid, ind, ufigs)
            tree["indicators"][iid] = fig
        tree["ratings"] = self._ratings()
        tree["membership"] = self._membership()
        return tree

    def _spread(self, iid, ind, ufigs):
        rep = []
        for u, figs in zip(self.units, ufigs):
            f = figs.get(iid)
            if f is not None and f["term"] is not None:
                rep.append((u["name"], f))
        if not rep:
            return None
        vals = [f["term"] for _, f in rep]
        sv = sorted(vals)
        mn = min(range(len(rep)), key=lambda i: (vals[i], i))
        mx = min(range(len(rep)), key=lambda i: (-vals[i], i))
        with_t = [(n, f) for n, f in rep if f["target"] is not None and f["target"]["met"] is not None]
        meeting = sum(1 for _, f in with_t if f["target"]["met"])
        low_first = ind.target is not None and ind.target.direction == "at_most"
        order = sorted(range(len(rep)), key=lambda i: (vals[i] if low_first else -vals[i], i))
        ranking = []
        for i in order:
            better = sum(1 for j in range(len(rep)) if (vals[j] < vals[i] if low_first else vals[j] > vals[i]))
            ranking.append({"rank": 1 + better, "unit": rep[i][0], "value": vals[i]})
        return {"count": len(self.units), "reporting": len(rep),
                "min": {"value": vals[mn], "unit": rep[mn][0]},
                "max": {"value": vals[mx], "unit": rep[mx][0]},
                "median": quantile7(sv, Fraction(1, 2)), "q1": quantile7(sv, Fraction(1, 4)),
                "q3": quantile7(sv, Fraction(3, 4)),
                "with_target": len(with_t), "without_target": len(rep) - len(with_t),
                "meeting_target": meeting if with_t else None,
                "meeting_target_pct": Fraction(meeting * 100, len(with_t)) if with_t else None,
                "ranking": ranking,
                "below_target": [n for n, f in rep if f["target"] is not None and f["target"]["met"] is False]}

    def _ratings(self):
        r = self.ds.get("ratings")
        if not isinstance(r, dict):
            return None
        out = {}
        for group in ("organizations", "members"):
            g = r.get(group)
            if not isinstance(g, dict):
                out[group] = None
                continue
            years = {}
            for y in sorted(g, key=int):
                e = g[y]
                yi = int(y)
                scale = "pre2018" if (group == "organizations" and yi < 2018) else "2018"
                labels = LABELS_PRE2018 if scale == "pre2018" else LABELS_2018
                total = sum(int(e[k]) for k in LEVELS)
                levels = [{"key": k, "label": labels[k], "count": int(e[k]),
                           "pct": None if total == 0 else Fraction(int(e[k]) * 100, total)} for k in LEVELS]
                gob = int(e["excellent"]) + int(e["good"])
                years[str(yi)] = {"scale": scale, "total": total, "levels": levels,
                                  "good_or_better": gob,
                                  "good_or_better_pct": None if total == 0 else Fraction(gob * 100, total)}
            out[group] = {"years": years}
        return out

    def _membership(self):
        m = self.ds.get("membership")
        if not isinstance(m, dict):
            return None
        years = {}
        ys = sorted(m, key=int)
        term = {k: 0 for k in FLOWS_IN + FLOWS_OUT}
        for y in ys:
            e = {k: int(v) for k, v in m[y].items() if k in ("start", "end") + FLOWS_IN + FLOWS_OUT}
            gained = sum(e[k] for k in FLOWS_IN)
            lost = sum(e[k] for k in FLOWS_OUT)
            node = dict(e)
            node.update({"gained": gained, "lost": lost, "net": gained - lost,
                         "balanced": e["start"] + gained - lost == e["end"]})
            years[str(int(y))] = node
            for k in FLOWS_IN + FLOWS_OUT:
                term[k] += e[k]
        t = {"first_year": int(ys[0]), "last_year": int(ys[-1]), "start": int(m[ys[0]]["start"])}
        t.update(term)
        t["end"] = int(m[ys[-1]]["end"])
        t["gained"] = sum(term[k] for k in FLOWS_IN)
        t["lost"] = sum(term[k] for k in FLOWS_OUT)
        t["net"] = t["gained"] - t["lost"]
        return {"years": years, "term": t}


# --------------------------------------------------------------------------
# Comparing with `dossier figures` (JSON)

class Raw:
    """A JSON number as the program printed it."""
    __slots__ = ("s",)

    def __init__(self, s):
        self.s = s

    def frac(self):
        return Fraction(Decimal(self.s))

    def __repr__(self):
        return self.s


def load_actual(text):
    return json.loads(text, parse_float=Raw, parse_int=Raw)


def show(v):
    if isinstance(v, Fraction):
        if terminates(v):
            from vnfmt import decimal_str
            return decimal_str(v)
        from vnfmt import sig_round, decimal_str
        return decimal_str(sig_round(v, 17)) + " (=%s)" % v
    if isinstance(v, Est):
        return "~%r" % (float(v.value),)
    if isinstance(v, Raw):
        return v.s
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (dict, list)):
        s = json.dumps(v, default=lambda o: show(o), ensure_ascii=False)
        return s if len(s) < 300 else s[:300] + "…"
    return repr(v)


class Comparison:
    def __init__(self):
        self.compared = 0
        self.mismatches = []   # (path, pattern, what, expected, actual)
        self.skipped = []
        self.notes = []        # (path, pattern, what): not mismatches, listed in the report

    def add(self, path, pattern, what, exp, act):
        self.mismatches.append({"path": path, "pattern": pattern, "what": what,
                                "expected": show(exp), "actual": show(act)})


EST_REL = 1e-9


def compare_leaf(cmpn, path, pat, exp, act):
    cmpn.compared += 1
    if isinstance(exp, Skip):
        cmpn.skipped.append((path, exp.why))
        return
    if exp is None:
        if act is not None:
            cmpn.add(path, pat, "expected null", exp, act)
        return
    if isinstance(exp, bool):
        if act is not exp:
            cmpn.add(path, pat, "verdict/bool differs" if act is not None else "null instead of a bool", exp, act)
        return
    if isinstance(exp, str):
        if act != exp:
            cmpn.add(path, pat, "text differs", exp, act)
        return
    if isinstance(exp, Est):
        if not isinstance(act, Raw):
            cmpn.add(path, pat, "estimate: null or not a number" if act is None else "estimate: not a number", exp, act)
            return
        e = float(exp.value)
        try:
            a = float(act.s)
        except ValueError:
            cmpn.add(path, pat, "estimate: unreadable", exp, act)
            return
        tol = EST_REL * max(abs(e), float(exp.scale))
        if not abs(a - e) <= tol:
            if exp.cond > 1e5:
                what = "estimate off by more than 1e-9 relative (ill-conditioned series: max|v|/sd > 1e5)"
            else:
                what = "estimate off by more than 1e-9 relative"
            cmpn.add(path, pat, what, exp, act)
        return
    if isinstance(exp, (int, Fraction)):
        if not isinstance(act, Raw):
            cmpn.add(path, pat, "null instead of a number" if act is None else "not a number", exp, act)
            return
        s = act.s
        a = act.frac()
        if "e" in s.lower():
            cmpn.notes.append((path, pat, "printed in exponent form (%s)" % s))
        want = json_expected(F(exp))
        if a != want:
            e = F(exp)
            if e != 0 and abs(a - e) <= abs(e) * Fraction(1, 10 ** 14):
                what = "binary-float artefact (within 1e-14 relative, not the rule-10 form of the exact value)"
            elif e == 0 and abs(a) < Fraction(1, 10 ** 9):
                what = "binary-float artefact around 0"
            else:
                what = "wrong value"
            cmpn.add(path, pat, what, exp, act)
        return
    raise TypeError("unknown expected leaf %r at %s" % (exp, path))


def compare_tree(cmpn, path, pat, exp, act):
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            cmpn.compared += 1
            cmpn.add(path, pat, "expected an object" if act is not None else "null instead of an object", "{…}", act)
            return
        for k, v in exp.items():
            sub = path + "." + k if path else k
            if k not in act:
                cmpn.compared += 1
                cmpn.add(sub, pat + "." + k if pat else k, "documented key missing", v, "(absent)")
                continue
            a = act[k]
            if k == "ranking" and isinstance(v, list) and isinstance(a, list):
                # the order of units with equal values is not documented: compare
                # ties as a set (ranks and values are compared in order)
                def key_a(e):
                    try:
                        return (int(e["rank"].s), str(e.get("unit")))
                    except Exception:
                        return (0, "")
                if [key_a(e) for e in a] != sorted(key_a(e) for e in a):
                    cmpn.notes.append((sub, pat + "." + k, "ranking: ties not in name order (undocumented)"))
                a = sorted(a, key=key_a)
                v = sorted(v, key=lambda e: (e["rank"], e["unit"]))
            compare_tree(cmpn, sub, (pat + "." + k) if pat else k, v, a)
        return
    if isinstance(exp, list):
        if not isinstance(act, list):
            cmpn.compared += 1
            cmpn.add(path, pat, "expected a list", exp, act)
            return
        if len(exp) != len(act):
            cmpn.compared += 1
            cmpn.add(path, pat, "list length %d, expected %d" % (len(act), len(exp)), exp, act)
            return
        for i, (e, a) in enumerate(zip(exp, act)):
            compare_tree(cmpn, "%s[%d]" % (path, i), pat + "[]", e, a)
        return
    compare_leaf(cmpn, path, pat, exp, act)


def pattern_key(model, path_parts):
    """Class pattern: indicator ids replaced by their shape."""
    return path_parts


def describe_indicator(ind):
    t = ind.target_applied
    s = "%s/%s" % (ind.kind, ind.form_used)
    if t:
        s += "+%s-%s" % (t.scope, t.direction)
    return s


def compare_figures(model, actual):
    """Compare the expected tree with the program's (parsed with load_actual)."""
    cmpn = Comparison()
    exp = model.tree
    for k in ("format",):
        compare_leaf(cmpn, k, k, exp[k], actual.get(k))
    compare_tree(cmpn, "period", "period", exp["period"], actual.get("period"))
    ai = actual.get("indicators") or {}
    for iid, fig in exp["indicators"].items():
        ind = model.inds[iid]
        pat = "indicators.<%s>" % describe_indicator(ind)
        if iid not in ai:
            cmpn.compared += 1
            cmpn.add("indicators." + iid, pat, "indicator missing", "{…}", "(absent)")
            continue
        compare_tree(cmpn, "indicators." + iid, pat, fig, ai[iid])
    au = actual.get("units") or []
    if len(au) != len(exp["units"]):
        cmpn.compared += 1
        cmpn.add("units", "units", "number of units", len(exp["units"]), len(au))
    for i, (eu, u) in enumerate(zip(exp["units"], au)):
        compare_leaf(cmpn, "units[%d].name" % i, "units[].name", eu["name"], u.get("name"))
        if "type" in eu:
            compare_leaf(cmpn, "units[%d].type" % i, "units[].type", eu["type"], u.get("type"))
        uinds = u.get("indicators") or {}
        for iid, fig in eu["indicators"].items():
            ui = model.units[i]["inds"][iid]
            pat = "units[].indicators.<%s>" % describe_indicator(ui)
            if iid not in uinds:
                cmpn.compared += 1
                cmpn.add("units[%d].indicators.%s" % (i, iid), pat, "unit indicator missing", "{…}", "(absent)")
                continue
            compare_tree(cmpn, "units[%d].indicators.%s" % (i, iid), pat, fig, uinds[iid])
    compare_tree(cmpn, "ratings", "ratings", exp["ratings"], actual.get("ratings"))
    compare_tree(cmpn, "membership", "membership", exp["membership"], actual.get("membership"))
    return cmpn
