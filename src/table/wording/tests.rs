//! One test per rule form: each compiles a real rule and checks the sentence it becomes.

use super::{age, task, timescale};
use duly_compiler::check::{check_str, MemoryLoader};
use duly_runtime::duration::Counting;
use duly_runtime::ir::{
    Anchor, DateBound, NextKind, Occurrence, Policy, Scope, Selection, Timing, Unnumbered,
};

const PRELUDE: &str = r#"
policy "Wording" version "1"
  calendar england_and_wales
child { date_of_birth: date  expected_date_of_birth: date  unborn: bool  neglect_concerns: bool  placement_type: text }
event contact "contact"
event strategy_discussion "Strategy Discussion" { s47_agreed: bool }
event screening "MASH screening" { rag: red | amber | green }
event icpc "ICPC"
event conference "conference"
event report "Report to the conference shared with the family"
event core_group "Core Group meeting"
event cp_plan_start "Child Protection Plan starts"
event cp_plan_end "Child Protection Plan ends"
event cp_visit "Visit to a child on a Child Protection Plan"
event entered_care "Child enters care"
event left_care "Child leaves care"
event lac_review "Looked After Review"
event pathway_plan "Pathway Plan"
event so_start "Supervision Order made"
event so_end "Supervision Order ends"
event fh_start "Family Help Plan starts"
event fh_end "Family Help Plan ends"
event missing_start "Missing episode starts"
event missing_end "Missing episode ends"
event discharge "The child's discharge from hospital"
event budget "Budget set"
event assessment_commences "Care package assessment commences"
period cp_plan "Child Protection Plan" from cp_plan_start to cp_plan_end
period looked_after "Looked after" from entered_care to left_care
period supervision_order "Supervision Order" from so_start to so_end
period fh_plan "Family Help Plan" from fh_start to fh_end
period missing "Missing episode" from missing_start to missing_end
standard T "Test"
"#;

fn compile(rules: &str) -> Policy {
    let text = format!("{PRELUDE}{rules}\n");
    let (checked, sources, diags) = check_str("wording.duly", &text, &MemoryLoader::default());
    let errors: Vec<String> = diags
        .0
        .iter()
        .filter(|d| d.severity() == duly_compiler::diagnostic::Severity::Error)
        .map(|d| duly_compiler::render::human(d, &sources))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    checked.expect("no errors, so a policy").policy
}

/// The timescale sentence of the only rule in `rule`.
fn words(rule: &str) -> String {
    let policy = compile(rule);
    assert_eq!(policy.rules.len(), 1, "one rule expected");
    timescale(&policy, &policy.rules[0])
}

#[test]
fn within() {
    assert_eq!(
        words("icpc within 15 working days of strategy_discussion"),
        "Within 15 working days of the Strategy Discussion"
    );
}

#[test]
fn written_numbers_are_kept() {
    assert_eq!(
        words("icpc within six weeks of contact"),
        "Within six weeks of the contact"
    );
    assert_eq!(
        words("icpc within a week of contact"),
        "Within a week of the contact"
    );
    assert_eq!(
        words("icpc within 1½ years of contact"),
        "Within 1½ years of the contact"
    );
}

#[test]
fn usually_but_always() {
    assert_eq!(
        words("screening usually within 2 hours but always within 24 hours of contact"),
        "Usually within 2 hours, and always within 24 hours, of the contact"
    );
}

#[test]
fn usually_only() {
    assert_eq!(
        words("strategy_discussion usually within 24 hours of contact"),
        "Usually within 24 hours of the contact"
    );
}

#[test]
fn in_less_than_is_strict() {
    assert_eq!(
        words("icpc in less than 91 calendar days of contact"),
        "Less than 91 calendar days after the contact"
    );
}

#[test]
fn between_windows() {
    assert_eq!(
        words("core_group between 12 and 16 weeks after icpc"),
        "Between 12 and 16 weeks after the ICPC"
    );
    assert_eq!(
        words("core_group between 2 days and 3 weeks after icpc"),
        "Between 2 days and 3 weeks after the ICPC"
    );
}

#[test]
fn not_before_and_at_least_after() {
    assert_eq!(
        words("conference not before 2 weeks after report"),
        "At least 2 weeks after the Report to the conference shared with the family"
    );
    assert_eq!(
        words("conference at least two weeks after report"),
        "At least two weeks after the Report to the conference shared with the family"
    );
}

#[test]
fn at_least_before() {
    assert_eq!(
        words("report at least 2 working days before conference"),
        "At least 2 working days before the conference"
    );
    assert_eq!(
        words("report at least 5 days prior to lac_review"),
        "At least 5 days before the Looked After Review"
    );
}

#[test]
fn fixed_birthdays() {
    assert_eq!(
        words("pathway_plan before 16th birthday"),
        "Before the child's 16th birthday"
    );
    assert_eq!(
        words("pathway_plan by 18th birthday"),
        "By the child's 18th birthday"
    );
    assert_eq!(
        words("pathway_plan within 3 months of 18th birthday"),
        "Within 3 months of the child's 18th birthday"
    );
    assert_eq!(
        words("pathway_plan within 1 week of 21st birthday"),
        "Within 1 week of the child's 21st birthday"
    );
}

#[test]
fn fixed_ages_in_months() {
    assert_eq!(words("pathway_plan at age 15.5"), "At age 15½");
    assert_eq!(words("pathway_plan at age 15½"), "At age 15½");
    assert_eq!(words("pathway_plan at age 16"), "At age 16");
    assert_eq!(age(186), "15½");
    assert_eq!(age(183), "15¼");
    assert_eq!(age(189), "15¾");
    assert_eq!(age(181), "15 years and 1 month");
    assert_eq!(age(190), "15 years and 10 months");
    assert_eq!(age(6), "6 months");
}

#[test]
fn fixed_pregnancy_weeks() {
    assert_eq!(
        words("report by week 20 of pregnancy"),
        "By week 20 of pregnancy"
    );
    assert_eq!(
        words("report at week 12 of pregnancy"),
        "At week 12 of pregnancy"
    );
}

#[test]
fn fixed_days_of_the_year_and_dates() {
    assert_eq!(
        words("budget by 31 March every year"),
        "By 31 March every year"
    );
    assert_eq!(
        words("budget before 1 April every year"),
        "Before 1 April every year"
    );
    assert_eq!(words("budget before 2027-03-31"), "Before 31 March 2027");
    assert_eq!(words("budget by 2027-01-05"), "By 5 January 2027");
}

#[test]
fn fixed_events() {
    assert_eq!(
        words("report before discharge"),
        "Before the child's discharge from hospital"
    );
    assert_eq!(words("report by icpc"), "By the ICPC");
}

#[test]
fn recurring_while() {
    assert_eq!(
        words("cp_visit every 10 working days while cp_plan"),
        "At least every 10 working days while on a Child Protection Plan"
    );
    assert_eq!(
        words("lac_review every 6 months while looked_after"),
        "At least every 6 months while Looked after"
    );
    assert_eq!(
        words("report every 3 days while missing"),
        "At least every 3 days during the Missing episode"
    );
    assert_eq!(
        words("core_group every week while supervision_order"),
        "At least every week while on a Supervision Order"
    );
}

#[test]
fn recurring_adverbs_as_written() {
    assert_eq!(
        words("core_group 6 weekly while cp_plan"),
        "At least 6 weekly while on a Child Protection Plan"
    );
    assert_eq!(
        words("core_group monthly while cp_plan"),
        "At least monthly while on a Child Protection Plan"
    );
    assert_eq!(
        words("core_group every six weeks while cp_plan"),
        "At least every six weeks while on a Child Protection Plan"
    );
}

#[test]
fn recurring_from_until() {
    assert_eq!(
        words("core_group every 12 weeks from icpc until cp_plan_end"),
        "At least every 12 weeks from the ICPC until the end of the Child Protection Plan"
    );
    assert_eq!(
        words("core_group every 12 weeks from icpc"),
        "At least every 12 weeks from the ICPC"
    );
}

#[test]
fn first_then_recurring() {
    assert_eq!(
        words("core_group within 10 working days of icpc, then every 30 working days while cp_plan"),
        "First within 10 working days of the ICPC, then at least every 30 working days while on a Child Protection Plan"
    );
    assert_eq!(
        words("report within 5 days of icpc, then every 6 weeks until cp_plan_end"),
        "First within 5 days of the ICPC, then at least every 6 weeks until the end of the Child Protection Plan"
    );
}

#[test]
fn phased() {
    assert_eq!(
        words("cp_visit every 10 working days for the first 3 months of supervision_order, then every 20 working days"),
        "At least every 10 working days for the first 3 months of the Supervision Order, then at least every 20 working days"
    );
}

#[test]
fn a_single_phase_for_the_first_months() {
    assert_eq!(
        words_with(
            "cp_visit every 10 working days for the first 3 months of supervision_order, then every 20 working days",
            |p| {
                if let Timing::Recurring(r) = &mut p.rules[0].timing {
                    r.phases.truncate(1);
                }
            }
        ),
        "At least every 10 working days for the first 3 months of the Supervision Order"
    );
}

#[test]
fn milestones() {
    assert_eq!(
        words("report when fh_plan has lasted 6 and 9 months"),
        "When the Family Help Plan has lasted 6 months and 9 months"
    );
    assert_eq!(
        words("report when fh_plan has lasted 16 months"),
        "When the Family Help Plan has lasted 16 months"
    );
    assert_eq!(
        words("report when missing has lasted 3 days, 10 days and 4 weeks"),
        "When the Missing episode has lasted 3 days, 10 days and 4 weeks"
    );
    assert_eq!(
        words("report when looked_after has lasted 20 days"),
        "When the Looked after period has lasted 20 days"
    );
}

#[test]
fn unnumbered() {
    assert_eq!(
        words("strategy_discussion as soon as possible after contact"),
        "As soon as possible after the contact"
    );
    assert_eq!(
        words("strategy_discussion immediately after contact"),
        "Immediately after the contact"
    );
}

#[test]
fn extensions() {
    assert_eq!(
        words("icpc within 15 working days of screening, or 20 working days where rag = amber"),
        "Within 15 working days of the MASH screening, or 20 working days where rag is amber"
    );
    assert_eq!(
        words("icpc within 15 working days of screening, or 20 working days where rag = amber, or 25 working days where rag = green"),
        "Within 15 working days of the MASH screening, or 20 working days where rag is amber, or 25 working days where rag is green"
    );
}

#[test]
fn alternative_deadlines_are_worded() {
    // Either deadline satisfies the rule, so the table must show both.
    assert_eq!(
        words("icpc within 15 working days of screening, or within 5 working days of contact"),
        "Within 15 working days of the MASH screening, or within 5 working days of the contact"
    );
}

#[test]
fn phases_after_the_first_run_up_to_their_bound() {
    assert_eq!(
        words_with(
            "cp_visit every 1 week for the first 6 weeks of supervision_order, then every 2 weeks",
            |p| {
                if let Timing::Recurring(r) = &mut p.rules[0].timing {
                    r.phases[1].for_first = Some(duly_runtime::duration::Duration::new(
                        6,
                        duly_runtime::duration::Unit::Months,
                    ));
                    r.phases.push(duly_runtime::ir::Phase {
                        every: duly_runtime::duration::Duration::new(
                            1,
                            duly_runtime::duration::Unit::Months,
                        ),
                        for_first: None,
                        times: None,
                        target: None,
                        at_least: None,
                    });
                }
            }
        ),
        "At least every week for the first 6 weeks of the Supervision Order, then at least every 2 weeks up to 6 months, then at least every month"
    );
}

#[test]
fn same_day_extension_and_months() {
    assert_eq!(
        words("report within 3 working days of icpc, or 0 days where unborn"),
        "Within 3 working days of the ICPC, or on the same day where unborn"
    );
    let in_month = |anchor: Anchor| {
        words_with("budget before 2027-03-31", move |p| {
            p.rules[0].timing = Timing::Fixed {
                anchor,
                bound: DateBound::InMonth,
            }
        })
    };
    assert_eq!(
        in_month(Anchor::DayOfYear { month: 4, day: 1 }),
        "In April every year"
    );
    assert_eq!(
        in_month(Anchor::Date(
            chrono::NaiveDate::from_ymd_opt(2027, 4, 1).expect("a date")
        )),
        "In April 2027"
    );
    assert_eq!(
        in_month(Anchor::DayOfYear { month: 4, day: 6 }),
        "In the month starting 6 April each year"
    );
}

#[test]
fn occurrence_selectors_on_anchors() {
    assert_eq!(
        words("lac_review#2 within 3 months of lac_review#1"),
        "Within 3 months of the first Looked After Review"
    );
    assert_eq!(
        words("lac_review#3 within 6 months of lac_review#2"),
        "Within 6 months of the second Looked After Review"
    );
    assert_eq!(
        words("pathway_plan within 6 months of lac_review#last"),
        "Within 6 months of the most recent Looked After Review"
    );
    assert_eq!(
        words("pathway_plan within 6 months of lac_review#3+"),
        "Within 6 months of the third and each later Looked After Review"
    );
}

#[test]
fn occurrence_selectors_on_tasks() {
    let policy = compile(
        "lac_review#1 within 20 working days of entered_care\n\
         lac_review#2 within 3 months of lac_review#1\n\
         lac_review#3+ within 6 months of lac_review#last\n\
         lac_review#last within 6 months of entered_care",
    );
    let tasks: Vec<String> = policy.rules.iter().map(|r| task(&policy, r)).collect();
    assert_eq!(
        tasks,
        [
            "First Looked After Review",
            "Second Looked After Review",
            "Third and each later Looked After Review",
            "Most recent Looked After Review",
        ]
    );
    assert_eq!(
        timescale(&policy, &policy.rules[0]),
        "Within 20 working days of ‘Child enters care’"
    );
}

#[test]
fn task_keeps_label_as_written() {
    let policy = compile("icpc within 15 working days of contact");
    assert_eq!(task(&policy, &policy.rules[0]), "ICPC");
    let policy = compile("conference within 15 working days of contact");
    assert_eq!(task(&policy, &policy.rules[0]), "Conference");
}

#[test]
fn earliest_and_latest() {
    assert_eq!(
        words("icpc within 15 working days of earliest(contact, strategy_discussion)"),
        "Within 15 working days of whichever comes first of the contact and the Strategy Discussion"
    );
    assert_eq!(
        words("icpc within 15 working days of latest(contact, strategy_discussion, screening)"),
        "Within 15 working days of whichever comes last of the contact, the Strategy Discussion and the MASH screening"
    );
}

#[test]
fn period_boundaries() {
    assert_eq!(
        words("report within 10 days of end of cp_plan"),
        "Within 10 days of the end of the Child Protection Plan"
    );
    assert_eq!(
        words("report within 5 working days of start of looked_after"),
        "Within 5 working days of the start of the Looked after period"
    );
}

#[test]
fn labels_that_are_clauses() {
    // "X starts" / "X ends" read as the start or end of X; other clauses are quoted.
    assert_eq!(
        words("report within 10 days of fh_start"),
        "Within 10 days of the start of the Family Help Plan"
    );
    assert_eq!(
        words("report within 10 days of left_care"),
        "Within 10 days of ‘Child leaves care’"
    );
    assert_eq!(
        words("report within 10 days of so_start"),
        "Within 10 days of the Supervision Order made"
    );
    assert_eq!(
        words("report within 10 days of assessment_commences"),
        "Within 10 days of the start of the Care package assessment"
    );
}

#[test]
fn conditions_where() {
    assert_eq!(
        words("icpc within 15 working days of strategy_discussion where s47_agreed"),
        "Within 15 working days of the Strategy Discussion, where s47 agreed"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where rag = red"),
        "Within 4 hours of the MASH screening, where rag is red"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where rag != green"),
        "Within 4 hours of the MASH screening, where rag is not green"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where age >= 16"),
        "Within 4 hours of the MASH screening, where age is 16 or over"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where age < 5"),
        "Within 4 hours of the MASH screening, where age is under 5"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where placement_type = \"kinship\""),
        "Within 4 hours of the MASH screening, where placement type is ‘kinship’"
    );
}

#[test]
fn conditions_unless() {
    assert_eq!(
        words("core_group every 6 weeks while cp_plan unless unborn"),
        "At least every 6 weeks while on a Child Protection Plan, unless unborn"
    );
    assert_eq!(
        words("core_group every 6 weeks while cp_plan where not unborn"),
        "At least every 6 weeks while on a Child Protection Plan, unless unborn"
    );
}

#[test]
fn conditions_combined() {
    assert_eq!(
        words("icpc within 15 working days of strategy_discussion where s47_agreed and not unborn unless age >= 16 or child.neglect_concerns"),
        "Within 15 working days of the Strategy Discussion, where s47 agreed and not unborn, unless age is 16 or over or neglect concerns"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where (rag = red or rag = amber) and strategy_discussion.s47_agreed"),
        "Within 4 hours of the MASH screening, where (rag is red or amber) and s47 agreed (Strategy Discussion)"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where not (rag = red or unborn)"),
        "Within 4 hours of the MASH screening, unless rag is red or unborn"
    );
    assert_eq!(
        words("icpc within 4 hours of screening where not age >= 16 and neglect_concerns"),
        "Within 4 hours of the MASH screening, where age is under 16 and neglect concerns"
    );
}

#[test]
fn within_no_days_is_the_same_day() {
    assert_eq!(
        words("report within 0 days of icpc"),
        "On the same day as the ICPC"
    );
}

#[test]
fn occurrences_of_start_and_end_labels() {
    assert_eq!(
        words("report within 1 week of fh_start#2+"),
        "Within 1 week of the start of the second and each later Family Help Plan"
    );
    assert_eq!(
        words("report within 1 week of left_care#last"),
        "Within 1 week of the most recent ‘Child leaves care’"
    );
}

#[test]
fn alternatives_of_one_attribute_are_listed_once() {
    assert_eq!(
        words("icpc within 4 hours of screening where rag = red or rag = amber or unborn"),
        "Within 4 hours of the MASH screening, where rag is red or amber or unborn"
    );
    assert_eq!(
        words("icpc within 4 hours of screening unless rag = red or rag = amber or rag = green"),
        "Within 4 hours of the MASH screening, unless rag is red, amber or green"
    );
}

/// Compiles `rule`, lets `change` adjust the IR (for forms whose syntax is still settling),
/// and words the result.
fn words_with(rule: &str, change: impl FnOnce(&mut Policy)) -> String {
    let mut policy = compile(rule);
    change(&mut policy);
    timescale(&policy, &policy.rules[0])
}

fn deadline_of(policy: &mut Policy) -> &mut duly_runtime::ir::Deadline {
    match &mut policy.rules[0].timing {
        Timing::Deadline(d) => d,
        other => panic!("expected a deadline, got {other:?}"),
    }
}

fn phase_of(policy: &mut Policy) -> &mut duly_runtime::ir::Phase {
    match &mut policy.rules[0].timing {
        Timing::Recurring(r) => &mut r.phases[0],
        other => panic!("expected a recurrence, got {other:?}"),
    }
}

fn event_id(policy: &Policy, name: &str) -> u32 {
    policy
        .events
        .iter()
        .position(|e| e.name == name)
        .expect("declared") as u32
}

fn period_id(policy: &Policy, name: &str) -> u32 {
    policy
        .periods
        .iter()
        .position(|p| p.name == name)
        .expect("declared") as u32
}

#[test]
fn a_point_after_an_anchor() {
    assert_eq!(
        words_with("report within 3 months of icpc", |p| deadline_of(p).point =
            true),
        "3 months after the ICPC"
    );
}

#[test]
fn before_or_within() {
    assert_eq!(
        words_with("report within 10 working days of icpc", |p| {
            deadline_of(p).may_precede = true
        }),
        "Before or within 10 working days of the ICPC"
    );
}

#[test]
fn after_and_shortly_after() {
    assert_eq!(
        words_with("report as soon as possible after icpc", |p| {
            deadline_of(p).unnumbered = Some(Unnumbered::After)
        }),
        "After the ICPC"
    );
    assert_eq!(
        words_with("report as soon as possible after icpc", |p| {
            deadline_of(p).unnumbered = Some(Unnumbered::ShortlyAfter)
        }),
        "Shortly after the ICPC"
    );
}

#[test]
fn not_before_and_in_a_month() {
    assert_eq!(
        words_with("budget before 2027-03-31", |p| {
            p.rules[0].timing = Timing::Fixed {
                anchor: Anchor::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 31).expect("a date")),
                bound: DateBound::NotBefore,
            }
        }),
        "Not before 31 March 2027"
    );
    assert_eq!(
        words_with("budget before 2027-03-31", |p| {
            p.rules[0].timing = Timing::Fixed {
                anchor: Anchor::Month {
                    year: 2023,
                    month: 1,
                },
                bound: DateBound::InMonth,
            }
        }),
        "In January 2023"
    );
    assert_eq!(
        words_with("budget before 2027-03-31", |p| {
            p.rules[0].timing = Timing::Fixed {
                anchor: Anchor::Month {
                    year: 2023,
                    month: 1,
                },
                bound: DateBound::By,
            }
        }),
        "By January 2023"
    );
}

#[test]
fn next_occurrences() {
    let next = |kind: NextKind, after: bool| {
        words_with("report before icpc", |p| {
            let lac = event_id(p, "lac_review");
            let care = event_id(p, "entered_care");
            p.rules[0].timing = Timing::NextOccurrence {
                event: Selection {
                    event: lac,
                    occurrence: Occurrence::Each,
                },
                after: after.then_some(Anchor::Event(Selection {
                    event: care,
                    occurrence: Occurrence::Each,
                })),
                kind,
            }
        })
    };
    assert_eq!(
        next(NextKind::AtNext, true),
        "At the next Looked After Review after ‘Child enters care’"
    );
    assert_eq!(
        next(NextKind::BeforeNext, false),
        "Before the next Looked After Review"
    );
    assert_eq!(
        next(NextKind::BetweenEach, false),
        "Between each Looked After Review and the next"
    );
    assert_eq!(
        next(NextKind::Midpoint, false),
        "At the midpoint between each Looked After Review and the next"
    );
}

#[test]
fn within_before_and_same_month() {
    assert_eq!(
        words_with("report before icpc", |p| {
            let icpc = event_id(p, "icpc");
            p.rules[0].timing = Timing::WithinBefore {
                anchor: Anchor::Event(Selection {
                    event: icpc,
                    occurrence: Occurrence::Each,
                }),
                within: duly_runtime::duration::Duration::new(
                    4,
                    duly_runtime::duration::Unit::Weeks,
                ),
            };
        }),
        "Within 4 weeks before the ICPC"
    );
    assert_eq!(
        words_with("report before icpc", |p| {
            if let Timing::Fixed { bound, .. } = &mut p.rules[0].timing {
                *bound = DateBound::SameMonth;
            }
        }),
        "Within the same month as the ICPC"
    );
}

#[test]
fn a_time_on_the_weekday_before_an_event() {
    // `4pm` is printed on the 24-hour clock, as every time in a table.
    assert_eq!(
        words("report by 4pm on the Thursday before conference"),
        "By 16:00 on the Thursday before the conference"
    );
    assert_eq!(
        words("report by 9:30am on the day before icpc"),
        "By 09:30 on the day before the ICPC"
    );
}

#[test]
fn the_occurrence_closest_to_a_birthday_or_a_date() {
    assert_eq!(
        words("pathway_plan at the lac_review closest to 17th birthday while looked_after"),
        "At the Looked After Review closest to the child's 17th birthday, while Looked after"
    );
    assert_eq!(
        words("pathway_plan at the lac_review#2 closest to 2027-03-31"),
        "At the second Looked After Review closest to 31 March 2027"
    );
}

#[test]
fn every_nth_occurrence() {
    let every = |n: u32| {
        words_with("report before icpc", |p| {
            let visit = event_id(p, "cp_visit");
            let period = period_id(p, "cp_plan");
            p.rules[0].timing = Timing::EveryNth {
                event: Selection {
                    event: visit,
                    occurrence: Occurrence::Each,
                },
                n,
                period: Some(period),
            };
        })
    };
    assert_eq!(
        every(2),
        "At least every other Visit to a child on a Child Protection Plan while on a Child Protection Plan"
    );
    assert_eq!(
        every(3),
        "At least every third Visit to a child on a Child Protection Plan while on a Child Protection Plan"
    );
}

#[test]
fn at_least_once_during_a_period() {
    assert_eq!(
        words_with("report before icpc", |p| {
            let period = period_id(p, "cp_plan");
            p.rules[0].timing = Timing::During { period, times: 1 };
        }),
        "At least once while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("report before icpc", |p| {
            let period = period_id(p, "missing");
            p.rules[0].timing = Timing::During { period, times: 2 };
        }),
        "At least twice during the Missing episode"
    );
}

#[test]
fn unquantified_timescales_keep_the_rules_words() {
    assert_eq!(
        words_with("report before icpc", |p| {
            let period = period_id(p, "looked_after");
            p.rules[0].timing = Timing::Unquantified {
                text: "every term".into(),
                period: Some(period),
            };
        }),
        "Every term while Looked after"
    );
}

#[test]
fn times_per_period_ranges_and_usual_frequencies() {
    assert_eq!(
        words_with("cp_visit weekly while cp_plan", |p| phase_of(p).times =
            Some((2, None))),
        "At least twice weekly while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("cp_visit monthly while cp_plan", |p| phase_of(p).times =
            Some((6, Some(8)))),
        "6 to 8 times monthly while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("cp_visit every 8 weeks while cp_plan", |p| {
            phase_of(p).at_least = Some(duly_runtime::duration::Duration::new(
                6,
                duly_runtime::duration::Unit::Weeks,
            ))
        }),
        "Every 6 to 8 weeks while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("cp_visit fortnightly while cp_plan", |p| {
            let mut weekly =
                duly_runtime::duration::Duration::new(1, duly_runtime::duration::Unit::Weeks);
            weekly.written = "weekly".into();
            phase_of(p).target = Some(weekly);
        }),
        "Usually weekly, and at least fortnightly while on a Child Protection Plan"
    );
}

#[test]
fn counted_frequencies_keep_the_documents_phrase() {
    let counted = |written: &str, times: (u32, Option<u32>)| {
        words_with("cp_visit monthly while cp_plan", |p| {
            let phase = phase_of(p);
            phase.every.written = written.into();
            phase.times = Some(times);
        })
    };
    assert_eq!(
        counted("twice weekly", (2, None)),
        "At least twice weekly while on a Child Protection Plan"
    );
    assert_eq!(
        counted("six to eight times monthly", (6, Some(8))),
        "Six to eight times monthly while on a Child Protection Plan"
    );
    assert_eq!(
        counted("on 2 days a week", (2, None)),
        "At least on 2 days a week while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("cp_visit monthly while cp_plan", |p| {
            phase_of(p).every.written = "every term".into()
        }),
        "At least every term while on a Child Protection Plan"
    );
}

#[test]
fn recurrence_with_no_scope() {
    assert_eq!(
        words_with("cp_visit every 6 months while cp_plan", |p| {
            if let Timing::Recurring(r) = &mut p.rules[0].timing {
                r.scope = Scope::Always;
            }
        }),
        "At least every 6 months"
    );
}

#[test]
fn rule_level_qualifiers() {
    assert_eq!(
        words_with("report before icpc", |p| p.rules[0].soft = true),
        "Usually before the ICPC"
    );
    assert_eq!(
        words_with("report within 5 days of icpc", |p| {
            p.rules[0].during = Some(period_id(p, "cp_plan"))
        }),
        "Within 5 days of the ICPC, while on a Child Protection Plan"
    );
    assert_eq!(
        words_with("report within 5 working days of icpc", |p| {
            p.rules[0].counting = Some(Counting::AnchorIsDayOne)
        }),
        "Within 5 working days of the ICPC (the event's own date counts as day 1)"
    );
    assert_eq!(
        words_with("report within 5 days of icpc where unborn", |p| {
            p.rules[0].proportion = Some(0.8)
        }),
        "Within 5 days of the ICPC, for 80% of cases, where unborn"
    );
}
