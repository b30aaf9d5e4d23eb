"""The sentences the stock templates print, computed from the oracle's exact
figures with docs/templates.md ("Filters", "The target sentence") and the ten
rules of docs/figures.md; plus readers for the PDF text (pdftotext) and for
`dossier figures --format text`.

Every builder returns the exact expected text, or Amb(reason) when the docs do
not say what is printed (those are counted, never compared).
"""
import re
import unicodedata
from fractions import Fraction

from vnfmt import (F, vn, vn_list, usual_decimals_figure, decimals_not_equal, decimals_not_100,
                   decimals_nonzero, round_half_away)


class Amb:
    """The docs leave this text undefined."""

    def __init__(self, why):
        self.why = why

    def __repr__(self):
        return "Amb(%s)" % self.why


def nfc(s):
    return unicodedata.normalize("NFC", s)


# -------------------------------------------------------------------- filters

def f_number(x, d=0):
    return "—" if x is None else vn(F(x), d)


def f_plain(x):
    """A placeholder without a filter: whole with thousands dot, else one decimal."""
    if x is None:
        return "—"
    x = F(x)
    return vn(x, 0 if x.denominator == 1 else 1)


def f_percent_attainment(x):
    if x is None:
        return "—"
    return vn(x, decimals_not_100(x, 1)) + "%"


def fig_unit(kind, unit):
    if kind == "rate":
        return "%"
    return (" " + unit) if unit else ""


def frac_rate(fig):
    """A rate given as numerator/denominator: its figures are percentages of
    fractions x/y, which rule 3 says never print 100,0 % unless x = y."""
    return fig is not None and fig.get("kind") == "rate" and fig.get("numerator") is not None


def not100(fig, v, d):
    return decimals_not_100(v, d) if frac_rate(fig) else d


def f_figure(fig):
    """`{{it | figure}}`: the term figure with its unit."""
    T = fig["term"]
    if T is None:
        return "chưa có số liệu"
    kind = fig["kind"]
    d = usual_decimals_figure(kind, T)
    tgt = fig.get("target")
    if tgt is not None and tgt["term_met"] is False:
        d = decimals_not_equal(T, d, tgt["value"])
    d = not100(fig, T, d)
    s = vn(T, d) + fig_unit(kind, fig["unit"])
    if kind == "count" and fig["missing_years"]:
        s += " (chưa có số liệu năm %s)" % vn_list(fig["missing_years"])
    return s


def term_cell(fig):
    """The term figure as a table cell prints it (no unit)."""
    T = fig["term"]
    if T is None:
        return None
    d = usual_decimals_figure(fig["kind"], T)
    tgt = fig.get("target")
    if tgt is not None and tgt["term_met"] is False:
        d = decimals_not_equal(T, d, tgt["value"])
    return vn(T, not100(fig, T, d))


def year_cell(fig, y):
    v = fig["years"].get(str(y))
    if v is None:
        return None
    d = usual_decimals_figure(fig["kind"], v)
    tgt = fig.get("target")
    if tgt is not None and tgt.get("years"):
        yn = tgt["years"].get(str(y))
        if yn is not None and yn["met"] is False:
            d = decimals_not_equal(v, d, tgt["value"])
    return vn(v, not100(fig, v, d))


def f_latest_figure(lat, fig=None):
    v = lat["value"]
    if v is None:
        return "chưa có số liệu"
    kind = lat["kind"]
    d = usual_decimals_figure(kind, v)
    lt = lat.get("target")
    if lt is not None and lt["met"] is False:
        d = decimals_not_equal(v, d, lt["value"])
    return vn(v, not100(fig, v, d)) + fig_unit(kind, lat["unit"])


def f_change(kind, ch):
    """`| change` of an indicator or of its `latest`."""
    a = ch.get("absolute")
    fy = ch.get("first_year")
    if a is None:
        return None
    if a == 0:
        return "không thay đổi so với năm %d" % fy
    if kind == "rate":
        x, unit = a, " điểm phần trăm"
    else:
        x, unit = ch.get("relative_pct"), "%"
        if x is None:
            return Amb("change filter of a %s from a zero base (relative_pct null)" % kind)
    d = decimals_nonzero(abs(x), 1, cap=3)
    if d is None:
        return "thay đổi không đáng kể so với năm %d" % fy
    return "%s %s%s so với năm %d" % ("tăng" if a > 0 else "giảm", vn(abs(x), d), unit, fy)


def f_goal(kind, unit, tgt_node, decimals):
    if tgt_node is None:
        return "—"
    return vn(tgt_node["value"], decimals) + fig_unit(kind, unit)


def target_sentence(kind, tgt, single_year=False):
    """`| target` (docs/templates.md "The target sentence") from the target
    node; single_year for `latest | target` (one year: no "đạt trong x/y năm")."""
    met = tgt["met"]
    if met is None:
        return "chưa đủ số liệu để đánh giá"
    G = tgt["value"]
    direction = tgt["direction"]
    if not single_year and tgt["scope"] == "year":
        if kind == "count":
            if met:
                return "đạt chỉ tiêu"
            return "chưa đạt chỉ tiêu (đạt trong %d/%d năm)" % (tgt["years_met"], tgt["years_total"])
        if tgt["term_met"] and not met:
            return "chưa đạt chỉ tiêu (đạt trong %d/%d năm)" % (tgt["years_met"], tgt["years_total"])
    margin = tgt["margin"]
    if kind == "rate":
        if margin == 0:
            return "đạt chỉ tiêu"
        m = vn(abs(margin), decimals_nonzero(abs(margin), 1))
        if direction == "at_least":
            if met:
                return "cao hơn chỉ tiêu %s điểm phần trăm" % m
            return "thấp hơn chỉ tiêu %s điểm phần trăm" % m
        if met:
            return "đạt chỉ tiêu (thấp hơn mức tối đa %s điểm phần trăm)" % m
        return "chưa đạt chỉ tiêu (vượt mức tối đa %s điểm phần trăm)" % m
    if margin is None:   # G = 0 for a count or level
        if met and tgt["attainment_pct"] is None and direction == "at_most":
            return "đạt chỉ tiêu"   # T <= 0 with T >= 0: exactly on target
        return Amb("target sentence of a %s against a target of 0 (margin and attainment null)" % kind)
    if margin == 0:
        return "đạt chỉ tiêu"
    if direction == "at_least":
        if met:
            return "vượt %s%% so với chỉ tiêu" % vn(margin, decimals_nonzero(margin, 1))
        att = tgt["attainment_pct"]
        return "chưa đạt chỉ tiêu (đạt %s%%)" % vn(att, decimals_not_100(att, 1))
    if met:
        return "đạt chỉ tiêu (thấp hơn mức tối đa %s%%)" % vn(-margin, decimals_nonzero(-margin, 1))
    return "chưa đạt chỉ tiêu (vượt mức tối đa %s%%)" % vn(margin, decimals_nonzero(margin, 1))


def f_target(fig):
    tgt = fig.get("target")
    if tgt is None:
        return ""
    return target_sentence(fig["kind"], tgt)


def f_fraction(fig, word=None):
    """`| fraction` of an indicator with numerator/denominator: its last year."""
    y = fig["change"]["last_year"]
    x = fig["numerator"][str(y)]
    n = fig["denominator"][str(y)]
    pct = Fraction(x) * 100 / n
    d = decimals_not_100(pct, 1) if x != n else 1
    if word is None:
        word = fig["unit"] if fig["unit"] != "%" else ""
    w = (" " + word) if word else ""
    return "%s/%s%s (%s%%)" % (vn(x, 0), vn(n, 0), w, vn(pct, d))


def f_units_fraction(units, word):
    m, w = units["meeting_target"], units["with_target"]
    pct = units["meeting_target_pct"]
    d = 1 if m == w else decimals_not_100(pct, 1)
    return "%s/%s %s (%s%%)" % (vn(m, 0), vn(w, 0), word, vn(pct, d))


def has(x):
    """Template truth: exists and not null/false/""/empty (a number, also 0, is true)."""
    if x is None or x is False or x == "":
        return False
    if isinstance(x, (dict, list)) and not x:
        return False
    return True


def join(parts):
    """Concatenate; an Amb anywhere makes the whole Amb."""
    for p in parts:
        if isinstance(p, Amb):
            return p
    return "".join(parts)


# -------------------------------------------------------------------- sentences

class Expect:
    """One expected sentence: its prefix (how it is found in the text), the
    full text (or Amb), a class tag for reports."""

    def __init__(self, prefix, text, tag):
        self.prefix = prefix
        self.text = text
        self.tag = tag


def target_case(fig):
    t = fig.get("target")
    if t is None:
        return "no-target"
    v = "null" if t["met"] is None else ("met" if t["met"] else "missed")
    extra = ""
    if t["margin"] is not None and t["margin"] != 0 and round_half_away(t["margin"], 1) == 0:
        extra = "+tiny-margin"
    if t["attainment_pct"] is not None and t["attainment_pct"] != 100 and round_half_away(t["attainment_pct"], 1) == 100:
        extra += "+att-rounds-to-100"
    if fig["term"] is not None and t["term_met"] is False and round_half_away(fig["term"], 1) == t["value"]:
        extra += "+missed-rounds-to-target"
    if t["margin"] is not None:
        m = abs(F(t["margin"])) * 10
        if (m - int(m)) == Fraction(1, 2):
            extra += "+margin-x5"
    return "%s-%s-%s-%s%s" % (fig["kind"], t["scope"], t["direction"], v, extra)


def term_report(model):
    tr = model.tree
    inds = tr["indicators"]
    org = model.ds["organization"]["name"]
    issuer = model.ds["organization"].get("issuer") or "Ban Chấp hành Đảng bộ"
    out = []

    def I(i):
        return inds.get(i)

    def term_of(i):
        return I(i)["term"] if I(i) else None
    bo = I("base_organizations")
    if bo is not None and bo["term"] is not None:
        s = "%s hiện có %s tổ chức cơ sở đảng" % (org, f_number(bo["term"]))
        if term_of("base_party_committees") is not None:
            s += ", gồm %s đảng bộ cơ sở" % f_number(term_of("base_party_committees"))
        if term_of("base_party_cells") is not None:
            s += ", %s chi bộ cơ sở" % f_number(term_of("base_party_cells"))
        if term_of("subordinate_cells") is not None:
            s += ", với %s chi bộ trực thuộc đảng bộ cơ sở" % f_number(term_of("subordinate_cells"))
        if term_of("members") is not None:
            s += "; tổng số đảng viên là %s đồng chí" % f_number(term_of("members"))
        out.append(Expect(org + " hiện có ", s + ".", "term.I.base_organizations"))
    elif term_of("members") is not None:
        s = "%s hiện có %s đảng viên" % (org, f_number(term_of("members")))
        if tr["units"]:
            s += ", sinh hoạt tại %s" % vn_list(u["name"] for u in tr["units"])
        out.append(Expect(org + " hiện có ", s + ".", "term.I.members"))
    a = I("admissions")
    if a is not None and a["term"] is not None:
        lead = "Công tác phát triển đảng viên được các cấp ủy, chi bộ quan tâm, coi trọng. "
        if a["missing_years"]:
            s = join(["Trong các năm có số liệu, toàn Đảng bộ đã kết nạp được %s quần chúng ưu tú vào Đảng "
                      "(chưa có số liệu năm %s)" % (f_number(a["term"]), vn_list(a["missing_years"])),
                      ("; " if a["target"] else ""), (f_target(a) if a["target"] else ""), "."])
            out.append(Expect("Trong các năm có số liệu, toàn Đảng bộ đã kết nạp được ", s,
                              "term.admissions-missing:" + target_case(a)))
        else:
            s = join(["Trong nhiệm kỳ, toàn Đảng bộ đã kết nạp được %s quần chúng ưu tú vào Đảng" % f_number(a["term"]),
                      (", " if a["target"] and a["target"]["met"] is not None else ""),
                      (f_target(a) if a["target"] and a["target"]["met"] is not None else ""), "."])
            out.append(Expect("Trong nhiệm kỳ, toàn Đảng bộ đã kết nạp được ", s, "term.admissions:" + target_case(a)))
    g = I("members_good_rate")
    if g is not None and g["term"] is not None:
        s = join(["Bình quân hằng năm có %s số đảng viên hoàn thành tốt nhiệm vụ trở lên" % f_figure(g),
                  (", " + f_target(g) if g["target"] and g["target"]["met"] is not None else ""), "."])
        out.append(Expect("Bình quân hằng năm có ", s, "term.members_good_rate:" + target_case(g)))
    c = I("clean_strong_rate")
    if c is not None and c["term"] is not None:
        s = c["label"] + " bình quân hằng năm đạt " + f_figure(c)
        if c["target"] and c["target"]["met"] is not None:
            s = join([s, " (chỉ tiêu Đại hội đề ra là %s), " % f_goal(c["kind"], c["unit"], c["target"],
                                                                      model.inds["clean_strong_rate"].target.decimals),
                      f_target(c)])
        out.append(Expect(c["label"] + " bình quân hằng năm đạt ", join([s, "."]),
                          "term.clean_strong_rate:" + target_case(c)))
    mem = I("members")
    if mem is not None and mem["change"]["absolute"] is not None:
        s = join(["Số đảng viên của Đảng bộ đến năm %d là %s đồng chí, " % (mem["change"]["last_year"], f_number(mem["term"])),
                  f_change(mem["kind"], mem["change"]), "."])
        out.append(Expect("Số đảng viên của Đảng bộ đến năm ", s, "term.members-change"))
    ins = I("inspections")
    if ins is not None and ins["term"] is not None:
        s = "Trong nhiệm kỳ, %s đã thực hiện %s cuộc kiểm tra" % (issuer, f_number(ins["term"]))
        if term_of("inspected_organizations") is not None:
            s += " đối với %s tổ chức đảng" % f_number(term_of("inspected_organizations"))
        if term_of("supervisions") is not None:
            s += ", %s cuộc giám sát chuyên đề" % f_number(term_of("supervisions"))
        if term_of("supervised_organizations") is not None:
            s += " với %s tổ chức đảng" % f_number(term_of("supervised_organizations"))
        if term_of("supervised_members") is not None:
            s += " và %s đảng viên" % f_number(term_of("supervised_members"))
        out.append(Expect("Trong nhiệm kỳ, %s đã thực hiện " % issuer, s + ".", "term.inspections"))
    for iid, fig in inds.items():
        out.append(Expect("- %s: " % fig["label"], list_item_term(fig, pooled_mean=True), "term.list:" + item_case(fig)))
    for iid, fig in inds.items():
        out.extend(units_sentences_term(fig))
    for iid, fig in inds.items():
        if fig["target"] is not None and fig["target"]["met"] is False:
            out.append(Expect("- %s: " % fig["label"], join(["- %s: %s, " % (fig["label"], f_figure(fig)),
                                                             f_target(fig), "."]),
                              "term.III:" + target_case(fig)))
    return out


def item_case(fig):
    s = "%s/%s" % (fig["kind"], fig["basis"])
    if fig["pooled"] is not None:
        s += "/pooled"
    s += ":" + target_case(fig)
    ch = fig["change"]
    if ch["absolute"] is not None:
        x = ch["absolute"] if fig["kind"] == "rate" else ch["relative_pct"]
        if x is None:
            s += ":change-zero-base"
        elif x != 0 and round_half_away(x, 1) == 0:
            s += ":change-tiny"
        elif (abs(F(x)) * 10 - int(abs(F(x)) * 10)) == Fraction(1, 2):
            s += ":change-x5"
    return s


def list_item_term(fig, pooled_mean):
    """Section 4 of term-report (pooled_mean) / section II.1 of directive-review."""
    lab = fig["label"]
    if fig["pooled"] is not None:
        parts = ["- %s: " % lab]
        if True:   # it.numerator.term is not a figure: the numerator is the per-year counts
            parts.append("năm %d đạt " % fig["change"]["last_year"])
        parts.append(f_fraction(fig))
        if pooled_mean:
            if fig["basis"] == "mean":
                parts.append(", bình quân hằng năm " + f_figure(fig))
            if fig["target"] is not None and fig["target"]["met"] is not None:
                parts.append(", " )
                parts.append(f_target(fig))
        parts.append(".")
        return join(parts)
    parts = ["- %s: " % lab, f_figure(fig)]
    if fig["basis"] == "mean":
        parts.append(" (bình quân hằng năm)")
    if fig["target"] is not None and fig["target"]["met"] is not None:
        parts += [", ", f_target(fig)]
    if fig["change"]["absolute"] is not None:
        parts += ["; năm %d " % fig["change"]["last_year"], f_change(fig["kind"], fig["change"])]
    parts.append(".")
    return join(parts)


def units_sentences_term(fig):
    u = fig.get("units")
    if not u or not u["below_target"]:
        return []
    s = ["%s: các cơ sở chưa đạt chỉ tiêu gồm %s" % (fig["label"], vn_list(u["below_target"]))]
    if u["meeting_target"] is not None:
        s.append("; %s đạt chỉ tiêu" % f_units_fraction(u, "cơ sở có chỉ tiêu"))
        if u["without_target"] > 0:
            s.append(", %s cơ sở không có chỉ tiêu" % f_plain(u["without_target"]))
    s.append(".")
    return [Expect("%s: các cơ sở chưa đạt chỉ tiêu gồm " % fig["label"], "".join(s), "term.units-below")]


def directive_review(model):
    tr = model.tree
    inds = tr["indicators"]
    out = []
    for iid, fig in inds.items():
        out.append(Expect("- %s: " % fig["label"], list_item_term(fig, pooled_mean=False), "directive.list:" + item_case(fig)))
    g = inds.get("members_good_rate")
    if g is not None and g["term"] is not None:
        s = join(["Bình quân hằng năm có %s số đảng viên hoàn thành tốt nhiệm vụ trở lên" % f_figure(g),
                  (", " + f_target(g) if g["target"] and g["target"]["met"] is not None else ""), "."])
        out.append(Expect("Bình quân hằng năm có ", s, "directive.members_good_rate:" + target_case(g)))
    for iid, fig in inds.items():
        u = fig.get("units")
        if u and u["below_target"]:
            out.append(Expect("%s: còn " % fig["label"], "%s: còn %s chưa đạt chỉ tiêu." % (
                fig["label"], vn_list(u["below_target"])), "directive.units-below"))
    for iid, fig in inds.items():
        if fig["target"] is not None and fig["target"]["met"] is False:
            out.append(Expect("- %s: " % fig["label"], join(["- %s: %s, " % (fig["label"], f_figure(fig)),
                                                             f_target(fig), "."]),
                              "directive.III:" + target_case(fig)))
    return out


def latest_case(fig):
    lat = fig["latest"]
    if lat is None:
        return "no-latest"
    lt = lat["target"]
    s = fig["kind"]
    if lat["value"] is None:
        return s + ":no-value"
    if lt is not None:
        s += ":year-target-%s-%s" % (lt["direction"], {None: "null", True: "met", False: "missed"}[lt["met"]])
        if lt["met"] is False and round_half_away(lat["value"], 1) == lt["value"]:
            s += "+missed-rounds-to-target"
        if lt["margin"] is not None and lt["margin"] != 0 and round_half_away(lt["margin"], 1) == 0:
            s += "+tiny-margin"
    if lat["cumulative_attainment_pct"] is not None:
        s += ":cumulative"
        ca = lat["cumulative_attainment_pct"]
        if ca != 100 and round_half_away(ca, 1) == 100:
            s += "+att-rounds-to-100"
    if lat["change"] is not None:
        ch = lat["change"]
        x = ch["absolute"] if fig["kind"] == "rate" else ch["relative_pct"]
        if x is not None and x != 0 and round_half_away(x, 1) == 0:
            s += ":change-tiny"
    return s


def annual_report(model):
    tr = model.tree
    inds = tr["indicators"]
    org = model.ds["organization"]["name"]
    out = []
    per = tr["period"]

    def I(i):
        return inds.get(i)

    def lv(i):
        f = I(i)
        return f["latest"]["value"] if f and f["latest"] else None

    def term_of(i):
        return I(i)["term"] if I(i) else None
    bo = I("base_organizations")
    mem = I("members")
    if lv("base_organizations") is not None:
        s = "Năm %d, %s có %s tổ chức cơ sở đảng" % (bo["latest"]["year"], org, f_number(lv("base_organizations")))
        for iid, fmt in (("base_party_committees", ", gồm %s đảng bộ cơ sở"), ("base_party_cells", ", %s chi bộ cơ sở"),
                         ("subordinate_cells", ", với %s chi bộ trực thuộc đảng bộ cơ sở"),
                         ("members", "; tổng số đảng viên là %s đồng chí")):
            if lv(iid) is not None:
                s += fmt % f_number(lv(iid))
        out.append(Expect("Năm %d, %s có " % (bo["latest"]["year"], org), s + ".", "annual.I.base_organizations-latest"))
    elif bo is not None and bo["term"] is not None:
        s = "%s hiện có %s tổ chức cơ sở đảng" % (org, f_number(bo["term"]))
        if term_of("base_party_committees") is not None:
            s += ", gồm %s đảng bộ cơ sở" % f_number(term_of("base_party_committees"))
        if term_of("base_party_cells") is not None:
            s += ", %s chi bộ cơ sở" % f_number(term_of("base_party_cells"))
        if term_of("subordinate_cells") is not None:
            s += ", với %s chi bộ trực thuộc đảng bộ cơ sở" % f_number(term_of("subordinate_cells"))
        if lv("members") is not None:
            s += "; tổng số đảng viên năm %d là %s đồng chí" % (mem["latest"]["year"], f_number(lv("members")))
        out.append(Expect(org + " hiện có ", s + ".", "annual.I.base_organizations"))
    elif lv("members") is not None:
        s = "Năm %d, %s có %s đảng viên" % (mem["latest"]["year"], org, f_number(lv("members")))
        if tr["units"]:
            s += ", sinh hoạt tại %s" % vn_list(u["name"] for u in tr["units"])
        out.append(Expect("Năm %d, %s có " % (mem["latest"]["year"], org), s + ".", "annual.I.members"))
    a = I("admissions")
    if lv("admissions") is not None:
        lat = a["latest"]
        s = ["Năm %d, toàn Đảng bộ kết nạp được %s quần chúng ưu tú vào Đảng" % (lat["year"], f_number(lat["value"]))]
        if has(lat["change"]):
            s += [", ", f_change(a["kind"], lat["change"])]
        if has(lat["target"]):
            s += [", ", target_sentence(a["kind"], lat["target"], single_year=True)]
        if lat["cumulative_attainment_pct"] is not None:
            s.append("; lũy kế từ năm %d đến năm %d kết nạp được %s đảng viên, đạt %s chỉ tiêu nhiệm kỳ (%s)" % (
                lat["cumulative_from"], lat["year"], f_number(lat["cumulative"]),
                f_percent_attainment(lat["cumulative_attainment_pct"]),
                f_goal(a["kind"], a["unit"], a["target"], model.inds["admissions"].target.decimals)))
        s.append(".")
        out.append(Expect("Năm %d, toàn Đảng bộ kết nạp được " % lat["year"], join(s), "annual.admissions:" + latest_case(a)))
    g = I("members_good_rate")
    if lv("members_good_rate") is not None:
        lat = g["latest"]
        s = ["Việc kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm %d được thực hiện đúng quy định; có %s số "
             "đảng viên hoàn thành tốt nhiệm vụ trở lên" % (lat["year"], f_latest_figure(lat, g))]
        if has(lat["target"]):
            s += [", ", target_sentence(g["kind"], lat["target"], single_year=True)]
        s.append(".")
        out.append(Expect("Việc kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm ", join(s),
                          "annual.members_good_rate:" + latest_case(g)))
    c = I("clean_strong_rate")
    if lv("clean_strong_rate") is not None:
        lat = c["latest"]
        s = ["%s năm %d đạt %s" % (c["label"], lat["year"], f_latest_figure(lat, c))]
        if has(lat["target"]):
            s += [" (chỉ tiêu là %s), " % f_goal(c["kind"], c["unit"], lat["target"],
                                                model.inds["clean_strong_rate"].target.decimals),
                  target_sentence(c["kind"], lat["target"], single_year=True)]
        if has(lat["change"]):
            s += ["; ", f_change(c["kind"], lat["change"])]
        s.append(".")
        out.append(Expect("%s năm %d đạt " % (c["label"], lat["year"]), join(s), "annual.clean_strong_rate:" + latest_case(c)))
    if mem is not None and mem["latest"] is not None and has(mem["latest"]["change"]):
        lat = mem["latest"]
        s = join(["Đến cuối năm %d, Đảng bộ có %s đảng viên, " % (lat["year"], f_number(lat["value"])),
                  f_change(mem["kind"], lat["change"]), "."])
        out.append(Expect("Đến cuối năm %d, Đảng bộ có " % lat["year"], s, "annual.members-change"))
    for iid, fig in inds.items():
        out.append(Expect("- %s: " % fig["label"], annual_item(model, iid, fig, per),
                          "annual.list:" + latest_case(fig)))
    for iid, fig in inds.items():
        u = fig.get("units")
        if u and u["below_target"]:
            out.append(Expect("%s: các cơ sở chưa đạt chỉ tiêu gồm " % fig["label"],
                              "%s: các cơ sở chưa đạt chỉ tiêu gồm %s." % (fig["label"], vn_list(u["below_target"])),
                              "annual.units-below"))
    for iid, fig in inds.items():
        lat = fig["latest"]
        if lat is not None and lat["target"] is not None and lat["target"]["met"] is False:
            out.append(Expect("- %s năm %d: " % (fig["label"], lat["year"]),
                              join(["- %s năm %d: %s, " % (fig["label"], lat["year"], f_latest_figure(lat, fig)),
                                    target_sentence(fig["kind"], lat["target"], single_year=True), "."]),
                              "annual.III:" + latest_case(fig)))
    return out


def annual_item(model, iid, fig, per):
    lab = fig["label"]
    lat = fig["latest"]
    kind = fig["kind"]
    if lat is not None and lat["value"] is not None:
        s = ["- %s: năm %d " % (lab, lat["year"])]
        if kind == "count":
            s += ["đạt ", f_latest_figure(lat, fig)]
        else:
            s += ["có " if kind == "level" else "đạt ", f_latest_figure(lat, fig)]
        if has(lat["change"]):
            s += [", ", f_change(kind, lat["change"])]
        if has(lat["target"]):
            s += ["; ", target_sentence(kind, lat["target"], single_year=True)]
        if lat["cumulative_attainment_pct"] is not None:
            if isinstance(lat["cumulative_from"], type(None)):
                pass
            cf = lat["cumulative_from"]
            if not isinstance(cf, int):
                return Amb("cumulative_from of a single value in a one-year period")
            if kind == "count":
                s.append("; lũy kế từ năm %d đến năm %d là %s %s, đạt %s chỉ tiêu nhiệm kỳ" % (
                    cf, lat["year"], f_number(lat["cumulative"]), fig["unit"],
                    f_percent_attainment(lat["cumulative_attainment_pct"])))
            else:
                s.append("; so với chỉ tiêu nhiệm kỳ (%s) đạt %s" % (
                    f_goal(kind, fig["unit"], fig["target"], model.inds[iid].target.decimals),
                    f_percent_attainment(lat["cumulative_attainment_pct"])))
        s.append(".")
        return join(s)
    if lat is not None:
        s = "- %s: năm %d chưa có số liệu" % (lab, lat["year"])
        if lat["previous_year"] is not None:
            pv = lat["previous_value"]
            if kind == "rate":
                # rule 6: "(năm 2018: 95,0%)"; rule 3 (a year's value that missed its
                # yearly target never prints as the target) applied too
                d = 1
                tg = fig.get("target")
                yn = tg["years"].get(str(lat["previous_year"])) if tg and tg.get("years") else None
                if yn is not None and yn["met"] is False:
                    d = decimals_not_equal(pv, 1, tg["value"])
                pvs = vn(pv, not100(fig, pv, d)) + "%"
            else:
                # `{{it.latest | previous}}` (docs/figures.md, the report year):
                # the figure with its unit
                pvs = f_number(pv) + fig_unit(kind, fig["unit"])
            s += " (năm %d: %s)" % (lat["previous_year"], pvs)
        return s + "."
    if fig["term"] is None:
        return "- %s: chưa có số liệu." % lab
    s = ["- %s: " % lab]
    if kind == "level":
        s.append("hiện có ")
    s.append(f_figure(fig))
    if kind == "count":
        s.append(" (tổng số cả giai đoạn %d - %d, không tách riêng từng năm)" % (per["from"], per["to"]))
    if fig["target"] is not None and fig["target"]["met"] is not None:
        s += [", ", f_target(fig)]
    s.append(".")
    return join(s)


TEMPLATES = {"term-report": term_report, "annual-report": annual_report, "directive-review": directive_review}


# -------------------------------------------------------------------- PDF text

PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")


def normalise_pdf_text(raw):
    lines = []
    for page in raw.split("\f"):
        for ln in page.split("\n"):
            if PAGE_NO.match(ln):
                continue
            lines.append(ln)
    s = nfc(" ".join(lines)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s)


END = re.compile(r"\.(?=\s|$)")


def find_sentences(text, prefix):
    """Every sentence of `text` starting with `prefix` (to the first '.' that
    ends a sentence)."""
    res = []
    start = 0
    while True:
        i = text.find(prefix, start)
        if i < 0:
            return res
        ok = i == 0 or text[i - 1] in " .;:(" or prefix.startswith("- ")
        if ok:
            m = END.search(text, i + len(prefix))
            res.append(text[i:m.end()] if m else text[i:])
        start = i + 1


def check_sentences(expects, text, alt_text=None):
    """-> (compared, mismatches[list of dict], ambiguous[list of (tag, why)])

    Sentences are grouped by prefix; the expected ones must be exactly the
    ones found (as a multiset). An Amb expectation accounts for one found
    sentence without comparing it."""
    by_prefix = {}
    for e in expects:
        by_prefix.setdefault(e.prefix, []).append(e)
    mism, amb = [], []
    compared = 0
    for prefix, es in by_prefix.items():
        remaining = find_sentences(text, prefix)
        unmatched = []
        unknown = 0
        for e in es:
            if isinstance(e.text, Amb):
                amb.append((e.tag, e.text.why))
                unknown += 1
                continue
            compared += 1
            want = nfc(e.text)
            if want in remaining:
                remaining.remove(want)
            elif alt_text is not None and want in find_sentences(alt_text, prefix):
                # the other reading of the same PDF (pdftotext without -layout
                # joins lines differently) has it exactly
                if remaining:
                    remaining.remove(max(remaining, key=lambda a: common_prefix(a, want)))
            else:
                unmatched.append(e)
        # pair the unmatched expectations with the sentences left, closest first
        for e in unmatched:
            want = nfc(e.text)
            best = None
            if remaining:
                best = max(remaining, key=lambda a: common_prefix(a, want))
                remaining.remove(best)
            mism.append({"tag": e.tag, "expected": want, "actual": best if best is not None else "(no such sentence)",
                         "prefix": prefix})
        if unknown and remaining:
            # what the program printed where the docs are silent (for the report)
            for k in range(len(amb) - unknown, len(amb)):
                tag, why = amb[k][:2]
                amb[k] = (tag, why, remaining[0] if remaining else "")
        extra = len(remaining) - unknown
        for x in remaining[:max(0, extra)]:
            compared += 1
            mism.append({"tag": es[0].tag + ":unexpected", "expected": "(no such sentence)", "actual": x,
                         "prefix": prefix})
    return compared, mism, amb


def shape(tokens):
    out = []
    for t in tokens:
        if re.search(r"(^|\D)100,0+%", t) or re.fullmatch(r"0,0+\W*", t):
            out.append(t)
        else:
            out.append(re.sub(r"\d+(,\d+)?", lambda m: "9" + ("," + "9" * (len(m.group(1)) - 1) if m.group(1) else ""), t))
    return " ".join(out)


def diff_signature(expected, actual):
    """What differs between two sentences, numbers reduced to their shape:
    «thay đổi không đáng kể» → «tăng 9,999 điểm phần trăm»."""
    if actual is None or actual.startswith("(no such"):
        return "sentence missing"
    if expected.startswith("(no such"):
        return "unexpected sentence"
    e, a = expected.split(), actual.split()
    i = 0
    while i < min(len(e), len(a)) and e[i] == a[i]:
        i += 1
    j = 0
    while j < min(len(e), len(a)) - i and e[len(e) - 1 - j] == a[len(a) - 1 - j]:
        j += 1
    es, as_ = e[i:len(e) - j], a[i:len(a) - j]
    return "«%s» → «%s»" % (shape(es)[:80], shape(as_)[:80])


def common_prefix(a, b):
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# -------------------------------------------------------------------- figures --format text

def parse_text_table(txt):
    """The indicator table of `dossier figures --format text`: {label: {col: cell}}."""
    lines = [nfc(l) for l in txt.split("\n")]
    hi = next((i for i, l in enumerate(lines) if l.startswith("Chỉ tiêu") and "Nhiệm kỳ" in l), None)
    if hi is None:
        return None, None
    head = lines[hi]
    cols = []
    for m in re.finditer(r"\S+(?: \S+)*", head):
        cols.append((m.group(0), m.start(), m.end()))
    rows = {}
    i = hi + 2
    while i < len(lines) and lines[i].strip() and not lines[i].startswith("Tỷ lệ tính bằng %"):
        rows[i] = lines[i]
        i += 1
    return cols, [lines[j] for j in sorted(rows)]


def cell_right(line, end):
    """The right-aligned cell ending at column `end` (words with single spaces)."""
    if end > len(line) or end <= 0 or line[end - 1] == " ":
        return ""
    j = end - 1
    while j > 0 and not (line[j - 1] == " " and (j < 2 or line[j - 2] == " ")):
        j -= 1
    return line[j:end].strip()


def cell_left(line, start, last=False):
    if start >= len(line) or line[start] == " ":
        return ""
    if last:
        return line[start:].strip()
    m = re.compile(r"  ").search(line, start)
    return line[start:m.start() if m else len(line)].strip()
