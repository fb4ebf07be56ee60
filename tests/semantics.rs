//! End-to-end tests of the evaluation semantics in `docs/SEMANTICS.md` that
//! `tests/eval.rs` does not cover: phases whose gap crosses a phase boundary,
//! pre-birth gating, `earliest()`/`latest()` with a part missing, occurrence
//! selectors and `then every`, hour deadlines across both clock changes, a time
//! on the weekday before a meeting, the review closest to a birthday, and
//! `every term` with and without declared school terms (`terms.duly`).
//!
//! The policy is `tests/cases/semantics/semantics.duly`; each test reads its own
//! case file beside it. Every expected date was worked out by hand from a calendar,
//! and the comment above it shows the working. England and Wales bank holidays in
//! 2026: Thu 1 Jan, Fri 3 Apr (Good Friday), Mon 6 Apr (Easter Monday), Mon 4 May,
//! Mon 25 May, Mon 31 Aug, Fri 25 Dec and Mon 28 Dec.

mod common;

use common::duly;
use serde_json::Value;

const POLICY: &str = "tests/cases/semantics/semantics.duly";

/// One obligation, as the tests compare it.
#[derive(Debug, PartialEq)]
struct Row {
    anchor_at: String,
    due: String,
    status: String,
    done: String,
    late_by: String,
}

/// `(anchor at, due, status, done, late by)`; absent fields are empty.
fn row(anchor_at: &str, due: &str, status: &str, done: &str, late_by: &str) -> Row {
    Row {
        anchor_at: anchor_at.into(),
        due: due.into(),
        status: status.into(),
        done: done.into(),
        late_by: late_by.into(),
    }
}

/// Every case of `cases` (a file in `tests/cases/semantics/`) evaluated as of `as_of`.
fn eval(cases: &str, as_of: &str) -> Vec<Value> {
    eval_with(POLICY, cases, as_of)
}

/// As [`eval`], against another policy.
fn eval_with(policy: &str, cases: &str, as_of: &str) -> Vec<Value> {
    let file = format!("tests/cases/semantics/{cases}");
    let args = [
        "eval", "--policy", policy, &file, "--as-of", as_of, "--format", "json",
    ];
    let (code, out, err) = duly(&args);
    assert_eq!(code, 0, "duly eval failed: {err}");
    out.lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect()
}

/// The obligations of one rule for one case.
fn obligations<'a>(cases: &'a [Value], case: &str, rule: &str) -> Vec<&'a Value> {
    let c = cases
        .iter()
        .find(|c| c["case"] == case)
        .unwrap_or_else(|| panic!("no case {case}"));
    c["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .filter(|o| o["rule"] == rule)
        .collect()
}

fn rows(cases: &[Value], case: &str, rule: &str) -> Vec<Row> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    obligations(cases, case, rule)
        .into_iter()
        .map(|o| Row {
            anchor_at: s(&o["anchor"]["at"]),
            due: s(&o["due"]),
            status: s(&o["status"]),
            done: s(&o["done"]),
            late_by: s(&o["late_by"]),
        })
        .collect()
}

fn statuses(cases: &[Value], case: &str, rule: &str) -> Vec<String> {
    rows(cases, case, rule)
        .into_iter()
        .map(|r| r.status)
        .collect()
}

fn explanation(o: &Value) -> String {
    o["explanation"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[test]
fn a_gap_that_crosses_into_a_less_frequent_phase_takes_the_new_frequency() {
    // P.1: cp_visit every 10 working days for the first 3 months of cp_plan, then every 4 weeks.
    // The plan starts Mon 2 Mar 2026, so phase 2 begins Tue 2 Jun 2026 (2 Mar + 3 months).
    let c = eval("phases.jsonl", "2026-07-31");
    assert_eq!(
        rows(&c, "FEWER", "P.1"),
        vec![
            // 10 working days after Mon 2 Mar: 3-6, 9-13, 16 Mar; the 10th is Mon 16 Mar.
            row("2026-03-02", "2026-03-16", "met", "2026-03-13", ""),
            // 10 working days after Fri 13 Mar: 16-20, 23-27 Mar; Fri 27 Mar. The next visit is
            // Wed 13 May: late, and the next gap follows it (it is still in phase 1).
            row(
                "2026-03-13",
                "2026-03-27",
                "late",
                "2026-05-13",
                "30 working days"
            ),
            // 10 working days after Wed 13 May: 14, 15, 18-22, (25 May is a bank holiday), 26,
            // 27, 28 May; Thu 28 May, before phase 2 begins on 2 Jun, so phase 1 still applies.
            row("2026-05-13", "2026-05-28", "met", "2026-05-27", ""),
            // 10 working days after Wed 27 May would be Wed 10 Jun (28, 29 May, 1-5, 8, 9, 10
            // Jun), after phase 2 has begun, so the 4-weekly frequency applies from the same
            // visit: Wed 27 May + 28 days = Wed 24 Jun. The visit on Mon 22 Jun meets it
            // (under phase 1's frequency it would have been 8 working days late).
            row("2026-05-27", "2026-06-24", "met", "2026-06-22", ""),
            // Phase 2 from Mon 22 Jun: + 28 days = Mon 20 Jul; nothing by 31 Jul.
            row("2026-06-22", "2026-07-20", "overdue", "", ""),
        ]
    );
    let crossing = obligations(&c, "FEWER", "P.1")[3];
    let text = explanation(crossing);
    assert!(
        text.contains("Every 10 working days after Wed 27 May 2026 would be Wed 10 Jun 2026, but phase 2 begins on Tue 2 Jun 2026"),
        "{text}"
    );
    assert!(text.contains("(phase 2 of 2)"), "{text}");
}

#[test]
fn a_gap_that_crosses_into_a_more_frequent_phase_is_not_due_before_it_begins() {
    // P.2: so_visit every 6 weeks for the first 3 months of supervision_order, then every 2 weeks.
    // The order is made Mon 2 Mar 2026, so phase 2 begins Tue 2 Jun 2026.
    let c = eval("phases.jsonl", "2026-07-31");
    assert_eq!(
        rows(&c, "MORE", "P.2"),
        vec![
            // Mon 2 Mar + 42 days = Mon 13 Apr; the visit that day meets it.
            row("2026-03-02", "2026-04-13", "met", "2026-04-13", ""),
            // Mon 13 Apr + 42 days = Mon 25 May, before 2 Jun: still phase 1.
            row("2026-04-13", "2026-05-25", "met", "2026-05-11", ""),
            // Mon 11 May + 42 days = Mon 22 Jun, after phase 2 begins, so the fortnightly
            // frequency applies: Mon 11 May + 14 days = Mon 25 May. That is still inside phase
            // 1, where visits are 6-weekly, so the visit is due on the day phase 2 begins,
            // Tue 2 Jun. The visit on Thu 4 Jun is 2 days late.
            row("2026-05-11", "2026-06-02", "late", "2026-06-04", "2 days"),
            // Thu 4 Jun is in phase 2: + 14 days = Thu 18 Jun; nothing by 31 Jul.
            row("2026-06-04", "2026-06-18", "overdue", "", ""),
        ]
    );
    let text = explanation(obligations(&c, "MORE", "P.2")[2]);
    assert!(
        text.contains(
            "Phase 2 begins on Tue 2 Jun 2026, and its frequency does not apply before then"
        ),
        "{text}"
    );
}

#[test]
fn pre_birth_rules_apply_to_unborn_children_only() {
    // PB.1 referral at week 12 of pregnancy where unborn; PB.2 icpc not before week 17 of
    // pregnancy where unborn; PB.3 icpc within 15 working days of strategy_discussion where
    // s47_agreed unless unborn; PB.4 pathway_plan before 16th birthday where not unborn.
    let c = eval("prebirth.jsonl", "2026-07-31");

    // Expected date of birth Tue 15 Sep 2026. Week N of pregnancy is that date less 40
    // weeks (280 days) plus N weeks. Week 12: 15 Sep 2026 - 196 days. Counting back:
    // 15 days to 31 Aug, 31 to 31 Jul, 31 to 30 Jun, 30 to 31 May, 31 to 30 Apr, 30 to
    // 31 Mar (168 days), 28 more to Tue 3 Mar 2026. Week 17 is 35 days later, Tue 7 Apr.
    assert_eq!(
        rows(&c, "UNBORN", "PB.1"),
        vec![row("2026-03-03", "2026-03-03", "met", "2026-03-02", "")]
    );
    // An ICPC on Wed 1 Apr is before week 17 (Tue 7 Apr): early.
    assert_eq!(
        rows(&c, "UNBORN", "PB.2"),
        vec![row("2026-04-07", "", "early", "2026-04-01", "")]
    );
    // The post-birth rules: PB.3 is waived (`unless unborn`), PB.4 does not apply (and needs
    // no date of birth to say so).
    assert_eq!(statuses(&c, "UNBORN", "PB.3"), vec!["waived"]);
    assert_eq!(statuses(&c, "UNBORN", "PB.4"), vec!["not_applicable"]);

    // No referral by week 12 (Tue 3 Mar) is overdue by 31 Jul; an ICPC on the first day of
    // week 17 (Tue 7 Apr) is not early.
    assert_eq!(
        rows(&c, "UNBORN_LATER", "PB.1"),
        vec![row("2026-03-03", "2026-03-03", "overdue", "", "")]
    );
    assert_eq!(
        rows(&c, "UNBORN_LATER", "PB.2"),
        vec![row("2026-04-07", "", "met", "2026-04-07", "")]
    );

    // A child already born, with no expected date of birth recorded: the pre-birth rules
    // are not applicable (not undetermined for want of the date), the others apply.
    assert_eq!(statuses(&c, "BORN", "PB.1"), vec!["not_applicable"]);
    assert_eq!(statuses(&c, "BORN", "PB.2"), vec!["not_applicable"]);
    // 15 working days after Fri 20 Mar 2026: 23-27 Mar (5), 30, 31 Mar, 1, 2 Apr (9), then
    // 3 and 6 Apr are bank holidays, 7-10 Apr (13), 13, 14 Apr (15): Tue 14 Apr.
    assert_eq!(
        rows(&c, "BORN", "PB.3"),
        vec![row("2026-03-20", "2026-04-14", "met", "2026-04-02", "")]
    );
    // Born Tue 1 Jun 2010: the 16th birthday is Mon 1 Jun 2026, so "before" is Sun 31 May.
    assert_eq!(
        rows(&c, "BORN", "PB.4"),
        vec![row("2026-06-01", "2026-05-31", "met", "2026-05-20", "")]
    );

    // Born, with the expected date still on the record: the week-12 point can be computed
    // (10 Jan 2026 - 196 days = Sat 28 Jun 2025), but the rule does not apply.
    assert_eq!(
        rows(&c, "BORN_WITH_EDD", "PB.1"),
        vec![row("2025-06-28", "", "not_applicable", "", "")]
    );
    assert_eq!(
        statuses(&c, "BORN_WITH_EDD", "PB.2"),
        vec!["not_applicable"]
    );
    // Born Thu 8 Jan 2026: 16th birthday Wed 8 Jan 2042, due the day before.
    assert_eq!(
        rows(&c, "BORN_WITH_EDD", "PB.4"),
        vec![row("2042-01-08", "2042-01-07", "pending", "", "")]
    );

    // Whether the child is unborn is not recorded: undetermined, never silently not applicable.
    assert_eq!(statuses(&c, "UNBORN_UNKNOWN", "PB.1"), vec!["undetermined"]);
    assert_eq!(statuses(&c, "UNBORN_UNKNOWN", "PB.4"), vec!["undetermined"]);
    let why = explanation(obligations(&c, "UNBORN_UNKNOWN", "PB.1")[0]);
    assert!(why.contains("unborn"), "{why}");

    // Unborn, but no expected date of birth: the pre-birth rule applies and cannot be dated.
    assert_eq!(statuses(&c, "UNBORN_NO_EDD", "PB.1"), vec!["undetermined"]);
    let why = explanation(obligations(&c, "UNBORN_NO_EDD", "PB.1")[0]);
    assert!(why.contains("expected_date_of_birth"), "{why}");
    assert_eq!(
        statuses(&c, "UNBORN_NO_EDD", "PB.4"),
        vec!["not_applicable"]
    );
}

#[test]
fn earliest_uses_the_parts_present_and_latest_waits_for_all() {
    // E.1 initial_decision within 1 working day of earliest(contact, referral)
    // L.1 cp_visit within 5 working days of latest(icpc, cp_plan_start)
    let c = eval("anchors.jsonl", "2026-07-31");

    // Both parts present. Earliest: the contact on Thu 2 Jul; 1 working day later is Fri
    // 3 Jul; the decision on Mon 6 Jul is 1 working day late.
    let e = obligations(&c, "BOTH", "E.1");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["anchor"]["event"], "contact");
    assert_eq!(
        rows(&c, "BOTH", "E.1"),
        vec![row(
            "2026-07-02",
            "2026-07-03",
            "late",
            "2026-07-06",
            "1 working day"
        )]
    );
    assert!(explanation(e[0]).contains("whichever came first"));
    // Latest: the plan starting on Wed 8 Jul, after the ICPC on Mon 6 Jul. 5 working days
    // after Wed 8 Jul: 9, 10, 13, 14, 15 Jul; Wed 15 Jul. The visit on Tue 14 Jul meets it.
    let l = obligations(&c, "BOTH", "L.1");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["anchor"]["event"], "cp_plan_start");
    assert_eq!(
        rows(&c, "BOTH", "L.1"),
        vec![row("2026-07-08", "2026-07-15", "met", "2026-07-14", "")]
    );
    assert!(explanation(l[0]).contains("whichever came last"));

    // One part missing. Earliest counts from the part that happened: the referral on Fri
    // 3 Jul; 1 working day later is Mon 6 Jul; no decision by 31 Jul.
    assert_eq!(
        rows(&c, "ONE_MISSING", "E.1"),
        vec![row("2026-07-03", "2026-07-06", "overdue", "", "")]
    );
    // Latest is not known until every part has happened (the plan may start later), so,
    // as with any anchor that has not happened yet, nothing is due.
    assert!(obligations(&c, "ONE_MISSING", "L.1").is_empty());

    // No part present: nothing is due for either.
    assert!(obligations(&c, "NEITHER", "E.1").is_empty());
    assert!(obligations(&c, "NEITHER", "L.1").is_empty());

    // earliest()/latest() name one moment per case: a second contact (Mon 13 Jul) does not
    // start a second obligation.
    assert_eq!(
        rows(&c, "REPEATED", "E.1"),
        vec![row(
            "2026-07-02",
            "2026-07-03",
            "late",
            "2026-07-06",
            "1 working day"
        )]
    );
}

#[test]
fn occurrence_selectors_pick_the_occurrence_they_name() {
    // S.1 lac_review#1 within 20 working days of entered_care
    // S.2 lac_review#2 within 3 months of lac_review#1
    // S.3 lac_review#3+ within 6 months of lac_review#2+
    // S.4 leaving_care_introduction before lac_review#last
    // Reviews held Mon 26 Jan, Thu 23 Apr and Mon 19 Oct 2026; in REVIEWS a fourth is
    // booked for Mon 12 Apr 2027.
    let c = eval("selectors.jsonl", "2026-12-31");
    for case in ["REVIEWS", "REVIEWS_UNBOOKED"] {
        // 20 working days after Mon 5 Jan 2026: 6-9 Jan (4), 12-16 (9), 19-23 (14), 26-30
        // (19), Mon 2 Feb (20).
        assert_eq!(
            rows(&c, case, "S.1"),
            vec![row("2026-01-05", "2026-02-02", "met", "2026-01-26", "")]
        );
        // From the first review, Mon 26 Jan: + 3 months = Sun 26 Apr; the second review
        // (Thu 23 Apr) meets it.
        assert_eq!(
            rows(&c, case, "S.2"),
            vec![row("2026-01-26", "2026-04-26", "met", "2026-04-23", "")]
        );
        // One obligation per review from the second on (the booked one is not held, so it
        // anchors nothing here): Thu 23 Apr + 6 months = Fri 23 Oct, met by the third review;
        // Mon 19 Oct + 6 months = Mon 19 Apr 2027, not yet due.
        assert_eq!(
            rows(&c, case, "S.3"),
            vec![
                row("2026-04-23", "2026-10-23", "met", "2026-10-19", ""),
                row("2026-10-19", "2027-04-19", "pending", "", ""),
            ]
        );
    }
    // `#last` before a "before" form counts booked reviews: the last is the one booked for
    // Mon 12 Apr 2027, so the introduction is due by Sun 11 Apr 2027, and Tue 1 Dec 2026
    // meets it.
    assert_eq!(
        rows(&c, "REVIEWS", "S.4"),
        vec![row("2027-04-12", "2027-04-11", "met", "2026-12-01", "")]
    );
    // With nothing booked, the last review is Mon 19 Oct 2026: due Sun 18 Oct, and the
    // introduction on Tue 1 Dec is 44 days late (13 days to 31 Oct, 30 in November, 1).
    assert_eq!(
        rows(&c, "REVIEWS_UNBOOKED", "S.4"),
        vec![row(
            "2026-10-19",
            "2026-10-18",
            "late",
            "2026-12-01",
            "44 days"
        )]
    );
}

#[test]
fn then_every_follows_the_actual_last_occurrence() {
    // S.5 core_group within 10 working days of icpc, then every 6 weeks while cp_plan.
    // ICPC and plan start Mon 2 Mar 2026; core groups Thu 12 Mar and Tue 5 May; the plan
    // ends Fri 31 Jul.
    let c = eval("selectors.jsonl", "2026-12-31");
    let got = rows(&c, "THEN", "S.5");
    let due: Vec<(&str, &str, &str, &str)> = got
        .iter()
        .map(|r| {
            (
                r.due.as_str(),
                r.status.as_str(),
                r.done.as_str(),
                r.late_by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        due,
        vec![
            // 10 working days after Mon 2 Mar: 3-6, 9-13, 16 Mar; Mon 16 Mar.
            ("2026-03-16", "met", "2026-03-12", ""),
            // The recurrence starts at the meeting that met the first deadline, Thu 12 Mar
            // (not at the ICPC): + 42 days = Thu 23 Apr. The next meeting, Tue 5 May, is 12 days late.
            ("2026-04-23", "late", "2026-05-05", "1 week and 5 days"),
            // From the actual meeting, Tue 5 May: + 42 days = Tue 16 Jun. None by the time the
            // plan ends on 31 Jul: overdue, and the recurrence stops there.
            ("2026-06-16", "overdue", "", ""),
        ]
    );
    // Each obligation names what it is counted from: the first deadline the ICPC, each
    // repeat the meeting before it, the first repeat included (Thu 12 Mar, not the ICPC).
    let anchors = |case: &str| -> Vec<(String, String)> {
        obligations(&c, case, "S.5")
            .iter()
            .map(|o| {
                let s = |v: &Value| v.as_str().unwrap_or("").to_string();
                (s(&o["anchor"]["event"]), s(&o["anchor"]["at"]))
            })
            .collect()
    };
    let pair = |e: &str, at: &str| (e.to_string(), at.to_string());
    assert_eq!(
        anchors("THEN"),
        vec![
            pair("icpc", "2026-03-02"),
            pair("core_group", "2026-03-12"),
            pair("core_group", "2026-05-05"),
        ]
    );
    let first_repeat = explanation(obligations(&c, "THEN", "S.5")[1]);
    assert!(
        first_repeat.contains("Counted from the previous Core group meeting on Thu 12 Mar 2026."),
        "{first_repeat}"
    );
    assert!(
        !first_repeat.contains("Counted from the Initial Child Protection Conference"),
        "{first_repeat}"
    );
    // The anchor's time is the occurrence's own, as the case recorded it.
    assert_eq!(
        anchors("THEN_TIMED"),
        vec![
            pair("icpc", "2026-03-02T10:00"),
            pair("core_group", "2026-03-12T14:30"),
            pair("core_group", "2026-05-05T09:15"),
        ]
    );
    let first_repeat = explanation(obligations(&c, "THEN_TIMED", "S.5")[1]);
    assert!(
        first_repeat.contains("Counted from the previous Core group meeting at "),
        "{first_repeat}"
    );
}

#[test]
fn hour_deadlines_are_elapsed_time_across_both_clock_changes() {
    // H.1 initial_decision within 24 hours of contact (Europe/London).
    let c = eval("hours.jsonl", "2026-12-31");
    // Spring forward: clocks go from 01:00 GMT to 02:00 BST on Sun 29 Mar 2026. A contact at
    // 10:00 GMT (10:00Z) on Sat 28 Mar + 24 elapsed hours = 10:00Z on the 29th = 11:00 BST.
    assert_eq!(
        rows(&c, "SPRING_MET", "H.1"),
        vec![row(
            "2026-03-28T10:00",
            "2026-03-29T11:00:00+01:00",
            "met",
            "2026-03-29T10:30",
            ""
        )]
    );
    assert_eq!(
        rows(&c, "SPRING_LATE", "H.1"),
        vec![row(
            "2026-03-28T10:00",
            "2026-03-29T11:00:00+01:00",
            "late",
            "2026-03-29T11:30",
            "30 minutes"
        )]
    );
    let text = explanation(obligations(&c, "SPRING_MET", "H.1")[0]);
    assert!(text.contains("clocks went forward"), "{text}");
    // Fall back: clocks go from 02:00 BST to 01:00 GMT on Sun 25 Oct 2026. A contact at 10:00
    // BST (09:00Z) on Sat 24 Oct + 24 elapsed hours = 09:00Z on the 25th = 09:00 GMT.
    assert_eq!(
        rows(&c, "AUTUMN_MET", "H.1"),
        vec![row(
            "2026-10-24T10:00",
            "2026-10-25T09:00:00+00:00",
            "met",
            "2026-10-25T08:45",
            ""
        )]
    );
    assert_eq!(
        rows(&c, "AUTUMN_LATE", "H.1"),
        vec![row(
            "2026-10-24T10:00",
            "2026-10-25T09:00:00+00:00",
            "late",
            "2026-10-25T09:30",
            "30 minutes"
        )]
    );
    let text = explanation(obligations(&c, "AUTUMN_MET", "H.1")[0]);
    assert!(text.contains("clocks went back"), "{text}");
    // A contact recorded only by date is taken as 23:59:59 GMT on Sat 28 Mar; + 24 hours is
    // 23:59:59Z on the 29th, which is 00:59:59 BST on Mon 30 Mar. A decision recorded only
    // by date on that day gets the benefit of the doubt.
    assert_eq!(
        rows(&c, "DATE_ONLY", "H.1"),
        vec![row(
            "2026-03-28",
            "2026-03-30T00:59:59+01:00",
            "met",
            "2026-03-30",
            ""
        )]
    );
}

#[test]
fn a_time_on_the_weekday_before_a_meeting() {
    // W.1 lpm_referral by 4pm on the Thursday before legal_planning_meeting: 16:00 on the last
    // Thursday strictly before the meeting's date. W.2: 16:00 on the day before it.
    let c = eval("weekday.jsonl", "2026-04-27");
    // A meeting on Tue 10 Mar 2026: the Thursday before is 5 Mar, five days earlier (GMT).
    assert_eq!(
        rows(&c, "TUESDAY", "W.1"),
        vec![row(
            "2026-03-10T14:00",
            "2026-03-05T16:00:00+00:00",
            "met",
            "2026-03-05T15:59",
            ""
        )]
    );
    let text = explanation(obligations(&c, "TUESDAY", "W.1")[0]);
    assert!(
        text.contains("By 16:00 on the Thursday before the Legal Planning Meeting at 14:00 on Tue 10 Mar 2026: Thu 5 Mar 2026 at 16:00."),
        "{text}"
    );
    // The same meeting, W.2: 16:00 on Mon 9 Mar.
    assert_eq!(
        rows(&c, "TUESDAY", "W.2"),
        vec![row(
            "2026-03-10T14:00",
            "2026-03-09T16:00:00+00:00",
            "met",
            "2026-03-05T15:59",
            ""
        )]
    );
    // Half an hour after 16:00 on the Thursday: late, measured in minutes.
    assert_eq!(
        rows(&c, "LATE_30", "W.1"),
        vec![row(
            "2026-03-10T14:00",
            "2026-03-05T16:00:00+00:00",
            "late",
            "2026-03-05T16:30",
            "30 minutes"
        )]
    );
    // On the Monday before the meeting: late by the days from Thu 5 to Mon 9 Mar.
    assert_eq!(
        rows(&c, "DAYS_LATE", "W.1"),
        vec![row(
            "2026-03-10T14:00",
            "2026-03-05T16:00:00+00:00",
            "late",
            "2026-03-09T10:00",
            "4 days"
        )]
    );
    // A meeting on Mon 9 Mar: the Thursday before is 5 Mar, four days earlier. A referral
    // recorded by date only, on the Thursday, gets the benefit of the doubt.
    assert_eq!(
        rows(&c, "MONDAY", "W.1"),
        vec![row(
            "2026-03-09",
            "2026-03-05T16:00:00+00:00",
            "met",
            "2026-03-05",
            ""
        )]
    );
    // A meeting on Tue 6 Jan 2026: the Thursday before is New Year's Day, a bank holiday.
    // The day is a calendar day, so the holiday does not move it; Fri 2 Jan is a day late.
    assert_eq!(
        rows(&c, "NEW_YEAR", "W.1"),
        vec![row(
            "2026-01-06T14:00",
            "2026-01-01T16:00:00+00:00",
            "late",
            "2026-01-02T09:00",
            "1 day"
        )]
    );
    // Each meeting has its own referral: the one after the previous meeting.
    assert_eq!(
        rows(&c, "TWO_MEETINGS", "W.1"),
        vec![
            row(
                "2026-03-03T14:00",
                "2026-02-26T16:00:00+00:00",
                "met",
                "2026-02-26T15:00",
                ""
            ),
            row(
                "2026-03-10T14:00",
                "2026-03-05T16:00:00+00:00",
                "late",
                "2026-03-05T17:00",
                "1 hour"
            ),
        ]
    );
    // A booked meeting on Tue 5 May 2026 (British Summer Time): due Thu 30 Apr at 16:00 BST,
    // pending on Mon 27 Apr and overdue from Fri 1 May.
    assert_eq!(
        rows(&c, "BOOKED_BST", "W.1"),
        vec![row(
            "2026-05-05T14:00",
            "2026-04-30T16:00:00+01:00",
            "pending",
            "",
            ""
        )]
    );
    let c = eval("weekday.jsonl", "2026-05-01");
    assert_eq!(statuses(&c, "BOOKED_BST", "W.1"), vec!["overdue"]);
}

#[test]
fn the_review_closest_to_the_17th_birthday() {
    // C.1 transition_checklist_confirmed at the lac_review closest to 17th birthday while
    // looked_after. Every child is born Wed 3 Jun 2009, so the 17th birthday is Wed 3 Jun 2026.
    let c = eval("closest.jsonl", "2026-06-20");
    // Reviews Fri 27 Feb (96 days before) and Thu 28 May (6 days before), none after: the
    // 28 May review is the closest once as_of is 6 days past the birthday (Tue 9 Jun).
    assert_eq!(
        rows(&c, "BEFORE", "C.1"),
        vec![row("2026-05-28", "2026-05-28", "met", "2026-05-28", "")]
    );
    let text = explanation(obligations(&c, "BEFORE", "C.1")[0]);
    assert!(
        text.contains("The Looked After Review closest to the 17th birthday (Wed 3 Jun 2026) is the one on Thu 28 May 2026, 6 days before it."),
        "{text}"
    );
    // Reviews Mon 15 Dec 2025 (170 days before) and Fri 5 Jun 2026 (2 days after): the
    // 5 Jun review; confirmed on Mon 8 Jun, 3 days late.
    assert_eq!(
        rows(&c, "AFTER", "C.1"),
        vec![row(
            "2026-06-05",
            "2026-06-05",
            "late",
            "2026-06-08",
            "3 days"
        )]
    );
    // Wed 27 May and Wed 10 Jun are both 7 days away: the earlier is taken, and the
    // confirmation at the later review is 14 days late.
    assert_eq!(
        rows(&c, "TIE", "C.1"),
        vec![row(
            "2026-05-27",
            "2026-05-27",
            "late",
            "2026-06-10",
            "14 days"
        )]
    );
    let text = explanation(obligations(&c, "TIE", "C.1")[0]);
    assert!(
        text.contains("(the one on Wed 10 Jun 2026 is as far after it; the earlier is taken)"),
        "{text}"
    );
    // No review recorded or booked: pending, with no date, even after the birthday.
    assert_eq!(
        rows(&c, "NONE", "C.1"),
        vec![row("2026-06-03", "", "pending", "", "")]
    );
    // A confirmation before the previous review (Mon 1 Dec 2025) was for that review, so
    // the 28 May review has none: overdue.
    assert_eq!(
        rows(&c, "EARLIER_TASK", "C.1"),
        vec![row("2026-05-28", "2026-05-28", "overdue", "", "")]
    );
    // Not looked after on the birthday (left care Sat 10 Jan 2026): not applicable.
    assert_eq!(statuses(&c, "LEFT_CARE", "C.1"), vec!["not_applicable"]);
    // Without a date of birth there is no birthday to measure from.
    assert_eq!(statuses(&c, "NO_DOB", "C.1"), vec!["undetermined"]);

    // Before the birthday, with no review on or after it, the closest is not known yet.
    let c = eval("closest.jsonl", "2026-06-01");
    assert_eq!(
        rows(&c, "BEFORE", "C.1"),
        vec![row("2026-06-03", "", "pending", "", "")]
    );
    // A review booked for Fri 12 Jun (9 days after) is nearer than Thu 15 Jan (139 days
    // before): bookings count, so it is due at the booked review.
    assert_eq!(
        rows(&c, "BOOKED", "C.1"),
        vec![row("2026-06-12", "2026-06-12", "pending", "", "")]
    );
    // After the birthday, but on Mon 8 Jun a review held that day (5 days after) would still
    // be nearer than 28 May (6 days before): not known until Tue 9 Jun.
    let c = eval("closest.jsonl", "2026-06-08");
    assert_eq!(
        rows(&c, "BEFORE", "C.1"),
        vec![row("2026-06-03", "", "pending", "", "")]
    );
    let text = explanation(obligations(&c, "BEFORE", "C.1")[0]);
    assert!(
        text.contains("the latest, on Thu 28 May 2026, is 6 days before it, and one held before Tue 9 Jun 2026 would be closer"),
        "{text}"
    );
    let c = eval("closest.jsonl", "2026-06-09");
    assert_eq!(statuses(&c, "BEFORE", "C.1"), vec!["met"]);
}

// ── `every term` (tests/cases/semantics/terms.duly) ─────────────────────────
//
// Declared terms (terms-calendar.duly): Autumn 2025 Wed 3 Sep – Fri 19 Dec 2025,
// Spring 2026 Mon 5 Jan – Fri 27 Mar 2026, Summer 2026 Mon 13 Apr – Wed 22 Jul 2026.

const TERMS: &str = "tests/cases/semantics/terms.duly";
const NO_TERMS: &str = "tests/cases/semantics/terms-undeclared.duly";

#[test]
fn every_term_is_due_by_each_declared_terms_last_day() {
    let cases = eval_with(TERMS, "terms.jsonl", "2026-05-01");
    // Looked after from Sun 1 Jun 2025, before any declared term. Autumn: the PEP
    // on Fri 10 Oct 2025 is inside it. Spring: none by Fri 27 Mar 2026, which has
    // passed by 1 May 2026. Summer began Mon 13 Apr and runs to Wed 22 Jul: pending.
    assert_eq!(
        rows(&cases, "THREE_TERMS", "PEP"),
        vec![
            row("2025-06-01", "2025-12-19", "met", "2025-10-10", ""),
            row("2025-06-01", "2026-03-27", "overdue", "", ""),
            row("2025-06-01", "2026-07-22", "pending", "", ""),
        ]
    );
    let obs = obligations(&cases, "THREE_TERMS", "PEP");
    assert!(explanation(obs[0]).contains(
        "Term: Autumn 2025 (Wed 3 Sep 2025 to Fri 19 Dec 2025); the Personal Education Plan meeting is due within it, by Fri 19 Dec 2025."
    ));
    // Still looked after when the last declared term ends: the last obligation says so.
    assert!(explanation(obs[2]).contains("No term dates are declared after Wed 22 Jul 2026"));
    assert!(!explanation(obs[1]).contains("No term dates are declared"));
}

#[test]
fn a_term_that_has_not_begun_owes_nothing_yet() {
    // As of Wed 1 Apr 2026 the Summer term (from Mon 13 Apr) has not begun.
    let cases = eval_with(TERMS, "terms.jsonl", "2026-04-01");
    assert_eq!(
        statuses(&cases, "THREE_TERMS", "PEP"),
        vec!["met", "overdue"]
    );
}

#[test]
fn entering_care_mid_term_opens_the_window_on_the_day_of_entry() {
    let cases = eval_with(TERMS, "terms.jsonl", "2026-05-01");
    // Enters care Mon 3 Nov 2025: the PEP of Mon 20 Oct 2025 came before the
    // window (3 Nov – 19 Dec) and does not count, so Autumn is overdue; Tue 20 Jan
    // 2026 meets Spring; Summer is current.
    assert_eq!(
        rows(&cases, "ENTERS_MID_TERM", "PEP"),
        vec![
            row("2025-11-03", "2025-12-19", "overdue", "", ""),
            row("2025-11-03", "2026-03-27", "met", "2026-01-20", ""),
            row("2025-11-03", "2026-07-22", "pending", "", ""),
        ]
    );
    let obs = obligations(&cases, "ENTERS_MID_TERM", "PEP");
    assert!(explanation(obs[0]).contains("The rule applies from Mon 3 Nov 2025 to Fri 19 Dec 2025"));
}

#[test]
fn leaving_care_mid_term_closes_the_window_on_the_day_of_leaving() {
    let cases = eval_with(TERMS, "terms.jsonl", "2026-05-01");
    // Leaves care Fri 13 Feb 2026: Spring's window is Mon 5 Jan – Fri 13 Feb, and
    // the PEP of Mon 2 Mar 2026 came after it, so Spring is overdue (due 13 Feb).
    // No Summer obligation: the child was not looked after in it.
    assert_eq!(
        rows(&cases, "LEAVES_MID_TERM", "PEP"),
        vec![
            row("2025-06-01", "2025-12-19", "met", "2025-09-10", ""),
            row("2025-06-01", "2026-02-13", "overdue", "", ""),
        ]
    );
    let obs = obligations(&cases, "LEAVES_MID_TERM", "PEP");
    assert!(explanation(obs[1]).contains("The rule applies from Mon 5 Jan 2026 to Fri 13 Feb 2026"));
    assert!(!explanation(obs[1]).contains("No term dates are declared"));
}

#[test]
fn without_declared_terms_every_term_stays_in_words() {
    let cases = eval_with(NO_TERMS, "terms.jsonl", "2026-05-01");
    // One obligation per time in care, no date: met once any PEP is recorded in it.
    assert_eq!(
        rows(&cases, "THREE_TERMS", "PEP"),
        vec![row("2025-06-01", "", "met", "2025-10-10", "")]
    );
    assert_eq!(
        rows(&cases, "NO_PEP", "PEP"),
        vec![row("2025-06-01", "", "pending", "", "")]
    );
    let obs = obligations(&cases, "NO_PEP", "PEP");
    let why = explanation(obs[0]);
    assert!(why.contains("The standard says “every term”, which duly cannot turn into a date"));
    assert!(why.contains("Declare the school terms with `term …` in the policy to compute a date."));
}
