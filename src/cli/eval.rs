//! `duly eval` and `duly explain`: cases in, obligations out.
//!
//! Cases stream from their files in batches; each batch is evaluated on every
//! core (rayon) and written in input order, so memory stays flat in the number
//! of cases and output is stable.

use super::check::load;
use duly_runtime::case::{Case, Names};
use duly_runtime::eval::{Evaluator, Obligation, Status};
use duly_runtime::input::{self, CaseResult, InputError};
use duly_runtime::ir::Policy;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};

/// How `duly eval` prints obligations.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum EvalFormat {
    /// A readable list per case.
    Human,
    /// One JSON object per case (JSON Lines).
    Json,
    /// One row per obligation.
    Csv,
    /// A self-contained HTML case report: per-rule timeliness, then each case's timeline
    /// and obligations with their reasoning (see docs/reports.md).
    Html,
}

/// Options shared by `eval` and `explain`.
pub struct Options {
    /// The policy file.
    pub policy: PathBuf,
    /// Case files (`-` for standard input).
    pub cases: Vec<PathBuf>,
    /// `children.csv` for CSV input.
    pub children: Option<PathBuf>,
    /// Evaluation day.
    pub as_of: chrono::NaiveDate,
    /// Count weekends only in years the calendar does not cover (with a warning).
    pub allow_uncovered: bool,
}

const BATCH: usize = 2048;

/// A case as a reader hands it over: parsed already, or raw text (a JSON line,
/// the rows of a CSV case) that the evaluating thread parses, so parsing runs on
/// every core, not only the reader's.
enum Item {
    Parsed(CaseResult),
    Line(u64, String),
    Rows(Arc<input::CsvSchema>, input::CsvGroup),
}

/// A source of cases: one of the readers, boxed so files of different kinds chain.
type Cases<'p> = Box<dyn Iterator<Item = Item> + Send + 'p>;

fn io_error(file: &str, e: &io::Error) -> InputError {
    InputError {
        file: file.to_string(),
        line: 0,
        column: None,
        case: None,
        message: format!("cannot read: {e}"),
        help: Some("check the path".into()),
    }
}

/// Opens one case file, choosing the reader by extension and content.
fn open<'p>(
    path: &Path,
    policy: &'p Policy,
    children: &Arc<input::Children>,
) -> Result<Cases<'p>, InputError> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let parsed = |cases: Box<dyn Iterator<Item = CaseResult> + Send + 'p>| -> Cases<'p> {
        Box::new(cases.map(Item::Parsed))
    };
    if name == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| io_error(&name, &e))?;
        return Ok(parsed(from_text(text, &name, policy, children)));
    }
    let file = File::open(path).map_err(|e| io_error(&name, &e))?;
    match ext.as_str() {
        "jsonl" | "ndjson" => {
            let lines = input::RawLines::new(BufReader::with_capacity(1 << 20, file));
            Ok(Box::new(lines.map(move |l| match l {
                Ok((n, text)) => Item::Line(n, text),
                Err(e) => Item::Parsed(Err(io_error(&name, &e))),
            })))
        }
        "csv" => {
            let grouped = input::rows_are_grouped(BufReader::new(
                File::open(path).map_err(|e| io_error(&name, &e))?,
            ));
            let rows: Box<dyn Read + Send> = if grouped {
                Box::new(BufReader::with_capacity(1 << 20, file))
            } else {
                let mut text = String::new();
                BufReader::new(file)
                    .read_to_string(&mut text)
                    .map_err(|e| io_error(&name, &e))?;
                let sorted = input::group_rows(&text).map_err(|m| InputError {
                    file: name.clone(),
                    line: 0,
                    column: None,
                    case: None,
                    message: m,
                    help: None,
                })?;
                Box::new(io::Cursor::new(sorted.into_bytes()))
            };
            let (schema, groups) =
                input::CsvSchema::read(rows, &name, policy, Arc::clone(children))?;
            let schema = Arc::new(schema);
            Ok(Box::new(groups.map(move |g| match g {
                Ok(group) => Item::Rows(Arc::clone(&schema), group),
                Err(e) => Item::Parsed(Err(e)),
            })))
        }
        _ => {
            let mut text = String::new();
            BufReader::new(file)
                .read_to_string(&mut text)
                .map_err(|e| io_error(&name, &e))?;
            Ok(parsed(from_text(text, &name, policy, children)))
        }
    }
}

/// A case from a reader's item, parsing it here if the reader left that to us;
/// or every problem that kept it from being read.
fn parse_item(
    item: Item,
    file: &str,
    policy: &Policy,
    names: &Names,
) -> Result<Case, Vec<InputError>> {
    match item {
        Item::Parsed(r) => r.map_err(|e| vec![e]),
        Item::Line(n, text) => {
            input::parse_line(&text, file, n, policy, names).map_err(|e| vec![e])
        }
        Item::Rows(schema, group) => schema.build(group, policy, names),
    }
}

/// Chooses a reader for text whose kind is not known from a file extension.
fn from_text<'p>(
    text: String,
    name: &str,
    policy: &'p Policy,
    children: &Arc<input::Children>,
) -> Box<dyn Iterator<Item = CaseResult> + Send + 'p> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("case,") || trimmed.starts_with("\"case\",") {
        return Box::new(input::CsvReader::new(
            io::Cursor::new(text.into_bytes()),
            name,
            policy,
            Arc::clone(children),
        ));
    }
    let one_document = serde_json::from_str::<&serde_json::value::RawValue>(trimmed).is_ok();
    if one_document || !trimmed.starts_with('{') {
        return Box::new(input::read_json_document(&text, name, policy).into_iter());
    }
    Box::new(
        input::JsonLinesReader::new(io::Cursor::new(text.into_bytes()), name, policy)
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

fn read_children(
    path: Option<&Path>,
    policy: &Policy,
    errors: &mut Vec<InputError>,
) -> Arc<input::Children> {
    Arc::new(read_children_file(path, policy, errors))
}

fn read_children_file(
    path: Option<&Path>,
    policy: &Policy,
    errors: &mut Vec<InputError>,
) -> input::Children {
    let Some(path) = path else {
        return input::Children::new();
    };
    let name = path.display().to_string();
    match File::open(path) {
        Ok(f) => input::read_children(BufReader::new(f), &name, policy).unwrap_or_else(|e| {
            errors.extend(e);
            input::Children::new()
        }),
        Err(e) => {
            errors.push(io_error(&name, &e));
            input::Children::new()
        }
    }
}

#[derive(Serialize)]
struct CaseReport<'a> {
    case: &'a str,
    as_of: String,
    obligations: &'a [Obligation],
}

/// One case, evaluated on a worker: its rendered output, each obligation's
/// (rule index, status, calendar gap) for the tallies, and the obligations
/// themselves only when the HTML report needs them (dropping them on the worker
/// keeps the collecting thread's share of the work small).
struct Evaluated {
    text: String,
    marks: Vec<(u32, Status, bool)>,
    obligations: Vec<Obligation>,
}

/// Per-rule counts across all cases.
#[derive(Default, Clone)]
struct Tally {
    counts: [u64; 8],
}

fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// The format an output file's extension asks for, if it names one.
fn format_of(path: &Path) -> Option<EvalFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Some(EvalFormat::Html),
        "csv" => Some(EvalFormat::Csv),
        "json" | "jsonl" | "ndjson" => Some(EvalFormat::Json),
        _ => None,
    }
}

/// Runs `duly eval`, writing to `output` (standard output if `None`).
pub fn eval(
    opts: &Options,
    format: Option<EvalFormat>,
    output: Option<&Path>,
    summary: bool,
    parse_only: bool,
) -> ExitCode {
    let checked = match load(&opts.policy) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let policy = &checked.policy;
    let format = format.or_else(|| output.and_then(format_of)).unwrap_or(
        if output.is_none() && io::stdout().is_terminal() {
            EvalFormat::Human
        } else {
            EvalFormat::Json
        },
    );
    let sink: Box<dyn Write> = match output {
        None => Box::new(io::stdout().lock()),
        Some(path) => match File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let mut evaluator = Evaluator::new(policy, opts.as_of, opts.allow_uncovered);
    evaluator.explain = !summary && matches!(format, EvalFormat::Json | EvalFormat::Html);
    evaluator.strings = !summary;
    // For cases the HTML report lists by their counts only: statuses, no text.
    let lean = (format == EvalFormat::Html).then(|| {
        let mut lean = Evaluator::new(policy, opts.as_of, opts.allow_uncovered);
        (lean.explain, lean.strings) = (false, false);
        lean
    });
    let names = Names::new(policy);
    let mut errors: Vec<InputError> = Vec::new();
    let children = read_children(opts.children.as_deref(), policy, &mut errors);
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    if format == EvalFormat::Csv && !summary {
        let _ = writeln!(
            out,
            "case,rule,task,anchor_event,anchor_at,due,target,status,done,late_by"
        );
    }
    let progress = progress_bar();
    let mut tallies = vec![Tally::default(); policy.rules.len()];
    let mut calendar_errors = 0u64;
    let mut cases_seen = 0u64;
    let mut report =
        (format == EvalFormat::Html).then(|| crate::report::Report::new(policy, opts.as_of));
    for path in &opts.cases {
        let reader = match open(path, policy, &children) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let file = path.display().to_string();
        // One thread reads and splits the file while the others parse and evaluate.
        std::thread::scope(|scope| {
            let (batches, received) = mpsc::sync_channel::<Vec<Item>>(4);
            // The report's cases are large (timelines, explanations): hand them over in
            // smaller batches so memory stays low.
            let size = if report.is_some() { BATCH / 8 } else { BATCH };
            scope.spawn(move || read_batches(reader, size, &batches));
            for batch in received {
                // Past the report's cap, cases are listed by counts only: skip their timelines.
                let full = report.as_ref().is_none_or(|r| r.wants_full_cases());
                let results: Vec<Result<Evaluated, Vec<InputError>>> = batch
                    .into_par_iter()
                    .map(|item| {
                        parse_item(item, &file, policy, &names).map(|case: Case| {
                            let mut done = Evaluated {
                                text: String::new(),
                                marks: Vec::new(),
                                obligations: Vec::new(),
                            };
                            if parse_only {
                                return done;
                            }
                            let obligations = match &lean {
                                Some(lean) if !full => lean,
                                _ => &evaluator,
                            }
                            .evaluate(&case);
                            if !summary {
                                done.text = render_case(
                                    &case,
                                    &obligations,
                                    opts.as_of,
                                    format,
                                    policy,
                                    full,
                                );
                            }
                            done.marks = obligations
                                .iter()
                                .map(|o| (o.rule_index as u32, o.status, o.calendar_error))
                                .collect();
                            if report.is_some() {
                                done.obligations = obligations;
                            }
                            done
                        })
                    })
                    .collect();
                for r in results {
                    match r {
                        Ok(done) => {
                            cases_seen += 1;
                            for &(rule, status, calendar_error) in &done.marks {
                                tallies[rule as usize].counts[status_index(status)] += 1;
                                calendar_errors += u64::from(calendar_error);
                            }
                            if let Some(report) = &mut report {
                                report.add(done.text, &done.obligations);
                            } else if !summary {
                                let _ = out.write_all(done.text.as_bytes());
                            }
                        }
                        Err(e) => errors.extend(e),
                    }
                }
                if let Some(p) = &progress {
                    p.set_position(cases_seen);
                }
            }
        });
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if let Some(report) = report {
        let counts: Vec<[u64; 8]> = tallies.iter().map(|t| t.counts).collect();
        if let Err(e) = report.write(&mut out, &counts, &errors, calendar_errors) {
            eprintln!("error: cannot write the report: {e}");
        }
    } else if summary {
        write_summary(&mut out, policy, &tallies, cases_seen, format);
    }
    let _ = out.flush();
    finish(&errors, calendar_errors)
}

/// Hands the reader's items over in batches until it runs dry or nobody listens.
fn read_batches(reader: Cases, size: usize, batches: &mpsc::SyncSender<Vec<Item>>) {
    let mut batch = Vec::with_capacity(size);
    for item in reader {
        batch.push(item);
        if batch.len() == size {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
            if batches.send(full).is_err() {
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = batches.send(batch);
    }
}

fn progress_bar() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let p = ProgressBar::new_spinner();
    p.set_style(
        ProgressStyle::with_template("{spinner} {pos} cases evaluated ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    Some(p)
}

/// Reports input errors and calendar gaps on stderr; any makes the exit status 1.
fn finish(errors: &[InputError], calendar_errors: u64) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    if calendar_errors > 0 {
        eprintln!(
            "error: {calendar_errors} obligation(s) needed bank holidays for a year the calendar does not cover; they are `undetermined`. Add a newer bank-holidays.json or pass --allow-uncovered."
        );
    }
    if !errors.is_empty() {
        eprintln!(
            "{} input error(s): the cases with errors were not evaluated",
            errors.len()
        );
    }
    if errors.is_empty() && calendar_errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn render_case(
    case: &Case,
    obligations: &[Obligation],
    as_of: chrono::NaiveDate,
    format: EvalFormat,
    policy: &Policy,
    full: bool,
) -> String {
    let id = case.id.as_str();
    match format {
        EvalFormat::Html => crate::report::render_case(case, obligations, as_of, policy, full),
        EvalFormat::Json => {
            let report = CaseReport {
                case: id,
                as_of: as_of.to_string(),
                obligations,
            };
            serde_json::to_string(&report).unwrap_or_default() + "\n"
        }
        EvalFormat::Csv => {
            let mut s = String::new();
            for o in obligations {
                let anchor = o.anchor.as_ref();
                let row = [
                    id,
                    &o.rule,
                    &o.task,
                    anchor.map(|a| a.event.as_str()).unwrap_or(""),
                    anchor.map(|a| a.at.as_str()).unwrap_or(""),
                    o.due.as_deref().unwrap_or(""),
                    o.target.as_deref().unwrap_or(""),
                    o.status.as_str(),
                    o.done.as_deref().unwrap_or(""),
                    o.late_by.as_deref().unwrap_or(""),
                ];
                s.push_str(
                    &row.iter()
                        .map(|f| csv_field(f))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                s.push('\n');
            }
            s
        }
        EvalFormat::Human => {
            let mut s = format!("Case {id} (as of {as_of})\n");
            for o in obligations {
                let label = policy
                    .events
                    .iter()
                    .find(|e| e.name == o.task)
                    .map(|e| e.label.as_str())
                    .unwrap_or(&o.task);
                let due = o
                    .due
                    .as_deref()
                    .or(o.target.as_deref())
                    .unwrap_or("no fixed date");
                let done = o
                    .done
                    .as_deref()
                    .map(|d| format!(", done {d}"))
                    .unwrap_or_default();
                let late = o
                    .late_by
                    .as_deref()
                    .map(|l| format!(", {l} late"))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "  {:<10} {:<14} {label}: due {due}{done}{late}\n",
                    o.rule,
                    o.status.as_str()
                ));
            }
            s
        }
    }
}

fn write_summary(
    out: &mut impl Write,
    policy: &Policy,
    tallies: &[Tally],
    cases: u64,
    format: EvalFormat,
) {
    let c = |t: &Tally, s: Status| t.counts[status_index(s)];
    let rows: Vec<(String, String, [u64; 5], Option<f64>)> = policy
        .rules
        .iter()
        .zip(tallies)
        .map(|(r, t)| {
            let reference = policy.standards[r.standard as usize].reference.clone();
            let task = policy.events[r.task.event as usize].label.clone();
            let (met, late, overdue, pending, early) = (
                c(t, Status::Met),
                c(t, Status::Late),
                c(t, Status::Overdue),
                c(t, Status::Pending),
                c(t, Status::Early),
            );
            let applicable = met + late + overdue + pending + early;
            let decided = met + late + overdue + early;
            let pct = (decided > 0).then(|| 100.0 * met as f64 / decided as f64);
            (
                reference,
                task,
                [applicable, met, late, overdue, pending],
                pct,
            )
        })
        .collect();
    match format {
        // The HTML report writes its own summary (`crate::report`); eval() never calls this for it.
        EvalFormat::Html => {}
        EvalFormat::Json => {
            for (reference, task, n, pct) in &rows {
                let row = serde_json::json!({"rule": reference, "task": task, "applicable": n[0], "met": n[1], "late": n[2], "overdue": n[3], "pending": n[4], "on_time_percent": pct.map(|p| (p * 10.0).round() / 10.0)});
                let _ = writeln!(out, "{row}");
            }
        }
        EvalFormat::Csv => {
            let _ = writeln!(
                out,
                "rule,task,applicable,met,late,overdue,pending,on_time_percent"
            );
            for (reference, task, n, pct) in &rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{}",
                    csv_field(reference),
                    csv_field(task),
                    n[0],
                    n[1],
                    n[2],
                    n[3],
                    n[4],
                    pct.map(|p| format!("{p:.1}")).unwrap_or_default()
                );
            }
        }
        EvalFormat::Human => {
            let _ = writeln!(out, "Timeliness across {cases} case(s)\n");
            let _ = writeln!(
                out,
                "{:<10} {:>10} {:>8} {:>8} {:>8} {:>8} {:>9}  task",
                "rule", "applicable", "met", "late", "overdue", "pending", "on time"
            );
            for (reference, task, n, pct) in &rows {
                let pct = pct
                    .map(|p| format!("{p:.1}%"))
                    .unwrap_or_else(|| "–".into());
                let _ = writeln!(
                    out,
                    "{:<10} {:>10} {:>8} {:>8} {:>8} {:>8} {:>9}  {task}",
                    reference, n[0], n[1], n[2], n[3], n[4], pct
                );
            }
            let _ = writeln!(out, "\n“on time” is met ÷ (met + late + overdue + early); pending obligations are not yet decided.");
        }
    }
}

/// Runs `duly explain`: every deadline of the case(s), explained step by step.
pub fn explain(
    opts: &Options,
    case_id: Option<&str>,
    rule: Option<&str>,
    task: Option<&str>,
    json: bool,
) -> ExitCode {
    let checked = match load(&opts.policy) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let policy = &checked.policy;
    let evaluator = Evaluator::new(policy, opts.as_of, opts.allow_uncovered);
    let names = Names::new(policy);
    let mut errors = Vec::new();
    let children = read_children(opts.children.as_deref(), policy, &mut errors);
    let mut shown = 0;
    let mut calendar_errors = 0;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for path in &opts.cases {
        let reader = match open(path, policy, &children) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let file = path.display().to_string();
        for item in reader {
            let case = match parse_item(item, &file, policy, &names) {
                Ok(c) => c,
                Err(e) => {
                    errors.extend(e);
                    continue;
                }
            };
            if case_id.is_some_and(|id| id != case.id) {
                continue;
            }
            shown += 1;
            let obligations: Vec<Obligation> = evaluator
                .evaluate(&case)
                .into_iter()
                .filter(|o| rule.is_none_or(|r| r == o.rule) && task.is_none_or(|t| t == o.task))
                .collect();
            calendar_errors += obligations.iter().filter(|o| o.calendar_error).count() as u64;
            if json {
                let _ = out.write_all(
                    render_case(
                        &case,
                        &obligations,
                        opts.as_of,
                        EvalFormat::Json,
                        policy,
                        true,
                    )
                    .as_bytes(),
                );
                continue;
            }
            let _ = writeln!(out, "Case {} (as of {})\n", case.id, opts.as_of);
            for o in &obligations {
                let due = o
                    .due
                    .as_deref()
                    .or(o.target.as_deref())
                    .unwrap_or("no fixed date");
                let _ = writeln!(
                    out,
                    "{} · {} · {} · due {due}",
                    o.rule,
                    o.task,
                    o.status.as_str().replace('_', " ")
                );
                for line in &o.explanation {
                    let _ = writeln!(out, "  {line}");
                }
                let _ = writeln!(out);
            }
            if obligations.is_empty() {
                let _ = writeln!(out, "  No obligations match.\n");
            }
        }
    }
    if shown == 0 && errors.is_empty() {
        eprintln!("error: no case {} in the input", case_id.unwrap_or(""));
        return ExitCode::from(1);
    }
    finish(&errors, calendar_errors)
}

/// Parses `--as-of`: an ISO date, or `today`.
pub fn parse_as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    if s == "today" {
        return Ok(chrono::Local::now().date_naive());
    }
    duly_runtime::case::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))
}
