#!/usr/bin/env python3
"""The oracle's command line: generate datasets, compute their figures
independently, compare with `dossier figures` (JSON and --format text) and
with the text of the PDFs of the three stock templates.

    python3 tests/oracle/run.py --cases N --seed S [--render-every K] [--keep DIR]

Environment: DOSSIER (the program; default /tmp/oracle-dossier),
DOSSIER_DATA_DIR (its stock templates; default /work/main/build/share/dossier).
Exit status 1 on any mismatch; each mismatch class gets a folder in DIR
(default /tmp/oracle-failures) with the smallest dataset that shows it
(minimised) and a description of the difference.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import gen        # noqa: E402
import oracle     # noqa: E402
import phrases    # noqa: E402
from vnfmt import F, vn, decimals_not_100, decimals_not_equal, usual_decimals_figure  # noqa: E402

TEMPLATES = ("term-report", "annual-report", "directive-review")
PROG = os.environ.get("DOSSIER", "/tmp/oracle-dossier")
ENV = dict(os.environ)
ENV.setdefault("DOSSIER_DATA_DIR", "/work/main/build/share/dossier")


def run(args, timeout=120):
    try:
        r = subprocess.run([PROG] + args, capture_output=True, text=True, env=ENV, timeout=timeout)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return -999, "", "timeout"


def pdftotext(pdf, layout):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [pdf, "-"]
    r = subprocess.run(args, capture_output=True, text=True)
    return r.stdout


# ------------------------------------------------------------------ classes

class Result:
    def __init__(self):
        self.figures = 0
        self.phrases = 0
        self.cells = 0
        self.mism = []        # dict(cls, where, expected, actual, detail)
        self.amb = collections.Counter()
        self.notes = collections.Counter()
        self.note_examples = {}
        self.amb_examples = {}

    def add(self, cls, where, expected, actual, detail=""):
        self.mism.append({"class": cls, "where": where, "expected": expected, "actual": actual, "detail": detail})


def norm_pattern(p):
    return re.sub(r"\[\d+\]", "[]", re.sub(r"\.(years|numerator|denominator)\.\d{4}", r".\1.<y>", p))


def leaf_of(pattern):
    """The figure a pattern names, without the indicator's shape:
    indicators.<rate/series+term-at_least>.change.absolute -> <indicator>.change.absolute"""
    p = norm_pattern(pattern)
    p = re.sub(r"^units\[\]\.indicators\.<[^>]*>", "<indicator>", p)
    p = re.sub(r"^indicators\.<[^>]*>", "<indicator>", p)
    p = re.sub(r"^ratings\.(organizations|members)", "ratings.*", p)
    return p


def shape_of(pattern):
    m = re.search(r"<([^>]*)>", pattern)
    if not (m and "/" in m.group(1)):
        return ""
    return ("unit " if pattern.startswith("units[]") else "") + m.group(1)


def refusal_class(stderr):
    msgs = []
    for line in stderr.strip().split("\n") or ["(no message)"]:
        msg = line.split(": ")[-1] if ": " in line else line
        msg = re.sub(r'"[^"]*"', '"…"', msg)
        msg = re.sub(r"\d[\d.,e+-]*", "N", msg)
        if msg not in msgs:
            msgs.append(msg)
    return " / ".join(msgs)[:200]


# ------------------------------------------------------------------ checks

def check_figures(model, res, text_out, json_out):
    actual = oracle.load_actual(json_out)
    c = oracle.compare_figures(model, actual)
    res.figures += c.compared
    for m in c.mismatches:
        res.add("figures: %s: %s" % (m["what"], leaf_of(m["pattern"])), m["path"], m["expected"], m["actual"],
                shape_of(m["pattern"]))
    for path, why in c.skipped:
        res.amb["figures: " + why] += 1
    for path, pat, what in c.notes:
        kind = "a whole number" if re.search(r"printed in exponent form \(\d(\.\d+)?e\+", what) else "a fraction"
        key = "figures: %s for %s" % (re.sub(r"\(.*\)", "", what).strip(), kind) if "exponent" in what else \
            "figures: %s" % what
        res.notes[key] += 1
        res.note_examples.setdefault(key, "%s %s" % (path, what))
    return actual


def check_text(model, res, txt):
    """`dossier figures --format text`: the strings of the PDF (rule 10)."""
    tree = model.tree
    cols, rows = phrases.parse_text_table(txt)
    if cols is None:
        res.cells += 1
        res.add("text: no indicator table", "figures --format text", "a table", txt[:200])
        return
    # a column runs from its header's first character to the next header's
    # (the headers start their columns; a cell never crosses into the 2-space gap)
    starts = [st for _, st, _ in cols]
    names = [n for n, _, _ in cols]

    def cell(line, k):
        st = starts[k]
        en = starts[k + 1] if k + 1 < len(starts) else len(line)
        return line[st:en].strip()
    bad = [r for r in rows if any(0 < st - 2 < len(r) and r[st - 2:st].strip() for st in starts[1:])]
    if bad:
        res.cells += 1
        res.add("text: a table cell runs into the next column", "figures --format text",
                "every cell inside its column", bad[0][:200])
    idx = {n: k for k, n in enumerate(names)}
    years = [(int(n), k) for k, n in enumerate(names) if re.fullmatch(r"\d{4}", n)]
    for iid, fig in tree["indicators"].items():
        lab = phrases.nfc(fig["label"])
        line = next((r for r in rows if r.startswith(lab + "  ") or r == lab or r[:starts[1]].strip() == lab), None)
        if line is None:
            res.cells += 1
            res.add("text: indicator row missing", iid, lab, "(no row)")
            continue
        case = phrases.target_case(fig)
        for y, k in years:
            want = phrases.year_cell(fig, y) or ""
            got = cell(line, k).rstrip("%")
            res.cells += 1
            if got != want:
                yn = ((fig.get("target") or {}).get("years") or {}).get(str(y))
                v = fig["years"].get(str(y))
                tag = "%s, %s" % (fig["kind"], "a year that missed its target" if yn and yn["met"] is False else
                                  "rule 3: a rate x/y with x≠y rounding to 100,0" if v is not None and phrases.frac_rate(fig)
                                  and v != 100 and phrases.round_half_away(v, 1) == 100 else "plain")
                res.add("text: year cell (%s)" % tag, "%s %d" % (iid, y), want, got)
        if "Nhiệm kỳ" in idx:
            want = phrases.term_cell(fig) or ""
            got = cell(line, idx["Nhiệm kỳ"]).rstrip("%")
            res.cells += 1
            if got != want:
                T = fig["term"]
                if T is not None and phrases.frac_rate(fig) and T != 100 and phrases.round_half_away(T, 1) == 100:
                    case = "rule 3: a rate x/y with x≠y rounding to 100,0"
                res.add("text: term cell (%s)" % case, iid, want, got)
        if "Cách tính" in idx and fig["pooled"] is not None:
            c = cell(line, idx["Cách tính"])
            m = re.search(r"gộp (\S+)", c)
            res.cells += 1
            want = vn(fig["pooled"], phrases.not100(fig, fig["pooled"], 1))
            if not m or m.group(1).rstrip("%") != want:
                res.add("text: pooled figure%s" % (" (rule 3: x/y with x≠y rounding to 100,0)" if want != vn(fig["pooled"], 1)
                                                   else ""), iid, "gộp " + want, c)
        if "Chỉ tiêu đề ra" in idx and fig["target"] is not None:
            ind = model.inds[iid]
            goal = phrases.f_goal(fig["kind"], fig["unit"], fig["target"], ind.target.decimals)
            c = cell(line, idx["Chỉ tiêu đề ra"])
            res.cells += 1
            if not re.search(r"(^|\s)" + re.escape(goal) + r"(\s|$)", c):
                res.add("text: target as set (rule 4)", iid, goal, c)
        if "Đánh giá" in idx:
            want = phrases.f_target(fig) if fig["target"] is not None else ""
            got = cell(line, idx["Đánh giá"])
            if isinstance(want, phrases.Amb):
                res.amb["text: " + want.why] += 1
                res.amb_examples.setdefault("text: " + want.why, got)
            else:
                res.cells += 1
                if got != want:
                    res.add("text: verdict: %s" % phrases.diff_signature(want, got), iid, want, got, case)
    # the units' spread lines
    for iid, fig in tree["indicators"].items():
        u = fig.get("units")
        if not u:
            continue
        lab = phrases.nfc(fig["label"])
        line = next((l for l in txt.split("\n") if phrases.nfc(l).startswith("- " + lab + ": ")), None)
        if line is None:
            continue
        line = phrases.nfc(line)
        unit_figs = {un["name"]: un["indicators"].get(iid) for un in tree["units"]}

        def unit_value(name, v):
            f = unit_figs.get(name)
            d = usual_decimals_figure(fig["kind"], v)
            if f is not None and f.get("target") is not None and f["target"]["term_met"] is False:
                d = decimals_not_equal(v, d, f["target"]["value"])
            return vn(v, phrases.not100(f, v, d))
        checks = [(r"(\S+)/(\S+) đơn vị báo cáo", "%s/%s" % (vn(u["reporting"], 0), vn(u["count"], 0)), "reporting"),
                  (r"thấp nhất (\S+) \(", unit_value(u["min"]["unit"], u["min"]["value"]), "min"),
                  (r"cao nhất (\S+) \(", unit_value(u["max"]["unit"], u["max"]["value"]), "max"),
                  # the median of a numerator/denominator rate is one of its
                  # figures: x/y, never 100,0 unless it is 100
                  (r"trung vị (\S+?)[;,]?(?:\s|$)",
                   vn(u["median"], phrases.not100(fig, u["median"],
                                                  usual_decimals_figure(fig["kind"], u["median"]))),
                   "median")]
        if u["meeting_target"] is not None:
            pct = u["meeting_target_pct"]
            d = 1 if u["meeting_target"] == u["with_target"] else decimals_not_100(pct, 1)
            checks.append((r"đạt chỉ tiêu (\S+ đơn vị \(\S+\))",
                           "%s/%s đơn vị (%s%%)" % (vn(u["meeting_target"], 0), vn(u["with_target"], 0), vn(pct, d)),
                           "meeting"))
        for rx, want, what in checks:
            m = re.search(rx, line)
            if not m:
                continue
            got = m.group(0) if what == "reporting" else m.group(1)
            if what == "reporting":
                want = want + " đơn vị báo cáo"
            res.cells += 1
            if got.rstrip("%") != want.rstrip("%") if what in ("min", "max", "median") else got != want:
                res.add("text: units line %s" % what, iid, want, got)
    # ratings and membership tables
    lines = [phrases.nfc(l) for l in txt.split("\n")]
    rt = tree["ratings"]
    if rt:
        for group, title in (("organizations", "Xếp loại tổ chức cơ sở đảng"), ("members", "Xếp loại đảng viên")):
            g = rt.get(group)
            if not g:
                continue
            try:
                i = lines.index(title)
            except ValueError:
                res.cells += 1
                res.add("text: ratings table missing", group, title, "(absent)")
                continue
            body = {}
            for l in lines[i + 3:]:
                if not re.match(r"\d{4}\s", l):
                    break
                body[l[:4]] = re.split(r"\s{2,}", l.strip())
            for y, e in g["years"].items():
                want = [y] + [rating_cell(lv["count"], e["total"]) for lv in e["levels"]] + [vn(e["total"], 0)]
                got = body.get(y)
                res.cells += 1
                if got != want:
                    res.add("text: ratings row: %s" % ratings_tag(e), "%s %s" % (group, y), "  ".join(want),
                            "  ".join(got or []))
    ms = tree["membership"]
    if ms:
        try:
            i = lines.index("Biến động đảng viên (Biểu 1)")
        except ValueError:
            i = None
            res.cells += 1
            res.add("text: membership table missing", "membership", "Biến động đảng viên (Biểu 1)", "(absent)")
        if i is not None:
            body = {}
            for l in lines[i + 3:]:
                if not l.strip():
                    break
                p = re.split(r"\s{2,}", l.strip())
                body[p[0]] = p
            keys = ("start",) + oracle.FLOWS_IN + oracle.FLOWS_OUT + ("end",)
            for y, e in list(ms["years"].items()) + [("Cả nhiệm kỳ", ms["term"])]:
                want = [y] + [vn(e[k], 0) for k in keys]
                got = body.get(y)
                res.cells += 1
                if got != want:
                    res.add("text: membership row", y, "  ".join(want), "  ".join(got or []))


def ratings_tag(e):
    if e["total"] == 0:
        return "total 0"
    share = [lv for lv in e["levels"] if lv["count"] != e["total"] and lv["pct"] is not None
             and phrases.round_half_away(lv["pct"], 1) == 100]
    if share:
        return "share x/y with x≠y rounding to 100,0%"
    if e["total"] >= 10 ** 7:
        return "counts of 8 digits or more"
    return "row"


def rating_cell(count, total):
    if total == 0:
        return "%s (—)" % vn(count, 0)
    from fractions import Fraction
    pct = Fraction(count * 100, total)
    d = 1 if count == total else decimals_not_100(pct, 1)
    return "%s (%s%%)" % (vn(count, 0), vn(pct, d))


def check_pdf(model, res, template, raw, raw_layout, actual_json):
    n0 = len(res.mism)
    try:
        _check_pdf(model, res, template, raw, raw_layout, actual_json)
    finally:
        for m in res.mism[n0:]:
            m["template"] = template


def _check_pdf(model, res, template, raw, raw_layout, actual_json):
    # pdftotext -layout keeps every character of a line (without -layout it
    # drops a '-' ending a line as if it were a hyphenation); lines are joined
    text = phrases.normalise_pdf_text(raw_layout)
    alt = phrases.normalise_pdf_text(raw)
    expects = phrases.TEMPLATES[template](model)
    if template == "term-report":
        expects += forecast_expect(model, actual_json)
    n, mism, amb = phrases.check_sentences(expects, text, alt)
    res.phrases += n
    for m in mism:
        kind = m["tag"].split(":")[0].split(".", 1)[-1]
        res.add("pdf %s: %s" % (kind, phrases.diff_signature(m["expected"], m["actual"])), m["prefix"],
                m["expected"], m["actual"], "%s %s" % (template, m["tag"]))
    for a in amb:
        key = "pdf: " + a[1]
        res.amb[key] += 1
        if len(a) > 2 and a[2]:
            res.amb_examples.setdefault(key, a[2])
    if template == "term-report":
        check_pdf_tables(model, res, raw_layout)
    if template in ("term-report", "annual-report"):
        check_yearly_table(model, res, template, raw_layout)
    check_units_table(model, res, template, raw_layout)


MAX_CELL = 13  # wider cells are not matched


def layout_rows(raw_layout, start_rx):
    """Rows of PDF tables from `pdftotext -layout`, a cell wrapped over
    several lines joined back by its x position: [(cells, wrapped)].
    A row starts on a line matching start_rx; the next lines that are not
    blank and do not start a row are its continuation lines."""
    lines = [phrases.nfc(l) for l in raw_layout.split("\n")]
    rx = re.compile(start_rx)
    out = []
    for i, l in enumerate(lines):
        if not rx.match(l):
            continue
        toks = [[m.start(), m.end(), m.group(0)] for m in re.finditer(r"\S+", l)]
        wrapped = False
        x0 = len(l) - len(l.lstrip())
        for l2 in lines[i + 1:i + 4]:
            if (not l2.strip() or rx.match(l2) or "\f" in l2 or "Toàn Đảng bộ" in l2
                    or len(l2) - len(l2.lstrip()) <= x0 + 1 or re.match(r"\s*TT\s", l2)):
                break
            for m in re.finditer(r"\S+", l2):
                c = (m.start() + m.end()) / 2
                frag = m.group(0)
                if re.fullmatch(r"[\d.,%—]+", frag):
                    # the rest of a number: the nearest number ending at or left of it
                    left = [t for t in toks if t[0] <= c + 3 and re.search(r"[\d.,]$", t[2]) and re.search(r"[.,]", t[2])]
                    if left:
                        inside = [t for t in left if t[0] <= c <= t[1] + 1]
                        t = inside[0] if inside else max(left, key=lambda t: t[1])
                        if inside or c - t[1] <= 9:
                            t[2] += frag
                            wrapped = True
                            continue
                best = min(toks, key=lambda t: 0 if t[0] <= c <= t[1] else min(abs(c - t[0]), abs(c - t[1])))
                if best[0] - 3 <= c <= best[1] + 3:
                    best[2] += " " + frag
        out.append(([t[2] for t in toks], wrapped, re.sub(r"\s+", " ", l).strip()))
    return out


def row_in(rows, cells, label=None):
    """(found, wrapped): the first row whose cells end with `cells`
    (compared as text, so '52 (76,5%)' split over two lines still matches).
    A label that wraps in a narrow column puts its last words after the
    figures in the row's text: words of `label` after the cells are allowed."""
    want = " " + " ".join(cells)
    words = set((label or "").split())
    for toks, wrapped, _first in rows:
        text = " " + " ".join(toks)
        at = text.rfind(want)
        if at >= 0 and all(t in words for t in text[at + len(want):].split()):
            return True, wrapped
    return False, False


def table_check(res, rows, cells, where, cls, expected_first, label=None):
    res.cells += 1
    found, wrapped = row_in(rows, cells, label)
    if found and wrapped:
        res.add("pdf tables: a figure is broken over two lines inside its cell (the value is right)", where,
                " ".join(cells), "(wrapped)")
    elif not found:
        res.add(cls, where, expected_first + " " + " ".join(cells), " ".join(rows[0][0]) if rows else "(no row)")
    return found


def check_yearly_table(model, res, template, raw_layout):
    """Appendix `table yearly`: one row per indicator with a yearly series ×
    each year, Cả nhiệm kỳ (docs/templates.md "Table kinds"). A wide table
    comes in several column chunks, each with its header; the year columns
    are read from the headers (the docs say "each year"; rule 7: tables show
    all the period's years) and every cell of every chunk is checked."""
    tree = model.tree
    ctx = model.ctx
    tname = template.split("-")[0]
    lines = raw_layout.split("\n")
    hdr = re.compile(r"\s*TT\s+Chỉ")
    starts = [i for i, l in enumerate(lines) if hdr.match(phrases.nfc(l))
              and any("Đơn" in phrases.nfc(x) for x in lines[i:i + 3])]
    with_years = [(iid, f) for iid, f in tree["indicators"].items() if f["years"]]
    if not with_years:
        return
    if not starts:
        res.cells += 1
        if all(len(f["years"]) == 1 for _, f in with_years):
            res.add("pdf %s: yearly table: series of one year are left out" % tname, template,
                    "a yearly table with %s" % ", ".join(i for i, _ in with_years), "(no table)")
        else:
            res.add("pdf %s: yearly table missing" % tname, template, "a yearly table", "(none)")
        return
    chunks = []
    for k, st in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else min(len(lines), st + 200)
        hlines = [lines[st]]
        for x in lines[st + 1:st + 3]:
            if re.match(r"\s*\d{1,3}\s", x) or not x.strip():
                break
            hlines.append(x)
        years = [int(y) for y in re.findall(r"(?<![\d.,])(\d{4})(?![\d.,])", phrases.nfc(" ".join(hlines)))]
        has_term = any("Cả" in phrases.nfc(l) for l in lines[st:min(end, st + 4)])
        if chunks and chunks[-1][0] == years:
            # the same columns again at the top of the next page: the rows go on
            chunks[-1] = (years, has_term or chunks[-1][1], chunks[-1][2] + "\n" + "\n".join(lines[st:end]))
        else:
            chunks.append((years, has_term, "\n".join(lines[st:end])))
    cols = [y for c in chunks for y in c[0]]
    # every year of the term, and before them the congress year when a row
    # has a value for it: the term column counts that value (docs/figures.md,
    # missing_years: "a value for from is used"), so a row adds up to it
    wanted = list(ctx.term_years)
    congress = ctx.term_years[0] - 1 if ctx.term_years else None
    if congress is not None and any(str(congress) in f["years"] for _, f in with_years):
        wanted = [congress] + wanted
    if cols != wanted:
        res.cells += 1
        res.add("pdf %s: yearly table columns are not the term's years" % tname, template,
                " ".join(map(str, wanted)), " ".join(map(str, cols)))
    tt = 0
    for iid, fig in with_years:
        tt += 1
        for years, has_term, text in chunks:
            cells = [phrases.year_cell(fig, y) or "—" for y in years]
            if has_term:
                cells.append(phrases.term_cell(fig) or "—")
            if not cells:
                continue
            if max(len(c) for c in cells) > MAX_CELL:
                res.amb["pdf: yearly table row not matched (a cell wider than %d characters)" % MAX_CELL] += 1
                continue
            rows = layout_rows(text, r"\s*\d+\s+" + re.escape(fig["label"].split()[0]) + r"\s")
            rows = [r for r in rows if len(r[0]) > len(cells)]
            # the row numbered as this one (TT), when the table shows it: labels
            # that share their first words and wrap differently are told apart
            numbered = [r for r in rows if r[0] and r[0][0] == str(tt)]
            if numbered:
                rows = numbered
            words = fig["label"].split()

            def lead(r):
                # how many of the label's words start the row's first line (after its number)
                toks = r[2].split()[1:]
                k = 0
                while k < min(len(words), len(toks)) and toks[k] == words[k]:
                    k += 1
                return k
            best = max([lead(r) for r in rows] + [0])
            labelled = [r for r in rows if best >= min(2, len(words)) and lead(r) == best]
            if len(fig["years"]) == 1 and not labelled:
                res.cells += 1
                res.add("pdf %s: yearly table: series of one year are left out" % tname, "%s, %s" % (template, iid),
                        "%d %s … %s" % (tt, fig["label"], " ".join(cells)), "(no row)")
                break
            table_check(res, labelled or rows, cells, "%s yearly table, %s" % (template, iid),
                        "pdf %s: yearly table row differs" % tname, "%d %s …" % (tt, fig["label"]),
                        label="%s %s" % (fig["label"], fig["unit"] or ""))


def check_units_table(model, res, template, raw_layout):
    """`table units`: a row per unit × the indicators the units report, and
    the total row "Toàn Đảng bộ" with the committee's figures."""
    tree = model.tree
    if not tree["units"]:
        return
    ids = [iid for iid in tree["indicators"] if any(iid in u["indicators"] for u in tree["units"])]
    if not ids:
        return

    def ucell(f):
        if f is None or f["term"] is None:
            return "—"
        return phrases.term_cell(f)
    rows = []
    for n, u in enumerate(tree["units"], 1):
        rows.append((r"\s*%d\s+%s" % (n, re.escape(u["name"].split()[0])), [ucell(u["indicators"].get(i)) for i in ids],
                     u["name"]))
    rows.append((r"\s*Toàn Đảng bộ", [phrases.term_cell(tree["indicators"][i]) or "—" for i in ids], "Toàn Đảng bộ"))
    for first, cells, name in rows:
        if max(len(c) for c in cells) > MAX_CELL:
            res.amb["pdf: units table row not matched (a cell wider than %d characters)" % MAX_CELL] += 1
            continue
        table_check(res, layout_rows(raw_layout, first), cells, "%s units table, %s" % (template, name),
                    "pdf %s: units table row" % template.split("-")[0], name + " …")


def forecast_expect(model, actual):
    """The forecast sentence reads estimates: built from the program's own
    doubles (the docs make them estimates), rounded half away from zero."""
    try:
        last = actual["indicators"]["members"]["trend"]["forecast"][-1]
    except (KeyError, IndexError, TypeError):
        return []
    low = last.get("low")
    if low is None or F(low.s) <= 0:
        return []
    s = ("Theo xu hướng tuyến tính của nhiệm kỳ qua, dự báo đến năm %s Đảng bộ có khoảng %s đảng viên "
         "(khoảng dự báo 95%%: từ %s đến %s đảng viên)." % (last["year"].s, vn(F(float(last["value"].s)), 0),
                                                           vn(F(float(low.s)), 0), vn(F(float(last["high"].s)), 0)))
    return [phrases.Expect("Theo xu hướng tuyến tính của nhiệm kỳ qua, dự báo đến năm ", s, "term.forecast")]


def check_pdf_tables(model, res, layout):
    """term-report's ratings (organisations) and membership (Biểu 1) tables."""
    tree = model.tree
    rt = tree["ratings"]
    if rt and rt.get("organizations"):
        for y, e in rt["organizations"]["years"].items():
            cells = [vn(e["total"], 0)] + [rating_cell(lv["count"], e["total"]) for lv in e["levels"]]
            rows = layout_rows(layout, r"\s*%s\s" % y)
            rows = [r for r in rows if len(r[0]) >= 2 and r[0][1] == cells[0]] or rows
            table_check(res, rows, cells, "ratings table " + y,
                        "pdf term-report: ratings table row: %s" % ratings_tag(e), y)
    ms = tree["membership"]
    if ms:
        keys = ("start",) + oracle.FLOWS_IN + oracle.FLOWS_OUT + ("end",)
        for y, e in ms["years"].items():
            cells = [vn(e[k], 0) for k in keys]
            rows = [r for r in layout_rows(layout, r"\s*%s\s" % y) if "(" not in " ".join(r[0])]
            table_check(res, rows, cells, "membership table " + y, "pdf term-report: membership table row (Biểu 1)", y)



# ------------------------------------------------------------------ one case

def figures_case(text, path):
    """(model or None, Result, actual json) for the figures part."""
    res = Result()
    rc, out, err = run(["figures", path])
    if rc != 0:
        cls = "refused valid dataset (exit %s): %s" % (rc, refusal_class(err))
        res.figures += 1
        res.add(cls, path, "figures computed (the dataset is valid per docs/dataset.md)", err.strip()[:600])
        return None, res, None
    try:
        model = oracle.Model(text)
    except Exception as e:   # an oracle bug: never hide it
        res.add("ORACLE ERROR: %s" % type(e).__name__, path, "", repr(e))
        return None, res, None
    actual = check_figures(model, res, text, out)
    rc, txt, err = run(["figures", path, "--format", "text"])
    if rc != 0:
        res.add("figures --format text failed (exit %s)" % rc, path, "a table", err.strip()[:300])
    else:
        check_text(model, res, txt)
    return model, res, actual


def render_cases(items, workdir, jobs):
    """Render every item of `items` [(name, path)] with the three templates via
    `dossier batch`; -> {(name, template): (raw, layout) or error}."""
    src = os.path.join(workdir, "render-in")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    for name, path in items:
        shutil.copy(path, os.path.join(src, name + ".json"))
    out = {}
    for t in TEMPLATES:
        od = os.path.join(workdir, "render-out-" + t)
        rc, so, se = run(["batch", src, "-o", od, "-t", t, "-j", str(jobs), "-q", "--force"], timeout=1800)
        summary = {}
        try:
            with open(os.path.join(od, "summary.json")) as f:
                sj = json.load(f)
            for v in sj.values():
                if isinstance(v, list):
                    for it in v:
                        if isinstance(it, dict) and "input" in it:
                            summary[os.path.basename(it["input"])[:-5]] = it
        except Exception:
            pass
        for name, _ in items:
            pdf = os.path.join(od, name + ".pdf")
            if os.path.exists(pdf):
                out[(name, t)] = (pdftotext(pdf, False), pdftotext(pdf, True))
            else:
                it = summary.get(name)
                out[(name, t)] = "render failed: %s" % ((it or {}).get("error") or se.strip()[:300] or "no PDF")
    return out


def render_one(path, template, workdir):
    pdf = os.path.join(workdir, "one.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    rc, so, se = run(["render", path, "-t", template, "-o", pdf])
    if rc != 0 or not os.path.exists(pdf):
        return "render failed: " + se.strip()[:300]
    return pdftotext(pdf, False), pdftotext(pdf, True)


def full_case(text, path, templates, workdir):
    """All checks of one dataset, rendering one by one (for minimisation)."""
    model, res, actual = figures_case(text, path)
    if model is None:
        return res
    for t in templates:
        r = render_one(path, t, workdir)
        if isinstance(r, str):
            res.add("render failed: %s" % t, path, "a PDF", r)
            res.mism[-1]["template"] = t
        else:
            check_pdf(model, res, t, r[0], r[1], actual)
    return res


# ------------------------------------------------------------------ minimisation

def dataset_dumps(ds):
    def conv(o):
        from decimal import Decimal
        if isinstance(o, bool) or o is None:
            return o
        if isinstance(o, Decimal):
            return gen.Lit(format(o, "f"))
        if isinstance(o, int):
            return gen.Lit(str(o))
        if isinstance(o, dict):
            return {k: conv(v) for k, v in o.items()}
        if isinstance(o, list):
            return [conv(v) for v in o]
        return o
    return gen.dumps(conv(ds)) + "\n"


def candidates(ds):
    """Smaller variants of a dataset, biggest cuts first."""
    import copy
    for k in ("ratings", "membership", "units_expected", "document"):
        if k in ds:
            d = copy.deepcopy(ds)
            del d[k]
            yield d
    if "units" in ds:
        d = copy.deepcopy(ds)
        del d["units"]
        for ind in d["indicators"].values():
            pass
        yield d
        for i in range(len(ds["units"])):
            d = copy.deepcopy(ds)
            del d["units"][i]
            if not d["units"]:
                del d["units"]
            yield d
    ids = list(ds["indicators"])
    if len(ids) > 1:
        for iid in ids:
            d = copy.deepcopy(ds)
            del d["indicators"][iid]
            for u in d.get("units", []):
                u.get("indicators", {}).pop(iid, None)
            yield d
    for iid in ids:
        ind = ds["indicators"][iid]
        for key in ("note",):
            if key in ind:
                d = copy.deepcopy(ds)
                del d["indicators"][iid][key]
                yield d
        for form in ("series", "numerator"):
            if form in ind and len(ind[form]) > 1:
                for y in list(ind[form]):
                    d = copy.deepcopy(ds)
                    del d["indicators"][iid][form][y]
                    if form == "numerator":
                        del d["indicators"][iid]["denominator"][y]
                    yield d
    for ui, u in enumerate(ds.get("units", [])):
        for iid in list(u.get("indicators", {})):
            d = copy.deepcopy(ds)
            del d["units"][ui]["indicators"][iid]
            yield d
            ind = u["indicators"][iid]
            if "target" in ind:
                d = copy.deepcopy(ds)
                del d["units"][ui]["indicators"][iid]["target"]
                yield d
    p = ds["period"]
    if p["to"] - p["from"] >= 1:
        import copy as c2
        for side in ("from", "to"):
            d = c2.deepcopy(ds)
            if side == "from":
                d["period"]["from"] = p["from"] + 1
            else:
                d["period"]["to"] = p["to"] - 1
            yield d


def minimise(text, cls, templates, workdir, budget):
    from decimal import Decimal
    ds = json.loads(text, parse_float=Decimal, parse_int=int)
    path = os.path.join(workdir, "min.json")
    best = text
    tries = 0
    improved = True
    while improved and tries < budget:
        improved = False
        for cand in candidates(ds):
            if tries >= budget:
                break
            t = dataset_dumps(cand)
            with open(path, "w", encoding="utf-8") as f:
                f.write(t)
            tries += 1
            if cls.startswith("refused"):
                rc, _, err = run(["figures", path])
                ok = rc != 0 and refusal_class(err) in cls
            else:
                rc, _, _ = run(["check", path])
                if rc != 0:
                    continue
                try:
                    res = full_case(t, path, templates, workdir) if templates else figures_case(t, path)[1]
                except Exception:
                    continue
                ok = any(m["class"] == cls for m in res.mism)
            if ok:
                ds, best = cand, t
                improved = True
                break
    return best


# ------------------------------------------------------------------ main

def main():
    global PROG
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--render-every", type=int, default=10, help="render every K-th case with the 3 templates (0: none)")
    ap.add_argument("--keep", default="/tmp/oracle-failures")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--minimise-budget", type=int, default=150, help="program runs per class to shrink its example")
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("--no-doc-examples", action="store_true",
                    help="do not start with the datasets of the docs' own examples")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()

    if not os.path.exists(PROG):
        print("oracle: program not found: %s (set DOSSIER)" % PROG, file=sys.stderr)
        return 2
    t0 = time.time()
    workdir = tempfile.mkdtemp(prefix="oracle-")
    # the program may be rebuilt under a long run: run a copy of it
    copy = os.path.join(workdir, "dossier")
    shutil.copy2(PROG, copy)
    PROG = copy
    total = Result()
    classes = collections.OrderedDict()   # cls -> dict(count, example=(size, text, mismatch, traps, templates))
    chunk = 40
    done = 0

    def record(res, text, traps, templates, case_no):
        for m in res.mism:
            c = classes.setdefault(m["class"], {"count": 0, "example": None, "cases": set(),
                                                "shapes": collections.Counter(), "templates": set()})
            if m.get("template"):
                c["templates"].add(m["template"])
            c["count"] += 1
            c["cases"].add(case_no)
            if m.get("detail"):
                c["shapes"][m["detail"]] += 1
            if c["example"] is None or len(text) < c["example"][0]:
                c["example"] = (len(text), text, m, traps, templates)

    def merge(res):
        total.figures += res.figures
        total.phrases += res.phrases
        total.cells += res.cells
        total.mism += res.mism
        total.amb.update(res.amb)
        total.notes.update(res.notes)
        for k, v in res.note_examples.items():
            total.note_examples.setdefault(k, v)
        for k, v in res.amb_examples.items():
            total.amb_examples.setdefault(k, v)

    DOC = gen.doc_examples() if not a.no_doc_examples else []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs))
    while done < a.cases:
        n = min(chunk, a.cases - done)
        cases = []
        for i in range(done, done + n):
            if i < len(DOC):
                name, text = DOC[i]
                traps = [name]
            else:
                text, traps = gen.generate(a.seed, i)
                name = "case-%06d" % i
            path = os.path.join(workdir, name + ".json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            cases.append((i, name, path, text, traps))
        futs = {c[0]: pool.submit(figures_case, c[3], c[2]) for c in cases}
        to_render = []
        fig_results = {}
        for i, name, path, text, traps in cases:
            model, res, actual = futs[i].result()
            fig_results[i] = (model, res, actual)
            if a.render_every and (i % a.render_every == 0 or i < len(DOC)) and model is not None:
                to_render.append((name, path))
        rendered = render_cases(to_render, workdir, a.jobs) if to_render else {}
        for i, name, path, text, traps in cases:
            model, res, actual = fig_results[i]
            tpls = []
            if (name, TEMPLATES[0]) in rendered:
                for t in TEMPLATES:
                    r = rendered[(name, t)]
                    tpls.append(t)
                    if isinstance(r, str):
                        res.add("render failed: %s" % t, path, "a PDF", r)
                        res.mism[-1]["template"] = t
                    else:
                        check_pdf(model, res, t, r[0], r[1], actual)
            merge(res)
            record(res, text, traps, tpls, i)
            if a.verbose and res.mism:
                print("case %d: %d mismatches" % (i, len(res.mism)), file=sys.stderr)
        done += n
        if a.verbose:
            print("… %d/%d cases, %.0fs" % (done, a.cases, time.time() - t0), file=sys.stderr)
    pool.shutdown()

    # write the failures, one folder per class, minimised
    if classes:
        os.makedirs(a.keep, exist_ok=True)
        # the numbered folders of an earlier run would be mistaken for this one's
        for old in os.listdir(a.keep):
            if re.match(r"\d{3}-", old) and os.path.exists(os.path.join(a.keep, old, "diff.txt")):
                shutil.rmtree(os.path.join(a.keep, old), ignore_errors=True)
    index = []
    for n, (cls, c) in enumerate(classes.items()):
        size, text, m, traps, tpls = c["example"]
        tpl_needed = sorted(c["templates"])[:1]
        small = text
        if not a.no_minimise:
            small = minimise(text, cls, tpl_needed, workdir, a.minimise_budget if not tpl_needed else a.minimise_budget // 3)
            # describe the mismatch of the minimised dataset
            p = os.path.join(workdir, "min-final.json")
            with open(p, "w", encoding="utf-8") as f:
                f.write(small)
            res = full_case(small, p, tpl_needed, workdir) if tpl_needed else figures_case(small, p)[1]
            mm = [x for x in res.mism if x["class"] == cls]
            if mm:
                m = mm[0]
            else:
                small = text
        slug = "%03d-%s" % (n + 1, re.sub(r"[^A-Za-z0-9]+", "-", cls)[:90].strip("-"))
        d = os.path.join(a.keep, slug)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "dataset.json"), "w", encoding="utf-8") as f:
            f.write(small)
        with open(os.path.join(d, "diff.txt"), "w", encoding="utf-8") as f:
            f.write("class:    %s\noccurrences: %d in %d cases\nwhere:    %s\nexpected: %s\nactual:   %s\n%s"
                    "traps of the generated case: %s\ntemplates: %s\nseed: %s\n" % (
                        cls, c["count"], len(c["cases"]), m["where"], m["expected"], m["actual"],
                        ("indicator shapes: %s\n" % ", ".join("%s ×%d" % kv for kv in c["shapes"].most_common()))
                        if c["shapes"] else "", ", ".join(traps),
                        ", ".join(tpl_needed) or "(figures only)", a.seed))
        index.append((cls, c["count"], len(c["cases"]), d))

    shutil.rmtree(workdir, ignore_errors=True)
    print("oracle: %d cases (seed %s), %d figures compared, %d phrases compared, %d text/table cells compared, "
          "%d mismatches in %d classes, %.0fs" % (a.cases, a.seed, total.figures, total.phrases, total.cells,
                                                  len(total.mism), len(classes), time.time() - t0))
    for cls, cnt, ncases, d in index:
        print("  MISMATCH %5d× in %4d cases: %s\n           -> %s" % (cnt, ncases, cls, d))
    if total.amb:
        print("not compared (the docs do not say):")
        for k, v in total.amb.most_common():
            ex = total.amb_examples.get(k)
            print("  %5d× %s%s" % (v, k, ("\n         the program prints e.g.: " + ex[:250]) if ex else ""))
    if total.notes:
        print("notes (not mismatches):")
        for k, v in total.notes.most_common():
            print("  %5d× %s   e.g. %s" % (v, k, total.note_examples.get(k, "")))
    return 1 if total.mism else 0


if __name__ == "__main__":
    sys.exit(main())
