//! One case's section: a summary line with its counts, the timeline, and its obligations
//! in a table whose rows expand to the reasoning (not applicable and waived ones apart).

use super::html::{self, Esc};
use super::{status_index, timeline, View, LIST_STATUSES};
use duly_runtime::eval::{Obligation, Status};
use duly_runtime::ir::Policy;
use std::fmt::{self, Write};

/// Writes the section's contents (the `<details>` element around them is the report's).
pub fn render(out: &mut String, view: &View) -> fmt::Result {
    let View {
        case,
        obligations,
        policy,
        anchor,
        ..
    } = *view;
    let mut counts = [0u32; 8];
    for o in obligations {
        counts[status_index(o.status)] += 1;
    }
    write!(
        out,
        "<summary><h3>Case <span class=\"id\">{}</span></h3> <span class=\"counts\">",
        Esc(&case.id)
    )?;
    let mut any = false;
    for s in LIST_STATUSES {
        let n = counts[status_index(s)];
        if n > 0 {
            write!(
                out,
                "<span class=\"st s-{0}\"><svg class=\"mk\" aria-hidden=\"true\"><use href=\"#m-{0}\"/></svg>{n} {1}</span>",
                s.as_str(),
                html::status_label(s).to_lowercase()
            )?;
            any = true;
        }
    }
    if !any {
        out.push_str("<span class=\"st\">no dated obligations</span>");
    }
    out.push_str("</span></summary>\n<div class=\"case-body\">\n<figure class=\"tl\">\n");
    timeline::render(out, view)?;
    out.push_str("</figure>\n");
    let (quiet, live): (Vec<_>, Vec<_>) = obligations
        .iter()
        .enumerate()
        .partition(|(_, o)| matches!(o.status, Status::NotApplicable | Status::Waived));
    if live.is_empty() {
        out.push_str("<p class=\"none\">No obligation applies to this case.</p>\n");
    } else {
        table(out, policy, &live, anchor, true, &case.id)?;
    }
    if !quiet.is_empty() {
        writeln!(
            out,
            "<details class=\"quiet\"><summary>Not applicable or waived ({})</summary>",
            quiet.len()
        )?;
        table(out, policy, &quiet, anchor, false, &case.id)?;
        out.push_str("</details>\n");
    }
    out.push_str("</div>\n");
    Ok(())
}

/// A table of obligations; `full` adds the due, done and late-by columns.
fn table(
    out: &mut String,
    policy: &Policy,
    rows: &[(usize, &Obligation)],
    anchor: &str,
    full: bool,
    id: &str,
) -> fmt::Result {
    let what = if full {
        "Obligations"
    } else {
        "Not applicable or waived"
    };
    writeln!(
        out,
        "<table class=\"obligations{}\">\n<caption>{what} of case {}: {}</caption>",
        if full { "" } else { " compact" },
        Esc(id),
        rows.len()
    )?;
    out.push_str("<thead><tr><th scope=\"col\">Standard</th><th scope=\"col\">Task</th><th scope=\"col\">Counted from</th>");
    if full {
        out.push_str("<th scope=\"col\">Due by</th><th scope=\"col\">Done</th>");
    }
    out.push_str("<th scope=\"col\">Status</th>");
    if full {
        out.push_str("<th scope=\"col\">Late by</th>");
    }
    out.push_str("<th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
    for (i, o) in rows {
        row(out, policy, *i, o, anchor, full)?;
    }
    out.push_str("</tbody>\n</table>\n");
    Ok(())
}

fn row(
    out: &mut String,
    policy: &Policy,
    i: usize,
    o: &Obligation,
    anchor: &str,
    full: bool,
) -> fmt::Result {
    write!(
        out,
        "<tr id=\"{anchor}-o{i}\"><th scope=\"row\">{}</th><td>{}</td><td>",
        Esc(&o.rule),
        Esc(html::event_label(policy, &o.task))
    )?;
    match &o.anchor {
        Some(a) => {
            write!(out, "{}<br>", Esc(html::event_label(policy, &a.event)))?;
            html::time(out, &a.at)?;
        }
        None => out.push_str("<span class=\"none\">–</span>"),
    }
    out.push_str("</td>");
    if full {
        out.push_str("<td>");
        match &o.due {
            Some(due) => html::time(out, due)?,
            None => out.push_str("<span class=\"none\">no fixed date</span>"),
        }
        if let Some(target) = &o.target {
            out.push_str("<div class=\"target\">target ");
            html::time(out, target)?;
            out.push_str("</div>");
        }
        out.push_str("</td><td>");
        match &o.done {
            Some(done) => html::time(out, done)?,
            None => out.push_str("<span class=\"none\">not recorded</span>"),
        }
        out.push_str("</td>");
    }
    out.push_str("<td>");
    html::badge(out, o.status)?;
    out.push_str("</td>");
    if full {
        write!(out, "<td>{}</td>", Esc(o.late_by.as_deref().unwrap_or("")))?;
    }
    out.push_str("<td>");
    if o.explanation.is_empty() {
        out.push_str("<span class=\"none\">–</span>");
    } else {
        out.push_str("<details class=\"why\"><summary>Why</summary><ol>");
        for line in &o.explanation {
            write!(out, "<li>{}</li>", Esc(line))?;
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</td></tr>\n");
    Ok(())
}
