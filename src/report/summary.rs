//! The report's first section: per-rule timeliness across the caseload (the numbers of
//! `duly eval --summary`), each row with a bar splitting its obligations by status.

use super::html::{num, Esc};
use super::{plural, status_index};
use duly_runtime::eval::Status;
use duly_runtime::ir::Policy;
use std::fmt::{self, Write};

/// The statuses a bar splits an applicable count into, in bar order.
const BAR: [Status; 5] = [
    Status::Met,
    Status::Early,
    Status::Late,
    Status::Overdue,
    Status::Pending,
];

/// The columns of counts, in table order (applicable comes first, computed).
const COLUMNS: [Status; 6] = [
    Status::Met,
    Status::Late,
    Status::Overdue,
    Status::Pending,
    Status::Early,
    Status::Undetermined,
];

/// Obligations that applied: met, late, overdue, pending or early (as `--summary` counts them).
fn applicable(t: &[u64; 8]) -> u64 {
    BAR.iter().map(|s| t[status_index(*s)]).sum()
}

/// Met ÷ (met + late + overdue + early), to one decimal as `--summary` rounds it.
fn on_time(t: &[u64; 8]) -> Option<f64> {
    let c = |s: Status| t[status_index(s)];
    let decided = c(Status::Met) + c(Status::Late) + c(Status::Overdue) + c(Status::Early);
    (decided > 0).then(|| (1000.0 * c(Status::Met) as f64 / decided as f64).round() / 10.0)
}

/// Writes the summary section; `tallies` holds each rule's counts in `Status::ALL` order.
pub fn render(
    out: &mut String,
    policy: &Policy,
    tallies: &[[u64; 8]],
    cases: u64,
    overdue_cases: u64,
) -> fmt::Result {
    let mut total = [0u64; 8];
    for t in tallies {
        for (sum, n) in total.iter_mut().zip(t) {
            *sum += n;
        }
    }
    writeln!(
        out,
        "<section id=\"summary\">\n<h2>Timeliness by standard</h2>"
    )?;
    let c = |s: Status| total[status_index(s)];
    write!(
        out,
        "<p class=\"overall\">Across {}: {} applied, of which ",
        plural(cases, "case", "cases"),
        plural(applicable(&total), "obligation", "obligations")
    )?;
    let parts: Vec<String> = BAR
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                num(c(*s)),
                super::html::status_label(*s).to_lowercase()
            )
        })
        .collect();
    write!(out, "{}. ", parts.join(", "))?;
    write!(
        out,
        "{} undetermined (data missing), {} not applicable, {} waived. ",
        num(c(Status::Undetermined)),
        num(c(Status::NotApplicable)),
        num(c(Status::Waived))
    )?;
    writeln!(
        out,
        "<strong>{} {} at least one overdue obligation.</strong></p>",
        plural(overdue_cases, "case", "cases"),
        if overdue_cases == 1 { "has" } else { "have" }
    )?;
    out.push_str("<div class=\"overall-bar\">");
    bar(out, &total)?;
    out.push_str("</div>\n<ul class=\"bar-key\" aria-label=\"Bar colours\">");
    for s in BAR {
        write!(
            out,
            "<li><svg aria-hidden=\"true\" viewBox=\"0 0 10 10\" preserveAspectRatio=\"none\"><rect class=\"seg s-{}\" width=\"10\" height=\"10\"/></svg>{}</li>",
            s.as_str(),
            super::html::status_label(s)
        )?;
    }
    out.push_str("</ul>\n");
    out.push_str("<table class=\"summary\">\n<caption>Each standard's obligations across all cases, by status</caption>\n<thead><tr><th scope=\"col\">Standard</th><th scope=\"col\">Task</th><th scope=\"col\" class=\"num\">Applicable</th>");
    for s in COLUMNS {
        write!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            super::html::status_label(s)
        )?;
    }
    out.push_str("<th scope=\"col\" class=\"num\">On time</th><th scope=\"col\" class=\"split\">Split</th></tr></thead>\n<tbody>\n");
    // Standards that applied to no case go in a list after the table, not in rows of zeros.
    let mut unused = Vec::new();
    for (rule, t) in policy.rules.iter().zip(tallies) {
        let reference = policy
            .standards
            .get(rule.standard as usize)
            .map_or("", |s| s.reference.as_str());
        let task = policy
            .events
            .get(rule.task.event as usize)
            .map_or("", |e| e.label.as_str());
        if applicable(t) == 0 && t[status_index(Status::Undetermined)] == 0 {
            unused.push((reference, task));
            continue;
        }
        write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            Esc(reference),
            Esc(task)
        )?;
        numbers(out, t)?;
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">All standards</th>");
    numbers(out, &total)?;
    out.push_str("</tr></tfoot>\n</table>\n");
    out.push_str("<p class=\"note\">“On time” is met ÷ (met + late + overdue + early); pending obligations are not yet decided. Undetermined obligations lack the data to decide and are not counted as applicable.</p>\n");
    if !unused.is_empty() {
        writeln!(
            out,
            "<details class=\"unused\"><summary>{} applied to none of these cases</summary>\n<ul>",
            plural(unused.len() as u64, "rule", "rules")
        )?;
        for (reference, task) in unused {
            writeln!(out, "<li><b>{}</b> {}</li>", Esc(reference), Esc(task))?;
        }
        out.push_str("</ul>\n</details>\n");
    }
    out.push_str("</section>\n");
    Ok(())
}

/// The count cells of one row, its on-time percentage and its bar.
fn numbers(out: &mut String, t: &[u64; 8]) -> fmt::Result {
    write!(out, "<td class=\"num\">{}</td>", num(applicable(t)))?;
    for s in COLUMNS {
        write!(out, "<td class=\"num\">{}</td>", num(t[status_index(s)]))?;
    }
    match on_time(t) {
        Some(p) => write!(out, "<td class=\"num\">{p:.1}%</td>")?,
        None => out.push_str("<td class=\"num none\">–</td>"),
    }
    out.push_str("<td class=\"split\">");
    bar(out, t)?;
    out.push_str("</td>");
    Ok(())
}

/// A horizontal bar split by status; its text alternative says the same in words.
fn bar(out: &mut String, t: &[u64; 8]) -> fmt::Result {
    let total = applicable(t);
    if total == 0 {
        return out.write_str("<span class=\"none\">none applied</span>");
    }
    let words: Vec<String> = BAR
        .iter()
        .filter(|s| t[status_index(**s)] > 0)
        .map(|s| {
            format!(
                "{} {}",
                num(t[status_index(*s)]),
                super::html::status_label(*s).to_lowercase()
            )
        })
        .collect();
    write!(
        out,
        "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{} applicable: {1}\"><title>{1}</title>",
        num(total),
        words.join(", ")
    )?;
    let mut x = 0.0;
    for s in BAR {
        let n = t[status_index(s)];
        if n == 0 {
            continue;
        }
        let w = 100.0 * n as f64 / total as f64;
        write!(
            out,
            "<rect class=\"seg s-{}\" x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"10\"/>",
            s.as_str()
        )?;
        x += w;
    }
    out.push_str("</svg>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::on_time;

    #[test]
    fn on_time_rounds_like_the_json_summary() {
        // met, late, overdue, pending, early, n/a, waived, undetermined
        assert_eq!(on_time(&[1, 1, 1, 5, 0, 0, 0, 0]), Some(33.3));
        assert_eq!(on_time(&[49, 351, 0, 0, 0, 0, 0, 0]), Some(12.3));
        assert_eq!(on_time(&[0, 0, 0, 2, 0, 0, 0, 0]), None);
    }
}
