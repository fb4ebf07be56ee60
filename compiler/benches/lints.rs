//! Times `duly check` on a generated policy of 10,000 rules: the whole check (parse,
//! resolve, dependency graph, lints), the lints alone, and the infeasibility search (W004)
//! alone. Run with `cargo bench -p duly-compiler --bench lints`; `-- N` sets the rule count.

use duly_compiler::check::{check_str, MemoryLoader};
use duly_compiler::codes::Code;
use duly_compiler::diagnostic::Diagnostics;
use duly_compiler::lints::{self, infeasible_timescales, Context};
use std::fmt::Write;
use std::time::{Duration, Instant};

/// A policy of about `rules` rules in chains of four, the shape of real documents: a
/// meeting, a conference within some working days of it, a report due before the
/// conference and after the meeting, a visit schedule, a review in months. Every 500th
/// chain is infeasible; every 50th states its conference twice (once in other units).
fn policy(rules: usize) -> String {
    let chains = rules.div_ceil(5);
    let mut s = String::from(
        "policy \"Benchmark\"\n  calendar england_and_wales\nchild { date_of_birth: date  unborn: bool }\n",
    );
    for c in 0..chains {
        let _ = writeln!(
            s,
            "event m{c} \"Meeting {c}\" {{ rag: red | amber | green  urgent: bool }}\nevent r{c} \"Conference {c}\"\nevent p{c} \"Report {c}\"\nevent s{c} \"Plan starts {c}\"\nevent e{c} \"Plan ends {c}\"\nevent v{c} \"Visit {c}\"\nperiod plan{c} \"Plan {c}\" from s{c} to e{c}"
        );
    }
    let mut n = 0;
    for c in 0..chains {
        let conference = 10 + c % 10;
        let gap = if c % 500 == 7 {
            conference + 10
        } else {
            3 + c % 4
        };
        let _ = writeln!(
            s,
            "standard {c}.1 \"Conference {c}\"\n  r{c} within {conference} working days of m{c} where rag = red or urgent\n  r{c} within {} working days of m{c} where rag = green and not urgent",
            conference + 5
        );
        let _ = writeln!(
            s,
            "standard {c}.2 \"Report {c}\"\n  p{c} at least {gap} working days before r{c}\n  p{c} within 25 working days of m{c} unless unborn"
        );
        let _ = writeln!(
            s,
            "standard {c}.3 \"Visits {c}\"\n  v{c} every 10 working days while plan{c}"
        );
        n += 5;
        if c % 50 == 3 {
            let _ = writeln!(
                s,
                "standard {c}.4 \"Table {c}\"\n  r{c} within 3 weeks of m{c} where rag = red"
            );
            n += 1;
        }
        if n >= rules {
            break;
        }
    }
    s
}

/// The worst shape for the infeasibility search: one chain of `rules` steps, each not
/// before a day after the one before, whose last is due within 5 days of the first.
fn chain(rules: usize) -> String {
    let mut s = String::from("policy \"Chain\"\n  calendar england_and_wales\n");
    for i in 0..rules {
        let _ = writeln!(s, "event c{i} \"Step {i}\"");
    }
    s.push_str("standard 1 \"Chain\"\n");
    for i in 1..rules {
        let _ = writeln!(s, "  c{i} not before 1 day after c{}", i - 1);
    }
    let _ = writeln!(s, "  c{} within 5 days of c0", rules - 1);
    s
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() {
    let rules: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = policy(rules);
    let runs = 5;
    let mut total = Vec::new();
    let mut lint_only = Vec::new();
    let mut stn_build = Vec::new();
    let mut stn_search = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (checked, sources, diags) = check_str("bench.duly", &text, &MemoryLoader::default());
        total.push(t.elapsed());
        let Some(checked) = checked else {
            let first = diags
                .0
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default();
            panic!("the generated policy must compile: {first}");
        };
        let t = Instant::now();
        let mut again = Diagnostics::default();
        lints::run(&checked, &sources, &mut again);
        lint_only.push(t.elapsed());
        let cx = Context::new(&checked, &sources);
        let t = Instant::now();
        let stn = infeasible_timescales::network(&cx);
        stn_build.push(t.elapsed());
        let t = Instant::now();
        let found = infeasible_timescales::find(&cx, &stn);
        stn_search.push(t.elapsed());
        let count = |c: Code| diags.0.iter().filter(|d| d.code == c).count();
        summary = format!(
            "{} rules, {} events; network {} nodes, {} edges; findings: W001 {}, W003 {}, W004 {} ({} cycles found), W006 {}",
            checked.policy.rules.len(),
            checked.policy.events.len(),
            stn.graph.node_count(),
            stn.graph.edge_count(),
            count(Code::W001),
            count(Code::W003),
            count(Code::W004),
            found.len(),
            count(Code::W006),
        );
    }
    println!("{summary}");
    println!("median of {runs} runs:");
    println!(
        "  check (parse, resolve, graph, lints): {:>10.1?}",
        median(total)
    );
    println!(
        "  lints alone:                          {:>10.1?}",
        median(lint_only)
    );
    println!(
        "  W004 network build:                   {:>10.1?}",
        median(stn_build)
    );
    println!(
        "  W004 negative-cycle search:           {:>10.1?}",
        median(stn_search)
    );
    // Each lint on its own (one run each), with the shared analyses prepared once.
    let (checked, sources, _) = check_str("bench.duly", &text, &MemoryLoader::default());
    if let Some(checked) = checked {
        let t = Instant::now();
        let cx = Context::new(&checked, &sources);
        println!(
            "  shared analyses (Context::new):       {:>10.1?}",
            t.elapsed()
        );
        for lint in lints::LINTS {
            let t = Instant::now();
            let mut out = Vec::new();
            (lint.run)(&cx, &mut out);
            println!(
                "  {} {:<34} {:>10.1?}",
                lint.code.as_str(),
                lint.code.name(),
                t.elapsed()
            );
        }
    }
    // The worst shape: one chain through every rule.
    let text = chain(rules);
    let t = Instant::now();
    let (checked, sources, diags) = check_str("chain.duly", &text, &MemoryLoader::default());
    let whole = t.elapsed();
    if let Some(checked) = checked {
        let cx = Context::new(&checked, &sources);
        let stn = infeasible_timescales::network(&cx);
        let t = Instant::now();
        let found = infeasible_timescales::find(&cx, &stn);
        println!(
            "one chain of {} rules: check {whole:.1?}, W004 search {:.1?} ({} cycle of {} constraints)",
            checked.policy.rules.len(),
            t.elapsed(),
            found.len(),
            found.first().map_or(0, |f| f.cycle.len())
        );
    } else {
        let first = diags.0.first().map(|d| d.code.as_str()).unwrap_or_default();
        println!("the chain policy did not compile: {first}");
    }
}
