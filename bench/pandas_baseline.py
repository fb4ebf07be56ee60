#!/usr/bin/env python3
"""The ten rules of bench/ten-rules.duly, vectorised with pandas and numpy.

A baseline for `duly eval --summary` (docs/benchmarks.md): it reads the same
events.csv + children.csv that bench/gen_caseload.rs writes, applies the same
semantics (docs/SEMANTICS.md, LANGUAGE.md section 3) and prints the same
per-rule summary as

    duly eval --policy bench/ten-rules.duly EVENTS --children CHILDREN \
        --as-of 2026-11-22 --summary --format csv

Usage:
    python3 bench/pandas_baseline.py target/bench/100000/events.csv \
        --children target/bench/100000/children.csv --as-of 2026-11-22
    [--engine c|pyarrow] [--timings] [--obligations FILE]

The rules are written out by hand (a baseline is what an analyst would write,
not a second compiler). Each is evaluated over whole columns: occurrences are
sorted by (case, date) and "the first task at or after the anchor" is a
`searchsorted` on a combined (case, time) key, which is `pd.merge_asof(...,
by="case", direction="forward")` without its overhead. The two recurrences
(rules 5 and 6) follow the *actual* previous occurrence; they are vectorised
by laying out one row per gap (the previous occurrence, the next one, the
period's end), which is exact because the next due date only grows along a
chain, so "stop at the first gap the period closes on or before" is a filter.

Assumptions, checked at run time (the script stops if the input breaks them):
referrals and decisions carry a time of day (rule 1 compares instants), and no
working-day computation leaves the years the bank-holiday file covers. The CSV
input has no `status` column, so no event is "scheduled".
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
CALENDAR = os.path.join(HERE, "..", "policies", "calendars", "bank-holidays.json")
TZ = "Europe/London"

# Standard reference and the task's label, in policy order (bench/ten-rules.duly).
RULES = [
    ("1", "Initial decision"),
    ("2", "Strategy Discussion"),
    ("3", "Initial Child Protection Conference"),
    ("4", "Child Protection Plan starts"),
    ("5", "Visit"),
    ("6", "Core Group"),
    ("7", "Review Child Protection Conference"),
    ("8", "Looked After Review"),
    ("9", "Looked After Review"),
    ("10", "Looked After Review"),
]
MET, LATE, OVERDUE, PENDING, NA = 0, 1, 2, 3, 4
STATUS_NAMES = np.array(["met", "late", "overdue", "pending", "not_applicable"])
EPOCH2000 = 946684800  # 2000-01-01T00:00Z in Unix seconds: rule 1 counts seconds from it
SHIFT = 20  # case code << SHIFT | day number: one sortable int64 key per (case, day)


class Calendar:
    """England-and-Wales working days from gov.uk's bank-holidays.json."""

    def __init__(self, path):
        with open(path) as f:
            events = json.load(f)["england-and-wales"]["events"]
        hols = np.array([e["date"] for e in events], dtype="datetime64[D]")
        years = hols.astype("datetime64[Y]").astype(int) + 1970
        self.first, self.last = int(years.min()), int(years.max())
        self.cal = np.busdaycalendar(weekmask="1111100", holidays=hols)

    def add(self, days, n):
        """The end of the n-th working day strictly after each date (the date itself is day 0).

        roll="backward" first moves a non-working anchor to the previous working day, from
        which the n-th working day is the same as from the anchor itself."""
        due = np.busday_offset(days, n, roll="backward", busdaycal=self.cal)
        self.check(days, due)
        return due

    def check(self, *arrays):
        for a in arrays:
            if len(a) == 0:
                continue
            years = a.astype("datetime64[Y]").astype(int) + 1970
            if years.min() < self.first or years.max() > self.last:
                sys.exit(
                    f"the bank-holiday calendar covers {self.first} to {self.last}, "
                    f"but a working-day computation reaches {years.min()}..{years.max()}"
                )


def add_months(days, n):
    """Same day-of-month n months later; the month's last day when that day does not exist."""
    month = days.astype("datetime64[M]")
    offset = days - month.astype("datetime64[D]")
    target = (month + n).astype("datetime64[D]")
    last = (month + n + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(target + offset, last)


def birthday(dob, n):
    """The n-th birthday: 29 February falls on 1 March in a common year (no clamping)."""
    month = dob.astype("datetime64[M]")
    return (month + 12 * n).astype("datetime64[D]") + (dob - month.astype("datetime64[D]"))


class Occ:
    """The occurrences of one event: case codes and day numbers, sorted by (case, day)."""

    def __init__(self, case, day, extra=None):
        order = np.lexsort((day, case))
        self.case = case[order]
        self.day = day[order]
        self.extra = None if extra is None else {k: v[order] for k, v in extra.items()}
        self.key = (self.case.astype(np.int64) << SHIFT) | self.day.astype(np.int64)

    def __len__(self):
        return len(self.case)

    def first_from(self, case, day, strict=False):
        """Index of the first occurrence on or after (strictly after) `day` in the same case, or -1."""
        key = (case.astype(np.int64) << SHIFT) | day.astype(np.int64)
        i = np.searchsorted(self.key, key, side="right" if strict else "left")
        ok = i < len(self.key)
        ok[ok] = self.case[i[ok]] == case[ok]
        return np.where(ok, i, -1)

    def nth(self, n, ncases):
        """Index of each case's n-th occurrence (1-based), or -1."""
        starts = np.searchsorted(self.case, np.arange(ncases), side="left")
        counts = np.bincount(self.case, minlength=ncases)
        return np.where(counts >= n, starts + n - 1, -1)


def settle(due, done, as_of):
    """Status of date obligations: met/late when done (a day number, NaT when none), else overdue/pending."""
    has = ~np.isnat(done)
    return np.where(
        has,
        np.where(done <= due, MET, LATE),
        np.where(due < as_of, OVERDUE, PENDING),
    )


def pick(occ, idx):
    """The days of occurrences `idx` (NaT where idx is -1)."""
    out = np.full(len(idx), np.datetime64("NaT"), dtype="datetime64[D]")
    ok = idx >= 0
    out[ok] = occ.day[idx[ok]]
    return out


def chain(inst_case, prev0, lo, hi, occ, end, every, as_of):
    """One row per gap of a recurrence that follows the actual previous occurrence.

    For instance k the chain starts at prev0[k]; the task occurrences that can meet it
    are occ[lo[k]:hi[k]] (those after the start and not after the period's end, one per
    day). Gap j runs from the j-th of them (or prev0) to the next; it is due `every` after
    its start and emitted only while the period is still open on that due date."""
    m = np.maximum(hi - lo, 0)
    rows = m + 1
    inst = np.repeat(np.arange(len(prev0)), rows)
    j = np.arange(rows.sum()) - np.repeat(np.cumsum(rows) - rows, rows)
    lo_r, m_r = lo[inst], m[inst]
    prev = np.where(j == 0, prev0[inst], occ.day[np.clip(lo_r + j - 1, 0, len(occ) - 1)])
    has_next = j < m_r
    nxt = np.where(has_next, occ.day[np.clip(lo_r + j, 0, len(occ) - 1)], np.datetime64("NaT"))
    due = every(prev)
    end_r = end[inst]
    emit = np.isnat(end_r) | (end_r > due)
    return Result(inst_case[inst][emit], due[emit], nxt[emit], as_of)


class Result:
    """One rule's obligations: case codes, due days, done days (NaT when none) and statuses."""

    def __init__(self, case, due, done, as_of=None, status=None):
        self.case, self.due, self.done = case, due, done
        self.status = settle(due, done, as_of) if status is None else status

    @staticmethod
    def concat(parts):
        return Result(*(np.concatenate([getattr(r, f) for r in parts]) for f in ("case", "due", "done")),
                      status=np.concatenate([r.status for r in parts]))


def dedup(occ):
    """Keeps one occurrence per (case, day): "strictly after the previous one" skips same-day repeats."""
    keep = np.ones(len(occ), dtype=bool)
    keep[1:] = occ.key[1:] != occ.key[:-1]
    return Occ(occ.case[keep], occ.day[keep])


def period_ends(starts, ends):
    """For each opening, the day of the first close on or after it (NaT while open)."""
    return pick(ends, ends.first_from(starts.case, starts.day))


def utc_to_local(secs):
    """Seconds since 2000 (UTC) -> naive local wall-clock datetime64 in the policy's timezone."""
    t = pd.to_datetime(secs + EPOCH2000, unit="s", utc=True)
    return t.tz_convert(TZ).tz_localize(None).to_numpy()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("events")
    ap.add_argument("--children", required=True)
    ap.add_argument("--as-of", default="2026-11-22")
    ap.add_argument("--engine", choices=["c", "pyarrow"], default="c", help="pandas CSV parser")
    ap.add_argument("--timings", action="store_true", help="phase timings on stderr")
    ap.add_argument(
        "--obligations", metavar="FILE", help="also write every obligation (case,rule,due,status,done) to FILE"
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    marks = []

    def mark(name):
        marks.append((name, time.perf_counter()))

    as_of = np.datetime64(args.as_of, "D")
    cal = Calendar(CALENDAR)

    # ---- read ------------------------------------------------------------------------------
    ev = pd.read_csv(
        args.events,
        engine=args.engine,
        dtype={"case": "category", "event": "category", "at": "str", "s47_agreed": "str"},
    )
    ch = pd.read_csv(args.children, engine=args.engine, dtype={"case": "str", "date_of_birth": "str"})
    mark("read")
    cases = ev["case"].cat.categories.union(pd.Index(ch["case"]))
    ncases = len(cases)
    case = cases.get_indexer(ev["case"].cat.categories)[ev["case"].cat.codes.to_numpy()].astype(np.int64)
    at = pd.to_datetime(ev["at"], format="ISO8601")  # local wall-clock time (or midnight)
    day = at.to_numpy().astype("datetime64[D]")
    kind = ev["event"].cat.codes.to_numpy()
    names = list(ev["event"].cat.categories)
    mark("parse")

    def occ(name, extra=None):
        if name not in names:
            return Occ(np.zeros(0, np.int64), np.zeros(0, "datetime64[D]"))
        sel = kind == names.index(name)
        return Occ(case[sel], day[sel], None if extra is None else {k: v(sel) for k, v in extra.items()})

    def instants(sel):
        """Naive local times -> UTC; ambiguous times take the earlier (BST) instant,
        times in the spring-forward gap move forward an hour (as chrono's `earliest`)."""
        if not (ev["at"][sel].str.len() > 10).all():
            sys.exit("rule 1 expects every referral and decision to carry a time of day")
        local = at[sel].dt.tz_localize(TZ, ambiguous=np.ones(int(sel.sum()), bool), nonexistent="shift_forward")
        # Seconds since 2000-01-01 UTC: fits in 40 bits next to the case code.
        secs = local.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[s]")
        return (secs - np.datetime64("2000-01-01T00:00:00", "s")).astype(np.int64)

    referral = occ("referral", {"utc": lambda s: instants(s)})
    decision = occ("decision", {"utc": lambda s: instants(s), "written": lambda s: ev["at"].to_numpy()[s]})
    sd = occ("strategy_discussion", {"s47": lambda s: ev["s47_agreed"].to_numpy()[s]})
    icpc = occ("icpc")
    plan_start, plan_end = occ("cp_plan_start"), occ("cp_plan_end")
    visit, core_group, rcpc = occ("cp_visit"), occ("core_group"), occ("rcpc")
    entered, left = occ("entered_care"), occ("left_care")
    review = occ("lac_review")
    dob = np.full(ncases, np.datetime64("NaT"), dtype="datetime64[D]")
    known = ch["date_of_birth"].notna().to_numpy()
    dob[cases.get_indexer(ch["case"])[known]] = pd.to_datetime(
        ch["date_of_birth"][known], format="%Y-%m-%d"
    ).to_numpy().astype("datetime64[D]")
    mark("split")

    res = {}

    # 1. decision usually within 2 hours but always within 24 hours of referral.
    #    Elapsed time between instants; the 2-hour target never changes the status.
    #    "At or after" compares instants: search a (case, UTC second) key, as for days.
    ref_t, dec_t = referral.extra["utc"], decision.extra["utc"]
    due = ref_t + 24 * 3600
    dec_key = (decision.case << 40) | dec_t
    order = np.argsort(dec_key, kind="stable")
    dec_key, dec_sorted = dec_key[order], dec_t[order]
    i = np.searchsorted(dec_key, (referral.case << 40) | ref_t, side="left")
    i[i >= len(dec_key)] = -1
    ok = i >= 0
    ok[ok] = (dec_key[i[ok]] >> 40) == referral.case[ok]
    i = np.where(ok, i, -1)
    done = np.where(ok, dec_sorted[np.maximum(i, 0)], 0)
    due_day = utc_to_local(due).astype("datetime64[D]")
    status = np.where(ok, np.where(done <= due, MET, LATE), np.where(due_day < as_of, OVERDUE, PENDING))
    res[0] = Result(referral.case, due, np.where(ok, done, -1), status=status)
    res[0].written = np.where(ok, decision.extra["written"][order[np.maximum(i, 0)]], "")

    # 2. strategy_discussion within 5 working days of referral (the referral's local date is day 0).
    due = cal.add(referral.day, 5)
    res[1] = Result(referral.case, due, pick(sd, sd.first_from(referral.case, referral.day)), as_of)

    # 3. icpc within 15 working days of strategy_discussion where s47_agreed.
    s47 = sd.extra["s47"]
    if pd.isna(s47).any():
        print("note: strategy discussions without s47_agreed are undetermined (not counted)", file=sys.stderr)
    applies = s47 == "true"
    due = cal.add(sd.day[applies], 15)
    res[2] = Result(sd.case[applies], due, pick(icpc, icpc.first_from(sd.case[applies], sd.day[applies])), as_of)

    # 4. cp_plan_start within 1 day of icpc (calendar days).
    due = icpc.day + np.timedelta64(1, "D")
    res[3] = Result(icpc.case, due, pick(plan_start, plan_start.first_from(icpc.case, icpc.day)), as_of)

    # 5. cp_visit every 10 working days while cp_plan: the first visit on or after the plan's
    #    start, then each visit after the previous one, up to the plan's end (inclusive).
    visits = dedup(visit)
    end = period_ends(plan_start, plan_end)
    lo = visits.first_from(plan_start.case, plan_start.day)
    lo = np.where(lo >= 0, lo, len(visits))
    stop_key = (plan_start.case << SHIFT) | np.where(np.isnat(end), (1 << SHIFT) - 1, end.astype(np.int64))
    hi = np.searchsorted(visits.key, stop_key, side="right")
    res[4] = chain(plan_start.case, plan_start.day, lo, hi, visits, end, lambda d: cal.add(d, 10), as_of)

    # 6. core_group within 10 working days of icpc, then every 6 weeks while cp_plan.
    groups = dedup(core_group)
    first = groups.first_from(icpc.case, icpc.day)
    first_res = Result(icpc.case, cal.add(icpc.day, 10), pick(groups, first), as_of)
    # The recurrence starts at the core group that answered the first deadline and runs
    # until the first plan end on or after the conference.
    has = first >= 0
    end = pick(plan_end, plan_end.first_from(icpc.case[has], icpc.day[has]))
    lo = first[has] + 1
    stop_key = (icpc.case[has] << SHIFT) | np.where(np.isnat(end), (1 << SHIFT) - 1, end.astype(np.int64))
    hi = np.searchsorted(groups.key, stop_key, side="right")
    then = chain(icpc.case[has], groups.day[first[has]], lo, hi, groups, end,
                 lambda d: d + np.timedelta64(42, "D"), as_of)
    res[5] = Result.concat([first_res, then])

    # 7. rcpc within 3 months of icpc (end-of-month clamping).
    res[6] = Result(icpc.case, add_months(icpc.day, 3), pick(rcpc, rcpc.first_from(icpc.case, icpc.day)), as_of)

    # 8. lac_review#1 within 20 working days of entered_care: only the first review counts.
    first_review = review.nth(1, ncases)
    r1 = pick(review, first_review[entered.case])
    done = np.where(r1 >= entered.day, r1, np.datetime64("NaT"))
    res[7] = Result(entered.case, cal.add(entered.day, 20), done, as_of)

    # 9. lac_review#2 within 3 months of lac_review#1 (strictly after it: same event).
    has1 = np.flatnonzero(first_review >= 0)
    a = review.day[first_review[has1]]
    r2 = pick(review, review.nth(2, ncases)[has1])
    done = np.where(r2 > a, r2, np.datetime64("NaT"))
    res[8] = Result(has1, add_months(a, 3), done, as_of)

    # 10. lac_review before 18th birthday while looked_after: applies when the child is
    #     looked after on the birthday; due by the end of the day before it. Any review
    #     on or before that day meets it, so the first review decides met or late.
    bday = birthday(dob, 18)
    care_end = period_ends(entered, left)
    b = bday[entered.case]
    open_on = (entered.day <= b) & (np.isnat(care_end) | (care_end >= b))
    looked_after = np.bincount(entered.case[open_on], minlength=ncases) > 0
    cs = np.flatnonzero(looked_after & ~np.isnat(bday))  # no date of birth: undetermined
    res[9] = Result(cs, bday[cs] - np.timedelta64(1, "D"), pick(review, review.nth(1, ncases)[cs]), as_of)
    mark("rules")

    print("rule,task,applicable,met,late,overdue,pending,on_time_percent")
    for k, (ref, task) in enumerate(RULES):
        n = np.bincount(res[k].status, minlength=5)
        met, late, overdue, pending = (int(x) for x in n[:4])
        decided = met + late + overdue
        pct = f"{100.0 * met / decided:.1f}" if decided else ""
        print(f"{ref},{task},{met + late + overdue + pending},{met},{late},{overdue},{pending},{pct}")
    sys.stdout.flush()

    if args.obligations:
        # case,rule,due,status,done: the columns of `duly eval --format csv` that say what was
        # decided (rule 1's due as local time with offset, its done as the case wrote it).
        frames = []
        for k, r in res.items():
            if k == 0:
                local = pd.Series(pd.to_datetime(r.due + EPOCH2000, unit="s", utc=True)).dt.tz_convert(TZ)
                z = local.dt.strftime("%z")
                due = local.dt.strftime("%Y-%m-%dT%H:%M:%S") + z.str[:3] + ":" + z.str[3:]
                done = pd.Series(r.written)
            else:
                due = pd.Series(r.due.astype(str))
                done = pd.Series(np.where(np.isnat(r.done), "", r.done.astype(str)))
            frames.append(pd.DataFrame({
                "case": cases[r.case].to_numpy(), "rule": RULES[k][0], "due": due.to_numpy(),
                "status": STATUS_NAMES[r.status], "done": done.to_numpy(),
            }))
        pd.concat(frames).to_csv(args.obligations, index=False)
    mark("write")
    if args.timings:
        prev = t0
        for name, t in marks:
            print(f"{name:6} {t - prev:6.3f} s", file=sys.stderr)
            prev = t
        print(f"total  {time.perf_counter() - t0:6.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
