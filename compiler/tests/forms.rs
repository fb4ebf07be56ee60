//! One test per form of LANGUAGE.md §1–4: each parses a rule and checks the
//! resolved IR it lowers to, not merely that it parsed.

use duly_compiler::check::{check_str, Checked, MemoryLoader};
use duly_runtime::duration::{Counting, Unit};
use duly_runtime::ir::*;

const PRELUDE: &str = r#"
policy "Forms" version "1"
  calendar england_and_wales
child { date_of_birth: date  expected_date_of_birth: date  unborn: bool  neglect_concerns: bool }
event contact "Contact"
event strategy_discussion "Strategy Discussion" { s47_agreed: bool }
event screening "Screening" { rag: red | amber | green }
event icpc "ICPC"
event report "Report"
event cp_plan_start "Plan starts"
event cp_plan_end "Plan ends"
event visit "Visit"
event lac_review "LAC review"
event entered_care "Enters care"
event left_care "Leaves care"
event pathway_plan "Pathway plan"
period cp_plan "CP plan" from cp_plan_start to cp_plan_end
period looked_after "Looked after" from entered_care to left_care
standard T "Test"
"#;

fn compile(rules: &str) -> Checked {
    let text = format!("{PRELUDE}{rules}\n");
    let (checked, sources, diags) = check_str("forms.duly", &text, &MemoryLoader::default());
    let errors: Vec<String> = diags
        .0
        .iter()
        .filter(|d| d.severity() == duly_compiler::diagnostic::Severity::Error)
        .map(|d| duly_compiler::render::human(d, &sources))
        .collect();
    assert!(
        errors.is_empty(),
        "unexpected errors:\n{}",
        errors.join("\n")
    );
    checked.expect("no errors, so a policy")
}

fn only_rule(rules: &str) -> Rule {
    let c = compile(rules);
    assert_eq!(c.policy.rules.len(), 1, "one rule expected");
    c.policy.rules.into_iter().next().unwrap()
}

fn ev(c: &Checked, name: &str) -> u32 {
    c.policy.events.iter().position(|e| e.name == name).unwrap() as u32
}

fn deadline(rule: &Rule) -> &Deadline {
    match &rule.timing {
        Timing::Deadline(d) => d,
        other => panic!("expected a deadline, got {other:?}"),
    }
}

fn dur(amount: u32, unit: Unit) -> (u32, Unit) {
    (amount, unit)
}

fn du(d: &duly_runtime::duration::Duration) -> (u32, Unit) {
    (d.amount, d.unit)
}

#[test]
fn header_and_declarations() {
    let text = format!(
        "{}\n",
        PRELUDE.replace(
            "calendar england_and_wales",
            "calendar scotland\n  closed 2026-12-29 to 2026-12-31, 2027-01-04\n  timezone \"Europe/London\"\n  counting anchor day is day 1"
        )
    );
    let (c, _, d) = check_str("h.duly", &text, &MemoryLoader::default());
    assert!(!d.has_errors(), "{d:?}");
    let p = c.unwrap().policy;
    assert_eq!(p.title, "Forms");
    assert_eq!(p.version.as_deref(), Some("1"));
    assert_eq!(p.calendar.division, "scotland");
    assert!(
        p.calendar
            .holidays
            .iter()
            .any(|h| h.date.to_string() == "2026-01-02"),
        "Scotland's 2 January"
    );
    assert_eq!(p.calendar.closed.len(), 2);
    assert_eq!(p.counting, Counting::AnchorIsDayOne);
    assert_eq!(p.child.len(), 4);
    assert_eq!(
        p.events[2].attrs[0].ty,
        AttrType::Enum(vec!["red".into(), "amber".into(), "green".into()])
    );
    assert_eq!(p.periods[0].name, "cp_plan");
    assert_eq!(p.standards[0].reference, "T");
}

#[test]
fn form_1_within() {
    let c = compile("icpc within 15 working days of strategy_discussion where s47_agreed");
    let r = &c.policy.rules[0];
    let d = deadline(r);
    assert_eq!(
        d.anchor,
        Anchor::Event(Selection {
            event: ev(&c, "strategy_discussion"),
            occurrence: Occurrence::Each
        })
    );
    let limit = d.limit.as_ref().unwrap();
    assert_eq!(du(&limit.within), dur(15, Unit::WorkingDays));
    assert!(!limit.strict);
    assert_eq!(
        r.applies_when,
        Some(Cond::IsTrue(Operand::Anchor {
            event: ev(&c, "strategy_discussion"),
            attr: 0
        }))
    );
}

#[test]
fn form_2_usually_but_always() {
    let r = only_rule("visit usually within 2 hours but always within 24 hours of contact");
    let d = deadline(&r);
    assert_eq!(du(d.target.as_ref().unwrap()), dur(2, Unit::Hours));
    assert_eq!(du(&d.limit.as_ref().unwrap().within), dur(24, Unit::Hours));
}

#[test]
fn form_3_at_least_before() {
    let r = only_rule("report at least 2 working days before icpc");
    match r.timing {
        Timing::AtLeastBefore {
            gap,
            anchor: Anchor::Event(_),
        } => assert_eq!(du(&gap), dur(2, Unit::WorkingDays)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn form_4_every_while() {
    let r = only_rule("visit every 10 working days while cp_plan");
    match r.timing {
        Timing::Recurring(rec) => {
            assert_eq!(rec.scope, Scope::While(0));
            assert_eq!(du(&rec.phases[0].every), dur(10, Unit::WorkingDays));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn form_5_within_then_every() {
    let c = compile(
        "visit within 10 working days of icpc, then every 30 working days while cp_plan\n\
         report within 5 days of icpc, then every 6 weeks until cp_plan_end",
    );
    let d = deadline(&c.policy.rules[0]);
    let then = d.then.as_ref().unwrap();
    assert_eq!(du(&then.phases[0].every), dur(30, Unit::WorkingDays));
    assert_eq!(then.scope, Scope::While(0));
    let d2 = deadline(&c.policy.rules[1]);
    assert_eq!(
        d2.then.as_ref().unwrap().scope,
        Scope::Until(Anchor::Event(Selection {
            event: ev(&c, "cp_plan_end"),
            occurrence: Occurrence::Each
        }))
    );
}

#[test]
fn form_6_phased() {
    let r = only_rule(
        "visit every 10 working days for the first 3 months of cp_plan, then every 20 working days",
    );
    match r.timing {
        Timing::Recurring(rec) => {
            assert_eq!(rec.phases.len(), 2);
            assert_eq!(
                du(rec.phases[0].for_first.as_ref().unwrap()),
                dur(3, Unit::Months)
            );
            assert_eq!(du(&rec.phases[1].every), dur(20, Unit::WorkingDays));
            assert!(rec.phases[1].for_first.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn form_6_phased_for_the_first_unit_is_one_unit() {
    // The documents write "fortnightly for the first month", "for the first year".
    let c = compile(
        "visit fortnightly for the first month of cp_plan, then every 8 weeks\n\
         report weekly for the first week after icpc\n\
         lac_review monthly for the first year of looked_after, then every 6 months",
    );
    let firsts: Vec<_> = c
        .policy
        .rules
        .iter()
        .map(|r| match &r.timing {
            Timing::Recurring(rec) => {
                let d = rec.phases[0].for_first.as_ref().expect("a bounded phase");
                (d.amount, d.unit, d.written.clone())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        firsts,
        vec![
            (1, Unit::Months, "1 month".to_string()),
            (1, Unit::Weeks, "1 week".to_string()),
            (1, Unit::Years, "1 year".to_string()),
        ]
    );
    let with_number =
        only_rule("visit fortnightly for the first 1 month of cp_plan, then every 8 weeks");
    assert_eq!(c.policy.rules[0].timing, with_number.timing);
}

#[test]
fn form_7_and_16_milestones() {
    let c = compile(
        "report when cp_plan has lasted 8 months\nvisit when cp_plan has lasted 6 and 9 months",
    );
    match &c.policy.rules[0].timing {
        Timing::Milestones { at, .. } => assert_eq!(
            at.iter().map(du).collect::<Vec<_>>(),
            vec![dur(8, Unit::Months)]
        ),
        other => panic!("{other:?}"),
    }
    match &c.policy.rules[1].timing {
        Timing::Milestones { at, .. } => {
            assert_eq!(
                at.iter().map(du).collect::<Vec<_>>(),
                vec![dur(6, Unit::Months), dur(9, Unit::Months)]
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn form_8_age_based() {
    let c = compile(
        "pathway_plan before 16th birthday\npathway_plan by 16th birthday\n\
         pathway_plan within 3 months of 18th birthday\npathway_plan at age 15.5\npathway_plan at age 15½",
    );
    let rules = &c.policy.rules;
    assert_eq!(
        rules[0].timing,
        Timing::Fixed {
            anchor: Anchor::Birthday(16),
            bound: DateBound::Before
        }
    );
    assert_eq!(
        rules[1].timing,
        Timing::Fixed {
            anchor: Anchor::Birthday(16),
            bound: DateBound::By
        }
    );
    assert_eq!(deadline(&rules[2]).anchor, Anchor::Birthday(18));
    assert_eq!(
        rules[3].timing,
        Timing::Fixed {
            anchor: Anchor::Age { months: 186 },
            bound: DateBound::At
        }
    );
    assert_eq!(rules[4].timing, rules[3].timing);
}

#[test]
fn form_9_in_less_than() {
    let r = only_rule("icpc in less than 91 calendar days of contact");
    let l = deadline(&r).limit.as_ref().unwrap().clone();
    assert!(l.strict);
    assert_eq!(du(&l.within), dur(91, Unit::Days));
}

#[test]
fn form_10_extension() {
    let c =
        compile("icpc within 15 working days of screening, or 20 working days where rag = amber");
    let l = deadline(&c.policy.rules[0]).limit.as_ref().unwrap().clone();
    assert_eq!(du(&l.extensions[0].within), dur(20, Unit::WorkingDays));
    assert_eq!(
        l.extensions[0].when,
        Cond::Compare(
            Operand::Anchor {
                event: ev(&c, "screening"),
                attr: 0
            },
            CmpOp::Eq,
            Literal::Enum(1)
        )
    );
}

#[test]
fn form_11_occurrence_selectors() {
    let c = compile("lac_review#1 within 20 working days of entered_care\nlac_review#2 within 3 months of lac_review#1\nlac_review#3+ within 6 months of lac_review#last");
    let lac = ev(&c, "lac_review");
    assert_eq!(c.policy.rules[0].task.occurrence, Occurrence::Nth(1));
    assert_eq!(
        deadline(&c.policy.rules[1]).anchor,
        Anchor::Event(Selection {
            event: lac,
            occurrence: Occurrence::Nth(1)
        })
    );
    assert_eq!(c.policy.rules[2].task.occurrence, Occurrence::From(3));
    assert_eq!(
        deadline(&c.policy.rules[2]).anchor,
        Anchor::Event(Selection {
            event: lac,
            occurrence: Occurrence::Last
        })
    );
}

#[test]
fn form_12_earliest_latest() {
    let c = compile("icpc within 15 working days of earliest(contact, strategy_discussion)\nicpc within 15 working days of latest(contact, strategy_discussion)");
    let each = |n| {
        Anchor::Event(Selection {
            event: ev(&c, n),
            occurrence: Occurrence::Each,
        })
    };
    assert_eq!(
        deadline(&c.policy.rules[0]).anchor,
        Anchor::Earliest(vec![each("contact"), each("strategy_discussion")])
    );
    assert_eq!(
        deadline(&c.policy.rules[1]).anchor,
        Anchor::Latest(vec![each("contact"), each("strategy_discussion")])
    );
}

#[test]
fn form_13_between() {
    let c = compile(
        "visit between 12 and 16 weeks after icpc\nreport between 2 days and 3 weeks after icpc",
    );
    let d = deadline(&c.policy.rules[0]);
    assert_eq!(du(d.opens.as_ref().unwrap()), dur(12, Unit::Weeks));
    assert_eq!(du(&d.limit.as_ref().unwrap().within), dur(16, Unit::Weeks));
    let d = deadline(&c.policy.rules[1]);
    assert_eq!(du(d.opens.as_ref().unwrap()), dur(2, Unit::Days));
}

#[test]
fn form_14_lower_bounds() {
    let c = compile("icpc not before 2 weeks after report\nicpc at least 2 weeks after report");
    for r in &c.policy.rules {
        let d = deadline(r);
        assert_eq!(du(d.opens.as_ref().unwrap()), dur(2, Unit::Weeks));
        assert!(d.limit.is_none());
    }
}

#[test]
fn form_15_usually_only() {
    let r = only_rule("visit usually within 24 hours of contact");
    let d = deadline(&r);
    assert_eq!(du(d.target.as_ref().unwrap()), dur(24, Unit::Hours));
    assert!(d.limit.is_none());
}

#[test]
fn form_17_pregnancy_weeks() {
    let c = compile("report by week 20 of pregnancy\nvisit at week 12 of pregnancy");
    assert_eq!(
        c.policy.rules[0].timing,
        Timing::Fixed {
            anchor: Anchor::PregnancyWeek(20),
            bound: DateBound::By
        }
    );
    assert_eq!(
        c.policy.rules[1].timing,
        Timing::Fixed {
            anchor: Anchor::PregnancyWeek(12),
            bound: DateBound::At
        }
    );
}

#[test]
fn form_18_period_boundaries() {
    let c = compile("report within 10 days of end of cp_plan\nvisit within 5 working days of start of looked_after");
    assert_eq!(deadline(&c.policy.rules[0]).anchor, Anchor::PeriodEnd(0));
    assert_eq!(deadline(&c.policy.rules[1]).anchor, Anchor::PeriodStart(1));
}

#[test]
fn form_19_fixed_dates() {
    let c = compile("report by 31 March every year\nreport before 2027-03-31");
    assert_eq!(
        c.policy.rules[0].timing,
        Timing::Fixed {
            anchor: Anchor::DayOfYear { month: 3, day: 31 },
            bound: DateBound::By
        }
    );
    assert_eq!(
        c.policy.rules[1].timing,
        Timing::Fixed {
            anchor: Anchor::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            bound: DateBound::Before
        }
    );
}

#[test]
fn frequency_adverbs() {
    let cases = [
        ("6 weekly", 6, Unit::Weeks),
        ("4-weekly", 4, Unit::Weeks),
        ("weekly", 1, Unit::Weeks),
        ("fortnightly", 2, Unit::Weeks),
        ("monthly", 1, Unit::Months),
        ("3 monthly", 3, Unit::Months),
        ("6 monthly", 6, Unit::Months),
        ("annually", 1, Unit::Years),
        ("yearly", 1, Unit::Years),
        ("every six weeks", 6, Unit::Weeks),
        ("every week", 1, Unit::Weeks),
    ];
    for (adverb, amount, unit) in cases {
        let r = only_rule(&format!("visit {adverb} while cp_plan"));
        match r.timing {
            Timing::Recurring(rec) => {
                assert_eq!(du(&rec.phases[0].every), dur(amount, unit), "{adverb}")
            }
            other => panic!("{adverb}: {other:?}"),
        }
    }
}

#[test]
fn written_numbers_and_fractions() {
    let r = only_rule("icpc within fifteen working days of contact");
    assert_eq!(
        du(&deadline(&r).limit.as_ref().unwrap().within),
        dur(15, Unit::WorkingDays)
    );
    let r = only_rule("icpc within 1½ years of contact");
    assert_eq!(
        du(&deadline(&r).limit.as_ref().unwrap().within),
        dur(18, Unit::Months)
    );
}

#[test]
fn unnumbered_timescales() {
    let c = compile("visit as soon as possible after contact\nvisit immediately after contact");
    assert_eq!(
        deadline(&c.policy.rules[0]).unnumbered,
        Some(Unnumbered::AsSoonAsPossible)
    );
    assert_eq!(
        deadline(&c.policy.rules[1]).unnumbered,
        Some(Unnumbered::Immediately)
    );
    assert!(deadline(&c.policy.rules[0]).limit.is_none());
}

#[test]
fn conditions_resolve_and_qualify() {
    let c = compile(
        "icpc within 15 working days of strategy_discussion where s47_agreed and not unborn unless age >= 16 or child.neglect_concerns\n\
         report within 5 days of screening where (rag = red or rag != green) and strategy_discussion.s47_agreed",
    );
    let r = &c.policy.rules[0];
    assert_eq!(
        r.applies_when,
        Some(Cond::All(vec![
            Cond::IsTrue(Operand::Anchor {
                event: ev(&c, "strategy_discussion"),
                attr: 0
            }),
            Cond::Not(Box::new(Cond::IsTrue(Operand::Child(2)))),
        ]))
    );
    assert_eq!(
        r.waived_when,
        Some(Cond::Any(vec![
            Cond::Compare(Operand::Age, CmpOp::Ge, Literal::Number(16.0)),
            Cond::IsTrue(Operand::Child(3))
        ]))
    );
    match &c.policy.rules[1].applies_when {
        Some(Cond::All(parts)) => assert_eq!(
            parts[1],
            Cond::IsTrue(Operand::Event {
                event: ev(&c, "strategy_discussion"),
                attr: 0
            })
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn comments_crlf_and_bom_are_fine() {
    let text = format!("\u{feff}{}icpc within 15 working days of contact # trailing comment\r\n# a comment line\r\n", PRELUDE.replace('\n', "\r\n"));
    let (c, _, d) = check_str("crlf.duly", &text, &MemoryLoader::default());
    assert!(!d.has_errors(), "{d:?}");
    assert_eq!(c.unwrap().policy.rules.len(), 1);
}

#[test]
fn use_brings_in_shared_declarations() {
    let mut loader = MemoryLoader::default();
    loader.0.insert(
        "common/events.duly".into(),
        "event shared_event \"Shared\"\nchild { date_of_birth: date }\n".into(),
    );
    let text = "policy \"P\"\nuse \"common/events.duly\"\nevent local \"Local\"\nstandard 1 \"x\"\n  local within 5 days of shared_event\n";
    let (c, _, d) = check_str("p.duly", text, &loader);
    assert!(!d.has_errors(), "{d:?}");
    let p = c.unwrap().policy;
    assert_eq!(
        p.events.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        vec!["local", "shared_event"]
    );
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn term_declarations_lower_into_the_policy_in_date_order() {
    let c = compile(
        "visit every term from entered_care until left_care\n\
         term \"Spring 2026\" from 2026-01-05 to 2026-03-27\n\
         term \"Autumn 2025\" from 2025-09-03 to 2025-12-19",
    );
    assert_eq!(
        c.policy.terms,
        vec![
            Term {
                name: "Autumn 2025".into(),
                start: d(2025, 9, 3),
                end: d(2025, 12, 19),
            },
            Term {
                name: "Spring 2026".into(),
                start: d(2026, 1, 5),
                end: d(2026, 3, 27),
            },
        ]
    );
    match &c.policy.rules[0].timing {
        Timing::Termly {
            text,
            scope: Scope::From { anchor, until },
        } => {
            assert_eq!(text, "every term");
            assert!(matches!(anchor, Anchor::Event(s) if s.event == 9));
            assert!(matches!(until, Some(Anchor::Event(s)) if s.event == 10));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn term_declarations_come_from_a_used_file() {
    let mut loader = MemoryLoader::default();
    loader.0.insert(
        "calendars/terms.duly".into(),
        "term \"Autumn 2025\" from 2025-09-03 to 2025-12-19\n".into(),
    );
    let text = "policy \"P\"\nuse \"calendars/terms.duly\"\nevent pep \"PEP\"\nstandard 1 \"x\"\n  pep every term\n";
    let (c, _, d) = check_str("p.duly", text, &loader);
    assert!(!d.has_errors(), "{d:?}");
    let p = c.unwrap().policy;
    assert_eq!(p.terms.len(), 1);
    assert_eq!(p.terms[0].name, "Autumn 2025");
    assert!(matches!(
        &p.rules[0].timing,
        Timing::Termly {
            scope: Scope::Always,
            ..
        }
    ));
}

#[test]
fn older_ir_without_terms_still_loads() {
    let c = compile("visit every term while looked_after");
    let mut json = serde_json::to_value(&c.policy).unwrap();
    json.as_object_mut().unwrap().remove("terms");
    let back: Policy = serde_json::from_value(json).unwrap();
    assert!(back.terms.is_empty());
}

// ── Extensions added while encoding the five documents (docs/SYNTAX.md) ─────

#[test]
fn ext_after_and_shortly_after_carry_no_deadline() {
    let c = compile("visit after contact\nvisit before or shortly after contact");
    assert_eq!(
        deadline(&c.policy.rules[0]).unnumbered,
        Some(Unnumbered::After)
    );
    let d = deadline(&c.policy.rules[1]);
    assert_eq!(
        (d.unnumbered, d.may_precede),
        (Some(Unnumbered::ShortlyAfter), true)
    );
}

#[test]
fn ext_point_after_and_before_or_within() {
    let c = compile("report three months after icpc\ncontact before or within 10 working days of entered_care#1");
    let d = deadline(&c.policy.rules[0]);
    assert!(d.point);
    assert_eq!(du(&d.limit.as_ref().unwrap().within), dur(3, Unit::Months));
    let d = deadline(&c.policy.rules[1]);
    assert!(d.may_precede);
    assert_eq!(
        d.anchor,
        Anchor::Event(Selection {
            event: ev(&c, "entered_care"),
            occurrence: Occurrence::Nth(1)
        })
    );
}

#[test]
fn ext_next_occurrence_forms() {
    let c = compile(
        "report at the next icpc after contact\nreport before the next lac_review\n\
         visit between each lac_review and the next\nvisit at the midpoint between each lac_review and the next",
    );
    let kinds: Vec<NextKind> = c
        .policy
        .rules
        .iter()
        .map(|r| match &r.timing {
            Timing::NextOccurrence { kind, .. } => *kind,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            NextKind::AtNext,
            NextKind::BeforeNext,
            NextKind::BetweenEach,
            NextKind::Midpoint
        ]
    );
    match &c.policy.rules[0].timing {
        Timing::NextOccurrence {
            event,
            after: Some(Anchor::Event(a)),
            ..
        } => {
            assert_eq!((event.event, a.event), (ev(&c, "icpc"), ev(&c, "contact")))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn ext_counted_ranged_target_and_term_frequencies() {
    let c = compile(
        "visit twice weekly while cp_plan\nvisit 6 to 8 times monthly while cp_plan\nvisit on 4 days every week\n\
         visit every 6 to 8 weeks while cp_plan\nvisit usually weekly but always fortnightly while cp_plan\n\
         visit every term while looked_after\nvisit annually",
    );
    let phase = |i: usize| match &c.policy.rules[i].timing {
        Timing::Recurring(r) => r.phases[0].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (phase(0).times, du(&phase(0).every)),
        (Some((2, None)), dur(1, Unit::Weeks))
    );
    assert_eq!(
        (phase(1).times, du(&phase(1).every)),
        (Some((6, Some(8))), dur(1, Unit::Months))
    );
    assert_eq!(phase(2).times, Some((4, None)));
    assert_eq!(
        (du(&phase(3).every), du(phase(3).at_least.as_ref().unwrap())),
        (dur(8, Unit::Weeks), dur(6, Unit::Weeks))
    );
    assert_eq!(
        (du(&phase(4).every), du(phase(4).target.as_ref().unwrap())),
        (dur(2, Unit::Weeks), dur(1, Unit::Weeks))
    );
    assert!(
        matches!(&c.policy.rules[5].timing, Timing::Termly { text, scope: Scope::While(1) } if text == "every term")
    );
    assert!(c.policy.terms.is_empty());
    assert!(matches!(&c.policy.rules[6].timing, Timing::Recurring(r) if r.scope == Scope::Always));
}

#[test]
fn ext_scopes_until_anchors_and_bounded_phases() {
    let c = compile(
        "visit every 6 months from entered_care until 18th birthday\n\
         visit every 1 week for the first 4 weeks after entered_care\n\
         visit every 6 weeks for the first 1 year of looked_after",
    );
    match &c.policy.rules[0].timing {
        Timing::Recurring(r) => assert!(matches!(
            &r.scope,
            Scope::From {
                until: Some(Anchor::Birthday(18)),
                ..
            }
        )),
        other => panic!("{other:?}"),
    }
    match &c.policy.rules[1].timing {
        Timing::Recurring(r) => {
            assert!(matches!(&r.scope, Scope::From { until: None, .. }));
            assert_eq!(
                du(r.phases[0].for_first.as_ref().unwrap()),
                dur(4, Unit::Weeks)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&c.policy.rules[2].timing, Timing::Recurring(r) if r.phases.len() == 1 && r.scope == Scope::While(1))
    );
}

#[test]
fn ext_rule_modifiers() {
    let c = compile(
        "pathway_plan by 16th birthday while looked_after\nvisit within 1 month of contact for 80% of cases\n\
         report usually before icpc\nreport, if any, within 5 working days of icpc\nvisit at least twice during cp_plan",
    );
    let r = &c.policy.rules;
    assert_eq!(r[0].during, Some(1));
    assert_eq!(r[1].proportion, Some(80.0));
    assert!(r[2].soft);
    assert!(r[3].optional);
    assert_eq!(
        r[4].timing,
        Timing::During {
            period: 0,
            times: 2
        }
    );
}

#[test]
fn ext_lower_bounds_months_and_words() {
    let c = compile("icpc not before week 17 of pregnancy\nreport in January 2027\nreport when \"from early teens\"");
    assert_eq!(
        c.policy.rules[0].timing,
        Timing::Fixed {
            anchor: Anchor::PregnancyWeek(17),
            bound: DateBound::NotBefore
        }
    );
    assert_eq!(
        c.policy.rules[1].timing,
        Timing::Fixed {
            anchor: Anchor::Month {
                year: 2027,
                month: 1
            },
            bound: DateBound::InMonth
        }
    );
    assert!(
        matches!(&c.policy.rules[2].timing, Timing::Unquantified { text, period: None } if text == "from early teens")
    );
}

#[test]
fn ext_standard_level_counting() {
    let text = format!(
        "{}  counting anchor day is day 1\n  icpc within 15 working days of contact\n",
        PRELUDE
    );
    let (c, _, d) = check_str("c.duly", &text, &MemoryLoader::default());
    assert!(!d.has_errors(), "{d:?}");
    assert_eq!(
        c.unwrap().policy.rules[0].counting,
        Some(Counting::AnchorIsDayOne)
    );
}

#[test]
fn ext_between_each_and_the_next_other_event_does_not_swallow_the_next_task() {
    let c = compile("visit between each icpc and the next lac_review\nreport between each lac_review and the next\nvisit within 5 days of contact");
    assert_eq!(c.policy.rules.len(), 3);
    match &c.policy.rules[0].timing {
        Timing::NextOccurrence {
            event,
            after: Some(Anchor::Event(a)),
            kind: NextKind::BetweenEach,
        } => {
            assert_eq!(
                (a.event, event.event),
                (ev(&c, "icpc"), ev(&c, "lac_review"))
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &c.policy.rules[1].timing,
        Timing::NextOccurrence { after: None, .. }
    ));
    assert_eq!(c.policy.rules[2].task.event, ev(&c, "visit"));
}

#[test]
fn ext_a_time_on_the_weekday_before_an_event() {
    let c = compile(
        "report by 16:00 on the Thursday before icpc\nreport by 4pm on the day before icpc\n\
         report by 9:30am on monday before start of cp_plan",
    );
    let time = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let icpc = Anchor::Event(Selection {
        event: ev(&c, "icpc"),
        occurrence: Occurrence::Each,
    });
    assert_eq!(
        c.policy.rules[0].timing,
        Timing::ClockBefore {
            anchor: icpc.clone(),
            weekday: Some(chrono::Weekday::Thu),
            time: time(16, 0)
        }
    );
    // `4pm` is read as 16:00; `on the day before` has no weekday.
    assert_eq!(
        c.policy.rules[1].timing,
        Timing::ClockBefore {
            anchor: icpc,
            weekday: None,
            time: time(16, 0)
        }
    );
    assert_eq!(
        c.policy.rules[2].timing,
        Timing::ClockBefore {
            anchor: Anchor::PeriodStart(0),
            weekday: Some(chrono::Weekday::Mon),
            time: time(9, 30)
        }
    );
    // The IR round-trips through JSON (`duly compile`).
    let json = serde_json::to_string(&c.policy.rules[0].timing).unwrap();
    assert_eq!(
        serde_json::from_str::<Timing>(&json).unwrap(),
        c.policy.rules[0].timing
    );
}

#[test]
fn ext_the_occurrence_closest_to_a_birthday() {
    let c = compile(
        "pathway_plan at the lac_review closest to 17th birthday while looked_after\n\
         report at the lac_review#2+ closest to 2027-03-31",
    );
    assert_eq!(
        c.policy.rules[0].timing,
        Timing::Closest {
            event: Selection {
                event: ev(&c, "lac_review"),
                occurrence: Occurrence::Each
            },
            to: Anchor::Birthday(17)
        }
    );
    assert_eq!(c.policy.rules[0].during, Some(1));
    assert_eq!(
        c.policy.rules[1].timing,
        Timing::Closest {
            event: Selection {
                event: ev(&c, "lac_review"),
                occurrence: Occurrence::From(2)
            },
            to: Anchor::Date(chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap())
        }
    );
    let json = serde_json::to_string(&c.policy.rules[0].timing).unwrap();
    assert_eq!(
        serde_json::from_str::<Timing>(&json).unwrap(),
        c.policy.rules[0].timing
    );
}
