//! Deterministic synthetic caseload for the evaluation benchmark (no real person).
//!
//! `cargo run --release --example gen_caseload -- CASES OUT_DIR` writes
//! `cases.jsonl`, `events.csv` and `children.csv`: about 26 events a case
//! (referral, decision, strategy discussion, conference, a plan with visits every
//! one to two weeks for months, core groups, reviews, some entries to care).

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn date(day: i64) -> String {
    // Day 0 is 2024-01-01; civil-from-days (Howard Hinnant's algorithm).
    let z = day + 19723 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| "target/bench".into()),
    );
    std::fs::create_dir_all(&dir).expect("create output directory");
    let open = |name: &str| {
        BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(dir.join(name)).expect("create file"),
        )
    };
    let (mut jsonl, mut events, mut children) = (
        open("cases.jsonl"),
        open("events.csv"),
        open("children.csv"),
    );
    writeln!(events, "case,event,at,s47_agreed").unwrap();
    writeln!(children, "case,date_of_birth").unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut total, mut line, mut rows) = (0u64, String::new(), String::new());
    for c in 0..n {
        let id = format!("C-{c:07}");
        let dob = date(rng.range(-6000, -200));
        let mut evs: Vec<(String, String, Option<bool>)> = Vec::new();
        let referral = rng.range(0, 700);
        let hour = rng.range(8, 17);
        evs.push((
            "referral".into(),
            format!("{}T{hour:02}:{:02}", date(referral), rng.range(0, 59)),
            None,
        ));
        let decided = hour + rng.range(1, 30);
        evs.push((
            "decision".into(),
            format!("{}T{:02}:00", date(referral + decided / 24), decided % 24),
            None,
        ));
        let sd = referral + rng.range(1, 9);
        let s47 = rng.chance(70);
        evs.push(("strategy_discussion".into(), date(sd), Some(s47)));
        if s47 {
            let icpc = sd + rng.range(12, 24);
            evs.push(("icpc".into(), date(icpc), None));
            evs.push(("cp_plan_start".into(), date(icpc), None));
            let length = rng.range(120, 360);
            let mut day = icpc;
            while day < icpc + length {
                day += rng.range(7, 15);
                evs.push(("cp_visit".into(), date(day), None));
            }
            let mut cg = icpc + rng.range(7, 16);
            while cg < icpc + length {
                evs.push(("core_group".into(), date(cg), None));
                cg += rng.range(35, 48);
            }
            evs.push(("rcpc".into(), date(icpc + rng.range(80, 100)), None));
            evs.push(("cp_plan_end".into(), date(icpc + length), None));
        }
        if rng.chance(20) {
            let care = referral + rng.range(20, 200);
            evs.push(("entered_care".into(), date(care), None));
            let first = care + rng.range(15, 35);
            evs.push(("lac_review".into(), date(first), None));
            evs.push(("lac_review".into(), date(first + rng.range(80, 100)), None));
        }
        total += evs.len() as u64;
        line.clear();
        write!(
            line,
            "{{\"case\":\"{id}\",\"child\":{{\"date_of_birth\":\"{dob}\"}},\"events\":["
        )
        .unwrap();
        rows.clear();
        for (i, (event, at, s47)) in evs.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            write!(line, "{{\"event\":\"{event}\",\"at\":\"{at}\"").unwrap();
            if let Some(b) = s47 {
                write!(line, ",\"s47_agreed\":{b}").unwrap();
            }
            line.push('}');
            writeln!(
                rows,
                "{id},{event},{at},{}",
                s47.map(|b| b.to_string()).unwrap_or_default()
            )
            .unwrap();
        }
        line.push_str("]}\n");
        jsonl.write_all(line.as_bytes()).unwrap();
        events.write_all(rows.as_bytes()).unwrap();
        writeln!(children, "{id},{dob}").unwrap();
    }
    eprintln!(
        "{n} cases, {total} events ({:.1} a case) in {}",
        total as f64 / n as f64,
        dir.display()
    );
}
