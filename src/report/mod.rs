//! The case report: `duly eval … --format html` as one self-contained page.
//! Per-rule timeliness first, then cases needing attention, then every case with its timeline.
//!
//! Cases are rendered on the evaluating threads (`render_case`) and handed back in input
//! order to a `Report`, which buffers them (up to a cap) and writes the page at the end.

mod case;
mod html;
mod summary;
mod timeline;

use duly_runtime::case::Case;
use duly_runtime::eval::{Obligation, Status};
use duly_runtime::input::InputError;
use duly_runtime::ir::Policy;
use html::Esc;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Cases shown in full (timeline and obligations); later cases are listed by counts only.
pub const FULL_CASES: usize = 1_000;
/// Bytes of HTML shown in full before later cases are listed by counts only.
pub const FULL_BYTES: usize = 20 << 20;
/// Cases listed by counts after the full ones; any more are counted in the summary only.
pub const LISTED_CASES: usize = 100_000;
/// Entries in the list of cases with overdue obligations.
pub const INDEX_CASES: usize = 1_000;
/// Input errors the page lists (all of them go to standard error).
pub const ERRORS_SHOWN: usize = 500;
/// Up to this many entries, the list of cases with overdue obligations starts open.
pub const OPEN_INDEX: usize = 40;
/// Up to this many cases, each case starts open.
pub const OPEN_CASES: u64 = 20;

/// Renders one case for the report: its anchor, its escaped id, then its section's body
/// (one per line, in that order; `Report::add` takes it apart again).
/// With `full` false only the anchor and id are rendered: the case will be listed by its
/// counts, so its timeline would be thrown away.
pub fn render_case(
    case: &Case,
    obligations: &[Obligation],
    as_of: chrono::NaiveDate,
    policy: &Policy,
    full: bool,
) -> String {
    let anchor = anchor(&case.id);
    let mut out = format!("{anchor}\n{}\n", Esc(&case.id));
    if !full {
        return out;
    }
    let view = View {
        case,
        obligations,
        policy,
        as_of,
        anchor: &anchor,
    };
    let _ = case::render(&mut out, &view);
    out
}

/// One evaluated case, with what its section needs around it.
struct View<'a> {
    case: &'a Case,
    obligations: &'a [Obligation],
    policy: &'a Policy,
    as_of: chrono::NaiveDate,
    /// The case's anchor in the page; rows and marks extend it.
    anchor: &'a str,
}

/// A case's anchor in the page: `case-` and the id, with every character outside
/// `[A-Za-z0-9-]` written as `_` and its UTF-8 bytes in hex, so distinct ids stay distinct.
pub fn anchor(id: &str) -> String {
    let mut out = String::from("case-");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            out.push('_');
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
    out
}

/// One case as the lists show it: anchor, escaped id and counts by status.
struct Listed {
    anchor: String,
    id: String,
    counts: [u32; 8],
}

/// The page being assembled: cases in input order, the first ones in full.
pub struct Report<'p> {
    policy: &'p Policy,
    as_of: chrono::NaiveDate,
    cases: u64,
    overdue_cases: u64,
    full: Vec<(Listed, String)>,
    full_bytes: usize,
    rest: Vec<Listed>,
    unlisted: u64,
}

impl<'p> Report<'p> {
    /// An empty report for `policy` as of `as_of`.
    pub fn new(policy: &'p Policy, as_of: chrono::NaiveDate) -> Report<'p> {
        Report {
            policy,
            as_of,
            cases: 0,
            overdue_cases: 0,
            full: Vec::new(),
            full_bytes: 0,
            rest: Vec::new(),
            unlisted: 0,
        }
    }

    /// Takes the next case in input order: `text` from `render_case` (empty when only the
    /// summary is wanted) and its obligations.
    pub fn add(&mut self, text: String, obligations: &[Obligation]) {
        self.cases += 1;
        let mut counts = [0u32; 8];
        for o in obligations {
            counts[status_index(o.status)] += 1;
        }
        if counts[status_index(Status::Overdue)] > 0 {
            self.overdue_cases += 1;
        }
        let mut parts = text.splitn(3, '\n');
        let (Some(anchor), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return;
        };
        let listed = Listed {
            anchor: anchor.to_string(),
            id: id.to_string(),
            counts,
        };
        let fits = self.full.len() < FULL_CASES && self.full_bytes + body.len() <= FULL_BYTES;
        if self.rest.is_empty() && fits && !body.is_empty() {
            self.full_bytes += body.len();
            self.full.push((listed, body.to_string()));
        } else if self.rest.len() < LISTED_CASES {
            self.rest.push(listed);
        } else {
            self.unlisted += 1;
        }
    }

    /// Whether cases still go into the page in full (else they are only listed).
    pub fn wants_full_cases(&self) -> bool {
        self.rest.is_empty() && self.full.len() < FULL_CASES
    }

    /// Writes the page: summary (from `tallies`, per rule in `Status::ALL` order), cases
    /// with overdue obligations, every case, then the input that could not be evaluated.
    pub fn write(
        self,
        out: &mut impl Write,
        tallies: &[[u64; 8]],
        errors: &[InputError],
        calendar_errors: u64,
    ) -> io::Result<()> {
        let mut page = String::with_capacity(self.full_bytes + (1 << 16));
        let _ = self.head(&mut page);
        let _ = summary::render(
            &mut page,
            self.policy,
            tallies,
            self.cases,
            self.overdue_cases,
        );
        out.write_all(page.as_bytes())?;
        page.clear();
        let _ = self.index(&mut page);
        out.write_all(page.as_bytes())?;
        page.clear();
        let _ = writeln!(page, "<section id=\"cases\">\n<h2>Cases</h2>");
        let _ = self.shown(&mut page);
        out.write_all(page.as_bytes())?;
        let open = if self.cases <= OPEN_CASES {
            " open"
        } else {
            ""
        };
        for (case, body) in &self.full {
            write!(
                out,
                "<details class=\"case\" id=\"{}\"{open}>\n{body}</details>\n",
                case.anchor
            )?;
        }
        page.clear();
        let _ = self.rest(&mut page);
        page.push_str("</section>\n");
        let _ = problems(&mut page, errors, calendar_errors);
        page.push_str("</main>\n</body>\n</html>\n");
        out.write_all(page.as_bytes())
    }

    fn head(&self, out: &mut String) -> std::fmt::Result {
        let title = Esc(&self.policy.title);
        let as_of = duly_runtime::reckon::format_date(self.as_of);
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">"
        )?;
        writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(out, "<title>Case report — {title} — as of {as_of}</title>")?;
        writeln!(out, "<style>{}</style>\n</head>\n<body>", html::STYLE)?;
        out.push_str(html::SYMBOLS);
        writeln!(out, "<main>\n<header>\n<h1>Case report: {title}</h1>")?;
        write!(out, "<p class=\"meta\">")?;
        if let Some(v) = &self.policy.version {
            write!(out, "Version {} · ", Esc(v))?;
        }
        writeln!(
            out,
            "As of <time datetime=\"{}\">{as_of}</time> · {} · made by duly {}</p>",
            self.as_of,
            plural(self.cases, "case", "cases"),
            env!("CARGO_PKG_VERSION")
        )?;
        out.push_str("<nav aria-label=\"Contents\"><ul class=\"toc\"><li><a href=\"#summary\">Timeliness by standard</a></li>");
        if self.overdue_cases > 0 && !(self.full.is_empty() && self.rest.is_empty()) {
            out.push_str("<li><a href=\"#attention\">Cases with overdue obligations</a></li>");
        }
        out.push_str("<li><a href=\"#cases\">Cases</a></li></ul></nav>\n</header>\n");
        Ok(())
    }

    /// The cases with overdue obligations, linked to their sections.
    fn index(&self, out: &mut String) -> std::fmt::Result {
        let shown = self.full.iter().map(|(c, _)| c).chain(&self.rest);
        let overdue: Vec<&Listed> = shown
            .filter(|c| c.counts[status_index(Status::Overdue)] > 0)
            .collect();
        if overdue.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<section id=\"attention\">\n<h2>Cases with overdue obligations</h2>"
        )?;
        writeln!(
            out,
            "<p>{} of {} {} at least one obligation not done and past its due date (input order).</p>",
            html::num(self.overdue_cases),
            plural(self.cases, "case", "cases"),
            if self.overdue_cases == 1 { "has" } else { "have" }
        )?;
        let listed = overdue.len().min(INDEX_CASES);
        writeln!(
            out,
            "<details class=\"index\"{}><summary>List {}, each linked to its section</summary>\n<ul>",
            if listed <= OPEN_INDEX { " open" } else { "" },
            plural(listed as u64, "case", "cases"),
        )?;
        for c in overdue.iter().take(INDEX_CASES) {
            writeln!(
                out,
                "<li><a href=\"#{}\">{}</a> <span class=\"st s-overdue\">{} overdue</span></li>",
                c.anchor,
                c.id,
                c.counts[status_index(Status::Overdue)]
            )?;
        }
        out.push_str("</ul>\n</details>\n");
        let missing = self.overdue_cases - listed as u64;
        if missing > 0 {
            writeln!(
                out,
                "<p class=\"cap\">{} more with overdue obligations {} not listed here, to keep the page quick to open (this list stops at {INDEX_CASES}; see “Cases” for the page's limits). The counts above include them; <code>--format csv</code> lists every obligation.</p>",
                plural(missing, "case", "cases"),
                if missing == 1 { "is" } else { "are" }
            )?;
        }
        out.push_str("</section>\n");
        Ok(())
    }

    /// How many cases follow in full, and why not all of them.
    fn shown(&self, out: &mut String) -> std::fmt::Result {
        if self.full.is_empty() && self.rest.is_empty() {
            return writeln!(
                out,
                "<p>This page shows the summary only; {} counted above.</p>",
                plural(self.cases, "case is", "cases are")
            );
        }
        write!(
            out,
            "<p>Each case shows a timeline of its events and deadlines and a table of its obligations; open a row's “Why” for the reasoning."
        )?;
        if self.cases > OPEN_CASES {
            out.push_str(" Select a case to open it.");
        }
        out.push_str("</p>\n");
        if !self.rest.is_empty() || self.unlisted > 0 {
            writeln!(
                out,
                "<p class=\"cap\"><strong>The first {} of {} are shown in full</strong> (a page shows at most {} cases or {} MB in full, to stay quick to open); the rest are listed below by their counts. Nothing is left out of the summary.</p>",
                html::num(self.full.len() as u64),
                plural(self.cases, "case", "cases"),
                html::num(FULL_CASES as u64),
                FULL_BYTES >> 20
            )?;
        }
        writeln!(out, "{}", html::LEGEND)
    }

    /// The cases after the full ones: one row of counts each.
    fn rest(&self, out: &mut String) -> std::fmt::Result {
        if self.rest.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<table class=\"rest\">\n<caption><h3>Cases {} to {}, by counts</h3></caption>",
            html::num(self.full.len() as u64 + 1),
            html::num((self.full.len() + self.rest.len()) as u64)
        )?;
        out.push_str("<thead><tr><th scope=\"col\">Case</th>");
        for s in LIST_STATUSES {
            write!(out, "<th scope=\"col\">{}</th>", html::status_label(s))?;
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for c in &self.rest {
            write!(
                out,
                "<tr id=\"{}\"><th scope=\"row\">{}</th>",
                c.anchor, c.id
            )?;
            for s in LIST_STATUSES {
                write!(out, "<td>{}</td>", c.counts[status_index(s)])?;
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        if self.unlisted > 0 {
            writeln!(
                out,
                "<p class=\"cap\"><strong>{} more {} not listed</strong> (the page lists at most {} cases); the summary counts them. Use <code>--format csv</code> for every obligation of every case.</p>",
                html::num(self.unlisted),
                if self.unlisted == 1 { "case is" } else { "cases are" },
                html::num((self.full.len() + LISTED_CASES) as u64)
            )?;
        }
        Ok(())
    }
}

/// The statuses a case's counts show, most pressing first.
const LIST_STATUSES: [Status; 6] = [
    Status::Overdue,
    Status::Late,
    Status::Undetermined,
    Status::Pending,
    Status::Early,
    Status::Met,
];

/// Input that could not be evaluated, so that the page never drops it silently.
fn problems(out: &mut String, errors: &[InputError], calendar_errors: u64) -> std::fmt::Result {
    if errors.is_empty() && calendar_errors == 0 {
        return Ok(());
    }
    writeln!(out, "<section id=\"problems\">\n<h2>Input problems</h2>")?;
    if calendar_errors > 0 {
        writeln!(
            out,
            "<p>{} needed bank holidays for a year the calendar does not cover; they are shown as undetermined.</p>",
            plural(calendar_errors, "obligation", "obligations")
        )?;
    }
    if !errors.is_empty() {
        writeln!(
            out,
            "<p>{} in the input: the cases concerned were not evaluated and are not in this report.</p>\n<ul class=\"errors\">",
            plural(errors.len() as u64, "error", "errors")
        )?;
        for e in errors.iter().take(ERRORS_SHOWN) {
            writeln!(out, "<li>{}</li>", Esc(&e.to_string()))?;
        }
        out.push_str("</ul>\n");
        if errors.len() > ERRORS_SHOWN {
            writeln!(
                out,
                "<p class=\"cap\">{} more are not shown here; every error is printed on standard error.</p>",
                html::num((errors.len() - ERRORS_SHOWN) as u64)
            )?;
        }
    }
    out.push_str("</section>\n");
    Ok(())
}

/// Position of a status in `Status::ALL`, the order of every count array here.
fn status_index(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// "1 case", "3,000 cases".
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", html::num(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::anchor;

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(anchor("C-1001"), "case-C-1001");
        assert_eq!(anchor("<C&1>"), "case-_3cC_261_3e");
        assert_ne!(anchor("a_b"), anchor("a b"));
        assert_eq!(anchor("é"), "case-_c3a9");
    }
}
