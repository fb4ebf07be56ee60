//! `docs/LANGUAGE.md` stays true: every ```` ```duly ```` block in it is checked, and the
//! messages in its table of common mistakes are the compiler's real ones.
//!
//! Each ```` ```duly ```` block must have, on the nearest non-blank line before its
//! opening fence, an HTML comment (invisible when the page is rendered) saying how
//! it is checked:
//!
//! * `<!-- check: policy -->`: a whole policy file. It must check with no errors,
//!   read as if saved in `policies/` (so `use "common/events.duly"` works).
//! * `<!-- check: copied from PATH -->`: the block is copied from the file `PATH`
//!   (relative to the repository root). Every non-blank line of the block, comments
//!   and spacing aside, must be a line of `PATH`. A line that starts an item
//!   (`standard`, `event`, `child`, `policy` …) may come from anywhere in `PATH`;
//!   every other line must come after the block's line before it and from the same
//!   standard (no `standard` line of `PATH` in between). Lines may be left out (a
//!   quote, other rules), and standards may be shown in another order. A
//!   copied whole policy must also check with no errors, and copied standards must
//!   check after `PATH`'s declarations.
//! * `<!-- check: fragment of PATH -->`: standards written for the guide from
//!   `PATH`'s rules (abridged, or several standards side by side). They must check
//!   with no errors after `PATH`'s declarations.
//! * `<!-- check: illustration -->`: a form no shipped document needs. It must check
//!   with no errors after a minimal prelude: a `policy` header and
//!   `use "common/events.duly"` (the block may declare anything else it needs).
//!
//! A policy's *declarations* are its lines before the first line that starts with
//! `section` or `standard` (the shipped policies declare everything first).
//!
//! The table after `<!-- check: mistakes -->` lists mistakes: in each row, the code
//! spans of the first cell are the lines written (after the minimal prelude and, for a
//! bare rule, a `standard` line; a first line `policy …` replaces the prelude), and the
//! second cell is `**CODE** message`, optionally followed by ` — help: ` and the help.
//! Both must be exactly what `duly check` reports; a message that ends in ` …` need
//! only begin the real one (for messages that go on to name lines).
//!
//! Failures name the block's line in `LANGUAGE.md` and show the diagnostic.

use duly_compiler::check::{check_loaded, FsLoader};
use duly_compiler::diagnostic::{Diagnostic, Diagnostics, Severity};
use duly_compiler::render;
use duly_compiler::source::Sources;
use std::path::Path;

const DOC: &str = "docs/LANGUAGE.md";

const PRELUDE: &str =
    "policy \"Language reference\"\n  calendar england_and_wales\nuse \"common/events.duly\"\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A ```duly block: the 1-based line of its first line, its text, and its marker.
struct Block {
    line: usize,
    text: String,
    marker: Option<String>,
}

fn blocks(doc: &str) -> Vec<Block> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() == "```duly" {
            let marker = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .and_then(|l| marker(l));
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim_end() != "```" {
                end += 1;
            }
            out.push(Block {
                line: start + 1,
                text: lines[start..end].join("\n") + "\n",
                marker,
            });
            i = end;
        }
        i += 1;
    }
    out
}

/// The text of a `<!-- check: … -->` comment.
fn marker(line: &str) -> Option<String> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    Some(inner.strip_prefix("check:")?.trim().to_string())
}

/// A line with its comment removed and its spacing normalised: what must match
/// between a copied example and its source. A suppression (`# duly: allow …`) is
/// kept: it is part of what the example shows.
fn normalise(line: &str) -> String {
    if line.trim_start().starts_with("# duly:") {
        return line.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    duly_compiler::trivia::without_comments(line)
}

fn starts_with_word(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// The lines of `path` before its first `section` or `standard`.
fn declarations(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(root().join(path))
        .map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let mut out = String::new();
    for line in text.lines() {
        if starts_with_word(line, "section") || starts_with_word(line, "standard") {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// Checks `text` as a policy saved in `dir` (relative to the root); returns the
/// rendered errors and every diagnostic.
fn check(name: &str, dir: &str, text: &str) -> (Vec<String>, Diagnostics) {
    let mut sources = Sources::new();
    let mut diags = Diagnostics::default();
    let file = sources.add(name, text);
    check_loaded(file, &root().join(dir), &FsLoader, &mut sources, &mut diags);
    diags.sort();
    let errors = diags
        .0
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| render::human(d, &sources))
        .collect();
    (errors, diags)
}

fn dir_of(path: &str) -> String {
    Path::new(path)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// Checks `fragment` after the declarations of `path`.
fn check_after_declarations(path: &str, fragment: &str) -> Result<(), String> {
    let text = declarations(path)? + fragment;
    let name = format!("{path} (declarations) + the example");
    let (errors, _) = check(&name, &dir_of(path), &text);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn check_whole(text: &str) -> Result<(), String> {
    let (errors, _) = check("the example", "policies", text);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// The words that begin a declaration, a standard or the header: a line of an example
/// that starts with one may come from anywhere in the source; the lines after it
/// must follow it there, in order.
const ITEMS: [&str; 7] = [
    "policy", "use", "child", "event", "period", "section", "standard",
];

/// Every line of `block` is a line of `path`, in order within each item, and no rule
/// strays into another standard.
fn copied_from(path: &str, block: &str) -> Result<(), String> {
    let source = std::fs::read_to_string(root().join(path))
        .map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let source: Vec<String> = source.lines().map(normalise).collect();
    let mut previous: Option<usize> = None;
    for line in block.lines().map(normalise).filter(|l| !l.is_empty()) {
        let item = ITEMS.iter().any(|w| starts_with_word(&line, w));
        let from = match previous {
            Some(p) if !item => p + 1,
            _ => 0,
        };
        let Some(found) = (from..source.len()).find(|&i| source[i] == line) else {
            return Err(if source.contains(&line) {
                format!("`{line}` is in `{path}`, but not after the line before it")
            } else {
                format!("`{line}` is not a line of `{path}`")
            });
        };
        if let (Some(p), false) = (previous, item) {
            if source[p + 1..found]
                .iter()
                .any(|l| starts_with_word(l, "standard"))
            {
                return Err(format!(
                    "`{line}` comes from a different standard of `{path}` than the line before it"
                ));
            }
        }
        previous = Some(found);
    }
    Ok(())
}

fn check_block(b: &Block) -> Result<(), String> {
    let Some(marker) = &b.marker else {
        return Err("no `<!-- check: … -->` comment before this ```duly block (see tests/language_doc.rs for the conventions)".into());
    };
    let has = |word: &str| b.text.lines().any(|l| starts_with_word(l.trim(), word));
    if marker == "policy" {
        return check_whole(&b.text);
    }
    if marker == "illustration" {
        return check_whole(&format!("{PRELUDE}{}", b.text));
    }
    if let Some(path) = marker.strip_prefix("copied from ") {
        copied_from(path, &b.text)?;
        return if has("policy") {
            check_whole(&b.text)
        } else if has("standard") {
            check_after_declarations(path, &b.text)
        } else {
            Ok(())
        };
    }
    if let Some(path) = marker.strip_prefix("fragment of ") {
        return check_after_declarations(path, &b.text);
    }
    Err(format!("unknown check `{marker}`"))
}

#[test]
fn every_duly_block_in_the_language_reference_checks() {
    let doc = std::fs::read_to_string(root().join(DOC)).expect("read docs/LANGUAGE.md");
    let blocks = blocks(&doc);
    assert!(blocks.len() > 100, "found only {} blocks", blocks.len());
    let failures: Vec<String> = blocks
        .iter()
        .filter_map(|b| {
            check_block(b)
                .err()
                .map(|e| format!("{DOC} line {}: {e}", b.line))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n\n{}",
        failures.len(),
        blocks.len(),
        failures.join("\n\n")
    );
}

/// One row of the mistakes table: its line, the lines written, code, message, help.
struct Mistake {
    line: usize,
    wrote: Vec<String>,
    code: String,
    message: String,
    help: Option<String>,
}

/// The code spans of a table cell.
fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// The cells of a table row, splitting on `|` outside code spans (`\|` is a literal bar).
fn cells(row: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut in_code = false;
    let mut chars = row.trim().trim_matches('|').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                out.last_mut().unwrap().push('|');
            }
            '`' => {
                in_code = !in_code;
                out.last_mut().unwrap().push(c);
            }
            '|' if !in_code => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

fn mistakes(doc: &str) -> Vec<Mistake> {
    let lines: Vec<&str> = doc.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| marker(l).as_deref() == Some("mistakes"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, row) in lines.iter().enumerate().skip(start + 1) {
        let row = row.trim();
        if row.is_empty() && out.is_empty() {
            continue;
        }
        if !row.starts_with('|') {
            break;
        }
        let c = cells(row);
        let Some(says) = c.get(1).and_then(|s| s.strip_prefix("**")) else {
            continue; // the header or the separator
        };
        let Some((code, rest)) = says.split_once("** ") else {
            continue;
        };
        let (message, help) = match rest.split_once(" — help: ") {
            Some((m, h)) => (m.to_string(), Some(h.to_string())),
            None => (rest.to_string(), None),
        };
        out.push(Mistake {
            line: i + 1,
            wrote: code_spans(&c[0]),
            code: code.to_string(),
            message,
            help,
        });
    }
    out
}

fn describe(d: &Diagnostic) -> String {
    format!(
        "{} {}{}",
        d.code.as_str(),
        d.message,
        d.help
            .as_ref()
            .map(|h| format!(" — help: {h}"))
            .unwrap_or_default()
    )
}

#[test]
fn the_common_mistakes_table_shows_the_real_messages() {
    let doc = std::fs::read_to_string(root().join(DOC)).expect("read docs/LANGUAGE.md");
    let rows = mistakes(&doc);
    assert!(
        rows.len() >= 20,
        "found {} rows after `<!-- check: mistakes -->`",
        rows.len()
    );
    let mut failures = Vec::new();
    for m in &rows {
        let written = m.wrote.join("\n");
        let text = if m
            .wrote
            .first()
            .is_some_and(|l| starts_with_word(l, "policy"))
        {
            format!("{written}\n")
        } else {
            let declares = ["standard", "event", "period", "child", "section", "#"];
            let first = m.wrote.first().map(String::as_str).unwrap_or("");
            let standard = if declares.iter().any(|w| first.starts_with(w)) {
                ""
            } else {
                "standard T \"Mistake\"\n"
            };
            // A standard after the mistake shows what a stray comment swallows.
            format!("{PRELUDE}{standard}{written}\nstandard END \"After the mistake\"\n")
        };
        let (_, diags) = check("mistake.duly", "policies", &text);
        let message_matches = |d: &Diagnostic| match m.message.strip_suffix(" …") {
            Some(prefix) => d.message.starts_with(prefix),
            None => d.message == m.message,
        };
        let found = diags.0.iter().find(|d| {
            d.code.as_str() == m.code
                && message_matches(d)
                && m.help.as_ref().is_none_or(|h| d.help.as_ref() == Some(h))
        });
        if found.is_none() {
            let got: Vec<String> = diags.0.iter().map(describe).collect();
            failures.push(format!(
                "{DOC} line {}: `{written}` should give {} {}{}\n  duly says:\n    {}",
                m.line,
                m.code,
                m.message,
                m.help
                    .as_ref()
                    .map(|h| format!(" — help: {h}"))
                    .unwrap_or_default(),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn conventions_catch_what_they_should() {
    // A block copied out of order, or a rule moved to another standard, is not a copy.
    let path = "policies/hackney-children-and-families-2026.duly";
    assert!(copied_from(
        path,
        "standard 6.1 \"Initial Child Protection Conference\" owner \"SW/CPL\"\n  icpc within 15 working days of strategy_discussion where s47_agreed  # a note\n"
    )
    .is_ok());
    assert!(copied_from(
        path,
        "standard 6.1 \"Initial Child Protection Conference\" owner \"SW/CPL\"\n  cp_visit every 10 working days while cp_plan\n"
    )
    .is_err());
    assert!(copied_from(path, "icpc within 16 working days of strategy_discussion\n").is_err());
    // A fragment with an unknown event fails, and the failure says why.
    let e = check_after_declarations(
        path,
        "standard Z.1 \"Z\"\n  icpc within 2 days of strategy_discusion\n",
    )
    .unwrap_err();
    assert!(e.contains("E003"), "{e}");
    // A comment after a selector is a comment; the selector is not.
    assert_eq!(
        normalise("  lac_review#2 in less than 3 months of lac_review#1  # note"),
        "lac_review#2 in less than 3 months of lac_review#1"
    );
    assert_eq!(
        normalise("quote \"a \\\" # b\" # c"),
        "quote \"a \\\" # b\""
    );
    // A block with no marker is reported.
    let b = &blocks("text\n\n```duly\nevent a \"A\"\n```\n")[0];
    assert!(check_block(b).is_err());
}
