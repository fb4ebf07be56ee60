//! Text to AST: runs the pest grammar and builds [`ast::File`] with spans.
//!
//! Syntax errors become an `E001` diagnostic written for a policy author:
//! what was expected in words, what was found, and a "did you mean" when the
//! found word is close to a keyword.

use crate::ast::*;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, Span};
use crate::trivia;
use chrono::NaiveDate;
use duly_grammar::{DulyParser, Rule as R};
use duly_runtime::duration::{Counting, Unit};
use duly_runtime::ir::{CmpOp, DateBound, Unnumbered};
use duly_runtime::suggest::closest;
use pest::iterators::{Pair, Pairs};
use pest::Parser;

/// Deepest parenthesis nesting accepted; real standards use two or three levels.
pub const MAX_NESTING: usize = 64;

/// Parses one file.
pub fn parse(file: FileId, text: &str) -> Result<File, Box<Diagnostic>> {
    check_nesting(file, text)?;
    let pairs =
        DulyParser::parse(R::file, text).map_err(|e| Box::new(syntax_error(file, text, e)))?;
    let mut b = Builder { file };
    let mut items = Vec::new();
    for pair in pairs.flatten().take(1) {
        for item in pair.into_inner() {
            if item.as_rule() != R::EOI {
                items.push(b.item(item));
            }
        }
    }
    Ok(File { items })
}

/// Rejects pathological nesting before the recursive-descent parser sees it,
/// so 10,000 nested parentheses give a diagnostic rather than a stack overflow.
fn check_nesting(file: FileId, text: &str) -> Result<(), Box<Diagnostic>> {
    let mut depth = 0usize;
    for (i, c, part) in trivia::parts(text) {
        if part != trivia::Part::Code {
            continue;
        }
        match c {
            '(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Box::new(
                        Diagnostic::new(
                            Code::E002,
                            format!("parentheses are nested more than {MAX_NESTING} levels deep"),
                            Label::new(Span::new(file, i..i + 1), "too deep here"),
                        )
                        .with_help(
                            "split the condition into simpler parts, e.g. several `where` clauses",
                        ),
                    ));
                }
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn syntax_error(file: FileId, text: &str, e: pest::error::Error<R>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = word_at(text, pos);
    let found_desc = if found.is_empty() {
        if pos >= text.len() {
            "the end of the file".to_string()
        } else {
            format!("`{}`", text[pos..].chars().next().unwrap_or(' '))
        }
    } else {
        format!("`{found}`")
    };
    let expected: Vec<&str> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut v: Vec<&str> = positives.iter().filter_map(|r| describe(*r)).collect();
            v.dedup();
            let mut seen = Vec::new();
            v.retain(|d| {
                let new = !seen.contains(d);
                seen.push(*d);
                new
            });
            v
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // A timescale may begin with a duration (`three months after X`): saying both is noise.
    let mut expected = expected;
    if expected.iter().any(|e| e.starts_with("a timescale")) {
        expected.retain(|e| !e.starts_with("a duration"));
    }
    let message = match expected.as_slice() {
        [] => format!("unexpected {found_desc}"),
        [one] => format!("expected {one}, found {found_desc}"),
        many => format!(
            "expected {} or {}, found {found_desc}",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
    };
    let end = (pos + found.len().max(1)).min(text.len()).max(pos);
    let label_text = if expected.is_empty() {
        "not understood here".to_string()
    } else {
        format!("expected {}", expected[0])
    };
    let mut d = Diagnostic::new(
        Code::E001,
        message,
        Label::new(Span::new(file, pos..end), label_text),
    );
    d.help = Some(
        match expected.as_slice() {
            ["a quoted string"] => quote_help(text, pos),
            _ => None,
        }
        .unwrap_or_else(|| help_for(found, &expected)),
    );
    d
}

/// Text written without its quotes (`owner SW/CPL`): the same text, quoted.
/// It runs to the end of the line, a quote or comment, or the next clause.
fn quote_help(text: &str, pos: usize) -> Option<String> {
    const CLAUSES: &[&str] = &[
        "policy", "version", "calendar", "closed", "timezone", "counting", "use", "child", "event",
        "period", "section", "standard", "owner", "quote",
    ];
    let line = text.get(pos..)?.split(['\n', '\r', '"', '#']).next()?;
    let words: Vec<&str> = line
        .split_whitespace()
        .take_while(|w| !CLAUSES.contains(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    let before = text.get(..pos)?.split_whitespace().next_back();
    let keyword = before.filter(|w| CLAUSES.contains(w));
    // Quotes copied from a word processor (`“SW”`) or single quotes are not string quotes.
    let inner = words.join(" ");
    let inner = inner.trim_matches(['\'', '‘', '’', '“', '”']);
    if inner.is_empty() {
        return None;
    }
    let quoted = format!("\"{inner}\"");
    Some(match keyword {
        Some(k) => format!("text goes in double quotes: write `{k} {quoted}`"),
        None => format!("text goes in double quotes: write `{quoted}`"),
    })
}

fn help_for(found: &str, expected: &[&str]) -> String {
    if !found.is_empty() {
        if let Some(k) = closest(found, KEYWORDS.iter().copied()) {
            if k != found {
                return format!("did you mean `{k}`?");
            }
        }
        if found.chars().any(|c| c.is_ascii_uppercase())
            && found.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return format!(
                "names are lower-case snake_case: write `{}`",
                found.to_ascii_lowercase()
            );
        }
        if KEYWORDS.contains(&found) && expected.iter().any(|e| e.contains("name")) {
            return format!(
                "`{found}` is a reserved word; choose another name, e.g. `{found}_date`"
            );
        }
    }
    if expected.iter().any(|e| e.contains("timescale")) {
        return "a rule reads `TASK within 15 working days of ANCHOR` (see docs/SYNTAX.md for every form)".into();
    }
    if expected.iter().any(|e| e.starts_with("a duration"))
        && expected.iter().any(|e| e.starts_with("a unit"))
    {
        return "write how long, e.g. `3 months`, or a unit alone for one of it, e.g. `month`"
            .into();
    }
    if expected.iter().any(|e| e.contains("unit")) {
        return "write the unit after the number, e.g. `15 working days`, `6 weeks`, `24 hours`"
            .into();
    }
    "see docs/SYNTAX.md for the forms a policy file may use".into()
}

/// Words that are keywords somewhere in the grammar (for "did you mean").
const KEYWORDS: &[&str] = &[
    "policy",
    "version",
    "calendar",
    "closed",
    "timezone",
    "counting",
    "use",
    "child",
    "event",
    "period",
    "section",
    "standard",
    "owner",
    "quote",
    "within",
    "usually",
    "but",
    "always",
    "of",
    "in",
    "less",
    "than",
    "between",
    "and",
    "after",
    "before",
    "by",
    "at",
    "least",
    "not",
    "every",
    "while",
    "from",
    "until",
    "then",
    "for",
    "the",
    "first",
    "when",
    "has",
    "lasted",
    "as",
    "soon",
    "possible",
    "immediately",
    "where",
    "unless",
    "or",
    "earliest",
    "latest",
    "start",
    "end",
    "age",
    "week",
    "pregnancy",
    "birthday",
    "true",
    "false",
    "prior",
    "to",
    "following",
    "year",
    "hours",
    "days",
    "working",
    "weeks",
    "months",
    "years",
    "weekly",
    "fortnightly",
    "monthly",
    "annually",
    "yearly",
];

fn word_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    &rest[..len]
}

/// Plain words for grammar rules, so errors say "a duration", not "duration".
fn describe(kind: R) -> Option<&'static str> {
    Some(match kind {
        R::EOI => "the end of the file",
        R::policy_header | R::kw_policy => "`policy \"Title\"`",
        R::use_decl | R::kw_use => "`use \"file.duly\"`",
        R::child_decl
        | R::event_decl
        | R::period_decl
        | R::term_decl
        | R::section_decl
        | R::standard => "a declaration (`event`, `period`, `child`, `section` or `standard`)",
        R::kw_child | R::kw_event | R::kw_period | R::kw_section | R::kw_standard => {
            "a declaration (`event`, `period`, `child`, `section` or `standard`)"
        }
        R::rule | R::task => "a rule such as `icpc within 15 working days of strategy_discussion`",
        R::usually_within
        | R::within
        | R::less_than
        | R::between
        | R::not_before_after
        | R::at_least_after
        | R::at_least_before
        | R::at_age
        | R::pregnancy_week
        | R::every_year
        | R::before_anchor
        | R::by_anchor
        | R::clock_before
        | R::closest
        | R::phased
        | R::recurring
        | R::milestone
        | R::asap
        | R::immediately
        | R::frequency
        | R::every
        | R::adverb
        | R::kw_within
        | R::kw_usually
        | R::kw_every
        | R::kw_when => "a timescale (`within …`, `every …`, `at least … before …`, `before …`)",
        R::duration | R::integer | R::decimal | R::fraction | R::number_word | R::bare_amount => {
            "a duration such as `15 working days`"
        }
        R::unit
        | R::hours_unit
        | R::working_days_unit
        | R::calendar_days_unit
        | R::days_unit
        | R::weeks_unit
        | R::months_unit
        | R::years_unit => "a unit (`hours`, `days`, `working days`, `weeks`, `months`, `years`)",
        R::anchor
        | R::event_ref
        | R::earliest
        | R::latest
        | R::period_start
        | R::period_end
        | R::birthday => "an event to count from",
        R::ident | R::path | R::qualifier | R::path_name => "a name",
        R::string => "a quoted string",
        R::date => "a date (YYYY-MM-DD)",
        R::reference | R::bare_ref => "a standard reference such as `6.1`",
        R::cond | R::disjunction | R::conjunction | R::negation | R::comparison => "a condition",
        R::value => "a value",
        R::cmp_op => "a comparison (`=`, `!=`, `<`, `>=` …)",
        R::where_clause | R::kw_where => "`where`",
        R::unless_clause | R::kw_unless => "`unless`",
        R::kw_of => "`of`",
        R::kw_after => "`after`",
        R::kw_before => "`before`",
        R::kw_to => "`to`",
        R::kw_from => "`from`",
        R::kw_and => "`and`",
        R::kw_or => "`or`",
        R::kw_then => "`then`",
        R::kw_while => "`while`",
        R::kw_until => "`until`",
        R::kw_has => "`has`",
        R::kw_lasted => "`lasted`",
        R::kw_on => "`on`",
        R::clock_time => "a time such as `16:00`",
        R::day_word => "a day such as `Thursday`",
        R::closest_word => "`closest`",
        R::attr_decl => "an attribute such as `s47_agreed: bool`",
        R::prim_type | R::enum_type => "a type (`bool`, `date`, `number`, `text` or `a | b | c`)",
        R::owner | R::kw_owner => "`owner \"…\"`",
        R::quote | R::kw_quote => "`quote \"…\"`",
        R::then_every | R::extension => "`, then every …` or `, or … where …`",
        R::selector => "an occurrence such as `#2` or `#last`",
        _ => return None,
    })
}

struct Builder {
    file: FileId,
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// Parses an amount token into a reduced fraction. Saturates rather than overflows;
/// the checker rejects out-of-range amounts.
fn amount_value(pair: &Pair<R>) -> (u64, u64) {
    let s = pair.as_str();
    let digits = |t: &str| -> u64 { t.parse::<u64>().unwrap_or(u64::MAX / 8) };
    let (n, d) = match pair.as_rule() {
        R::integer => (digits(s), 1),
        R::decimal => {
            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
            let frac = &frac[..frac.len().min(6)];
            let den = 10u64.pow(frac.len() as u32);
            (
                digits(whole)
                    .saturating_mul(den)
                    .saturating_add(digits(frac)),
                den,
            )
        }
        R::fraction => {
            let (whole, part) =
                s.split_at(s.len() - s.chars().last().map(|c| c.len_utf8()).unwrap_or(0));
            let whole = if whole.is_empty() { 0 } else { digits(whole) };
            let (pn, pd) = match part {
                "½" => (1, 2),
                "¼" => (1, 4),
                _ => (3, 4),
            };
            (whole.saturating_mul(pd).saturating_add(pn), pd)
        }
        _ => (number_word(s), 1),
    };
    let g = gcd(n, d);
    (n / g, d / g)
}

fn number_word(s: &str) -> u64 {
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if s == "a" {
        return 1;
    }
    WORDS.iter().position(|w| *w == s).unwrap_or(0) as u64
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl Builder {
    fn span(&self, pair: &Pair<R>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start()..s.end())
    }

    fn ident(&self, pair: Pair<R>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn text(&self, pair: Pair<R>) -> Text {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
        Text {
            value: unescape(inner),
            span,
        }
    }

    fn date(&self, pair: Pair<R>) -> DateLit {
        DateLit {
            text: pair.as_str().to_string(),
            date: parse_date(pair.as_str()),
            span: self.span(&pair),
        }
    }

    fn item(&mut self, pair: Pair<R>) -> Item {
        match pair.as_rule() {
            R::policy_header => Item::Policy(self.header(pair)),
            R::use_decl => {
                let span = self.span(&pair);
                let path = self.text(
                    strings(pair.into_inner())
                        .next()
                        .expect("grammar: use has a string"),
                );
                Item::Use(UseDecl { path, span })
            }
            R::child_decl => Item::Child(self.attrs(pair.into_inner())),
            R::event_decl => {
                let mut inner = pair.into_inner().filter(|p| p.as_rule() != R::kw_event);
                let name = self.ident(inner.next().expect("grammar: event has a name"));
                let mut label = None;
                let mut attrs = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        R::string => label = Some(self.text(p)),
                        R::attr_decl => attrs.push(self.attr(p)),
                        _ => {}
                    }
                }
                Item::Event(EventDecl { name, label, attrs })
            }
            R::period_decl => {
                let mut name = None;
                let mut label = None;
                let mut refs = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        R::ident => name = Some(self.ident(p)),
                        R::string => label = Some(self.text(p)),
                        R::event_ref => refs.push(self.event_ref(p)),
                        _ => {}
                    }
                }
                let mut refs = refs.into_iter();
                Item::Period(PeriodDecl {
                    name: name.expect("grammar: period has a name"),
                    label,
                    start: refs.next().expect("grammar: period has a start"),
                    end: refs.next().expect("grammar: period has an end"),
                })
            }
            R::term_decl => {
                let span = self.span(&pair);
                let mut name = None;
                let mut dates = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        R::string => name = Some(self.text(p)),
                        R::date => dates.push(self.date(p)),
                        _ => {}
                    }
                }
                let mut dates = dates.into_iter();
                Item::Term(TermDecl {
                    name: name.expect("grammar: term has a name"),
                    start: dates.next().expect("grammar: term has a first day"),
                    end: dates.next().expect("grammar: term has a last day"),
                    span,
                })
            }
            R::section_decl => Item::Section(
                self.text(
                    strings(pair.into_inner())
                        .next()
                        .expect("grammar: section has a title"),
                ),
            ),
            R::standard => Item::Standard(self.standard(pair)),
            other => unreachable!("grammar: unexpected item {other:?}"),
        }
    }

    fn header(&mut self, pair: Pair<R>) -> PolicyHeader {
        let mut span = self.span(&pair);
        let mut h = PolicyHeader {
            title: Text {
                value: String::new(),
                span,
            },
            version: None,
            calendar: None,
            closed: Vec::new(),
            timezone: None,
            counting: None,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                R::string => {
                    h.title = self.text(p);
                    span.end = h.title.span.end;
                    h.span = span;
                }
                R::version_clause => {
                    h.version = strings(p.into_inner()).next().map(|s| self.text(s))
                }
                R::calendar_clause => {
                    for c in p.into_inner() {
                        match c.as_rule() {
                            R::string => h.calendar = Some(CalendarRef::File(self.text(c))),
                            R::ident => h.calendar = Some(CalendarRef::Division(self.ident(c))),
                            _ => {}
                        }
                    }
                }
                R::closed_clause => {
                    for r in p.into_inner().filter(|r| r.as_rule() == R::closed_range) {
                        let mut dates = r.into_inner().filter(|d| d.as_rule() == R::date);
                        let from =
                            self.date(dates.next().expect("grammar: closed range has a date"));
                        let to = dates.next().map(|d| self.date(d));
                        h.closed.push(ClosedRange { from, to });
                    }
                }
                R::timezone_clause => {
                    h.timezone = strings(p.into_inner()).next().map(|s| self.text(s))
                }
                R::counting_clause => {
                    let span = self.span(&p);
                    h.counting = Some((counting_of(p), span));
                }
                _ => {}
            }
        }
        h
    }

    fn attrs(&self, pairs: Pairs<R>) -> Vec<AttrDecl> {
        pairs
            .filter(|p| p.as_rule() == R::attr_decl)
            .map(|p| self.attr(p))
            .collect()
    }

    fn attr(&self, pair: Pair<R>) -> AttrDecl {
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: attribute has a name"));
        let ty_pair = inner.next().expect("grammar: attribute has a type");
        let ty = match ty_pair.as_rule() {
            R::enum_type => {
                AttrTypeAst::Enum(ty_pair.into_inner().map(|v| self.ident(v)).collect())
            }
            _ => match ty_pair.as_str() {
                "bool" => AttrTypeAst::Bool,
                "date" => AttrTypeAst::Date,
                "number" => AttrTypeAst::Number,
                _ => AttrTypeAst::Text,
            },
        };
        AttrDecl { name, ty }
    }

    fn standard(&mut self, pair: Pair<R>) -> Standard {
        let whole = self.span(&pair);
        let mut inner = pair
            .into_inner()
            .filter(|p| p.as_rule() != R::kw_standard)
            .peekable();
        let reference_pair = inner.next().expect("grammar: standard has a reference");
        let reference = {
            let span = self.span(&reference_pair);
            let r = reference_pair
                .into_inner()
                .next()
                .expect("grammar: reference has content");
            match r.as_rule() {
                R::string => self.text(r),
                _ => Text {
                    value: r.as_str().to_string(),
                    span,
                },
            }
        };
        let mut s = Standard {
            reference,
            title: None,
            owner: None,
            quotes: Vec::new(),
            rules: Vec::new(),
            counting: None,
            span: whole,
        };
        let mut header_end = s.reference.span.end;
        for p in inner {
            match p.as_rule() {
                R::string => {
                    let t = self.text(p);
                    header_end = t.span.end;
                    s.title = Some(t);
                }
                R::owner => s.owner = strings(p.into_inner()).next().map(|t| self.text(t)),
                R::quote => s
                    .quotes
                    .extend(strings(p.into_inner()).map(|t| self.text(t))),
                R::rule => s.rules.push(self.rule(p)),
                R::counting_clause => s.counting = Some(counting_of(p)),
                _ => {}
            }
        }
        s.span.end = header_end;
        s
    }

    fn rule(&mut self, pair: Pair<R>) -> Rule {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let task_pair = inner.next().expect("grammar: rule has a task");
        let task = self.event_ref(
            task_pair
                .into_inner()
                .next()
                .expect("grammar: task is an event"),
        );
        let mut timing_pair = inner.next().expect("grammar: rule has a timing");
        let optional = timing_pair.as_rule() == R::if_any;
        if optional {
            timing_pair = inner.next().expect("grammar: rule has a timing");
        }
        let soft = timing_pair.as_rule() == R::soft_timing;
        let timing_pair = if soft {
            timing_pair
                .into_inner()
                .find(|p| p.as_rule() != R::kw_usually)
                .expect("grammar: soft timing has a timing")
        } else {
            timing_pair
        };
        let timing = self.timing(timing_pair);
        let mut rule = Rule {
            task,
            timing,
            wheres: Vec::new(),
            unlesses: Vec::new(),
            during: None,
            proportion: None,
            soft,
            optional,
            span,
        };
        for p in inner {
            match p.as_rule() {
                R::during_clause => {
                    rule.during = p
                        .into_inner()
                        .find(|i| i.as_rule() == R::ident)
                        .map(|i| self.ident(i))
                }
                R::proportion => {
                    let pspan = self.span(&p);
                    let n = p
                        .into_inner()
                        .find(|i| matches!(i.as_rule(), R::integer | R::decimal))
                        .and_then(|i| i.as_str().parse::<f64>().ok());
                    rule.proportion = Some((n.unwrap_or(f64::NAN), pspan));
                }
                R::where_clause | R::unless_clause => {
                    let is_where = p.as_rule() == R::where_clause;
                    let cond = self.cond(
                        p.into_inner()
                            .find(|c| c.as_rule() == R::cond)
                            .expect("grammar: clause has a condition"),
                    );
                    if is_where {
                        rule.wheres.push(cond);
                    } else {
                        rule.unlesses.push(cond);
                    }
                }
                _ => {}
            }
        }
        rule
    }

    fn event_ref(&self, pair: Pair<R>) -> EventRef {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: event_ref has a name"));
        let selector = inner.next().map(|sel| {
            let s = sel
                .into_inner()
                .next()
                .expect("grammar: selector has a body");
            let n = |t: &str| t.trim_end_matches('+').parse::<u32>().unwrap_or(u32::MAX);
            match s.as_rule() {
                R::sel_last => Selector::Last,
                R::sel_first => Selector::Nth(1),
                R::sel_from => Selector::From(n(s.as_str())),
                _ => Selector::Nth(n(s.as_str())),
            }
        });
        EventRef {
            name,
            selector,
            span,
        }
    }

    fn duration(&self, pair: Pair<R>) -> DurationAst {
        let span = self.span(&pair);
        let written = pair
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut inner = pair.into_inner();
        let amount = inner.next().expect("grammar: duration has an amount");
        let (numerator, denominator) = amount_value(&amount);
        let unit = unit_of(inner.next().expect("grammar: duration has a unit"));
        DurationAst {
            numerator,
            denominator,
            unit,
            written,
            span,
        }
    }

    fn amount(&self, pair: Pair<R>) -> AmountAst {
        let span = self.span(&pair);
        let written = pair.as_str().to_string();
        let inner = if pair.as_rule() == R::bare_amount {
            pair.into_inner()
                .next()
                .expect("grammar: bare amount has a number")
        } else {
            pair
        };
        let (numerator, denominator) = amount_value(&inner);
        AmountAst {
            numerator,
            denominator,
            written,
            span,
        }
    }

    fn maybe_duration(&self, pair: Pair<R>) -> MaybeDuration {
        match pair.as_rule() {
            R::duration => MaybeDuration::Full(self.duration(pair)),
            _ => MaybeDuration::Bare(self.amount(pair)),
        }
    }

    fn frequency(&self, pair: Pair<R>) -> Frequency {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: frequency has a form");
        let plain = |every: DurationAst| Frequency {
            every,
            times: None,
            at_least: None,
            term: false,
        };
        match inner.as_rule() {
            R::term_frequency => Frequency {
                every: DurationAst {
                    numerator: 1,
                    denominator: 1,
                    unit: Unit::Months,
                    written: inner.as_str().to_string(),
                    span,
                },
                times: None,
                at_least: None,
                term: true,
            },
            R::times_frequency => {
                let phrase = inner
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut times = (1u32, None);
                let mut window = None;
                for p in inner.into_inner() {
                    match p.as_rule() {
                        R::times_count => times = times_of(p),
                        R::adverb => window = Some(self.adverb(p, span)),
                        R::duration => window = Some(self.duration(p)),
                        R::unit => {
                            let unit = unit_of(p);
                            window = Some(DurationAst {
                                numerator: 1,
                                denominator: 1,
                                unit,
                                written: format!("1 {}", unit.name(1)),
                                span,
                            });
                        }
                        _ => {}
                    }
                }
                let mut every = window.expect("grammar: counted frequency has a window");
                every.written = phrase;
                Frequency {
                    every,
                    times: Some(times),
                    at_least: None,
                    term: false,
                }
            }
            R::every => {
                let p = inner
                    .into_inner()
                    .find(|p| p.as_rule() != R::kw_every)
                    .expect("grammar: every has a duration");
                match p.as_rule() {
                    R::duration => plain(self.duration(p)),
                    R::ranged => {
                        let mut low = None;
                        let mut high = None;
                        for q in p.into_inner() {
                            match q.as_rule() {
                                R::duration => high = Some(self.duration(q)),
                                R::integer | R::decimal | R::fraction | R::number_word => {
                                    low = Some((
                                        amount_value(&q),
                                        q.as_str().to_string(),
                                        self.span(&q),
                                    ))
                                }
                                _ => {}
                            }
                        }
                        let high = high.expect("grammar: ranged frequency has a duration");
                        let at_least = low.map(|((n, d), w, sp)| DurationAst {
                            numerator: n,
                            denominator: d,
                            unit: high.unit,
                            written: format!("{w} {}", high.unit.name(2)),
                            span: sp,
                        });
                        Frequency {
                            every: high,
                            times: None,
                            at_least,
                            term: false,
                        }
                    }
                    _ => {
                        let unit = unit_of(p);
                        plain(DurationAst {
                            numerator: 1,
                            denominator: 1,
                            unit,
                            written: format!("1 {}", unit.name(1)),
                            span,
                        })
                    }
                }
            }
            _ => plain(self.adverb(inner, span)),
        }
    }

    fn adverb(&self, inner: Pair<R>, span: Span) -> DurationAst {
        let written = inner.as_str().to_string();
        let mut amount = (1u64, 1u64);
        let mut word = "";
        for p in inner.into_inner() {
            match p.as_rule() {
                R::adverb_word => word = p.as_str(),
                _ => amount = amount_value(&p),
            }
        }
        let (unit, mult) = match word {
            "daily" => (Unit::Days, 1),
            "weekly" => (Unit::Weeks, 1),
            "fortnightly" => (Unit::Weeks, 2),
            "monthly" => (Unit::Months, 1),
            _ => (Unit::Years, 1),
        };
        DurationAst {
            numerator: amount.0.saturating_mul(mult),
            denominator: amount.1,
            unit,
            written,
            span,
        }
    }

    fn scope(&mut self, pair: Pair<R>) -> ScopeAst {
        match pair.as_rule() {
            R::while_period => ScopeAst::While(
                self.ident(
                    pair.into_inner()
                        .find(|p| p.as_rule() == R::ident)
                        .expect("grammar: while names a period"),
                ),
            ),
            R::until_event => ScopeAst::Until(
                self.anchor(
                    pair.into_inner()
                        .find(|p| p.as_rule() == R::anchor)
                        .expect("grammar: until names an anchor"),
                ),
            ),
            _ => {
                let mut anchor = None;
                let mut until = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        R::anchor => anchor = Some(self.anchor(p)),
                        R::until_event => {
                            until = p
                                .into_inner()
                                .find(|e| e.as_rule() == R::anchor)
                                .map(|e| self.anchor(e))
                        }
                        _ => {}
                    }
                }
                ScopeAst::From(anchor.expect("grammar: from has an anchor"), until)
            }
        }
    }

    fn anchor(&mut self, pair: Pair<R>) -> Anchor {
        let pair = if pair.as_rule() == R::anchor {
            pair.into_inner()
                .next()
                .expect("grammar: anchor has a form")
        } else {
            pair
        };
        let span = self.span(&pair);
        match pair.as_rule() {
            R::date => Anchor::Date(self.date(pair)),
            R::event_ref => Anchor::Event(self.event_ref(pair)),
            R::earliest | R::latest => {
                let earliest = pair.as_rule() == R::earliest;
                let parts = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == R::anchor)
                    .map(|p| self.anchor(p))
                    .collect();
                if earliest {
                    Anchor::Earliest(parts, span)
                } else {
                    Anchor::Latest(parts, span)
                }
            }
            R::period_start | R::period_end => {
                let start = pair.as_rule() == R::period_start;
                let id = self.ident(
                    pair.into_inner()
                        .find(|p| p.as_rule() == R::ident)
                        .expect("grammar: names a period"),
                );
                if start {
                    Anchor::PeriodStart(id, span)
                } else {
                    Anchor::PeriodEnd(id, span)
                }
            }
            R::birthday => {
                let ord = pair
                    .into_inner()
                    .find(|p| p.as_rule() == R::ordinal)
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                let n = ord
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse::<u32>()
                    .unwrap_or(u32::MAX);
                Anchor::Birthday(n, span)
            }
            other => unreachable!("grammar: unexpected anchor {other:?}"),
        }
    }

    fn timing(&mut self, pair: Pair<R>) -> Timing {
        let span = self.span(&pair);
        let kind = pair.as_rule();
        let parts: Vec<Pair<R>> = pair.into_inner().collect();
        let durations: Vec<DurationAst> = parts
            .iter()
            .filter(|p| p.as_rule() == R::duration)
            .map(|p| self.duration(p.clone()))
            .collect();
        let anchor_pair = parts
            .iter()
            .find(|p| matches!(p.as_rule(), R::anchor | R::date))
            .cloned();
        match kind {
            R::usually_within => {
                let target = durations.first().cloned();
                let limit = parts
                    .iter()
                    .find(|p| p.as_rule() == R::always_within)
                    .and_then(|p| p.clone().into_inner().find(|d| d.as_rule() == R::duration))
                    .map(|d| self.duration(d));
                let then = self.then_every(&parts);
                Timing::Within {
                    target,
                    limit,
                    anchor: self
                        .anchor(anchor_pair.expect("grammar: usually within has an anchor")),
                    extensions: Vec::new(),
                    then,
                    may_precede: false,
                    alternatives: Vec::new(),
                }
            }
            R::within => {
                let extensions = parts
                    .iter()
                    .filter(|p| p.as_rule() == R::extension)
                    .map(|p| {
                        let mut d = None;
                        let mut c = None;
                        for q in p.clone().into_inner() {
                            match q.as_rule() {
                                R::duration => d = Some(self.duration(q)),
                                R::cond => c = Some(self.cond(q)),
                                _ => {}
                            }
                        }
                        (
                            d.expect("grammar: extension has a duration"),
                            c.expect("grammar: extension has a condition"),
                        )
                    })
                    .collect();
                let then = self.then_every(&parts);
                Timing::Within {
                    target: None,
                    limit: durations.first().cloned(),
                    anchor: self.anchor(anchor_pair.expect("grammar: within has an anchor")),
                    extensions,
                    then,
                    may_precede: parts.iter().any(|p| p.as_rule() == R::may_precede),
                    alternatives: parts
                        .iter()
                        .filter(|p| p.as_rule() == R::alternative)
                        .map(|p| {
                            let mut d = None;
                            let mut a = None;
                            for q in p.clone().into_inner() {
                                match q.as_rule() {
                                    R::duration => d = Some(self.duration(q)),
                                    R::anchor => a = Some(self.anchor(q)),
                                    _ => {}
                                }
                            }
                            (
                                d.expect("grammar: alternative has a duration"),
                                a.expect("grammar: alternative has an anchor"),
                            )
                        })
                        .collect(),
                }
            }
            R::less_than => Timing::LessThan {
                limit: durations[0].clone(),
                anchor: self.anchor(anchor_pair.expect("grammar: in less than has an anchor")),
            },
            R::between => {
                let first = parts
                    .iter()
                    .find(|p| matches!(p.as_rule(), R::duration | R::bare_amount))
                    .cloned()
                    .expect("grammar: between has a start");
                Timing::Between {
                    from: self.maybe_duration(first),
                    to: durations
                        .last()
                        .cloned()
                        .expect("grammar: between has an end"),
                    anchor: self.anchor(anchor_pair.expect("grammar: between has an anchor")),
                }
            }
            R::not_before_after | R::at_least_after => Timing::NotBefore {
                after: durations[0].clone(),
                anchor: self.anchor(anchor_pair.expect("grammar: has an anchor")),
            },
            R::at_least_before => Timing::AtLeastBefore {
                gap: durations[0].clone(),
                anchor: self.anchor(anchor_pair.expect("grammar: has an anchor")),
            },
            R::morning_after => Timing::Fixed {
                anchor: self.anchor(anchor_pair.expect("grammar: has an anchor")),
                bound: DateBound::MorningAfter,
            },
            R::clock_before => {
                let token = |kind: R| {
                    parts
                        .iter()
                        .find(|p| p.as_rule() == kind)
                        .map(|p| Token {
                            text: p.as_str().to_string(),
                            span: self.span(p),
                        })
                        .expect("grammar: a clock deadline has a time and a day")
                };
                Timing::ClockBefore {
                    time: token(R::clock_time),
                    day: token(R::day_word),
                    anchor: anchor_pair.map(|a| self.anchor(a)),
                }
            }
            R::closest => Timing::Closest {
                event: self.event_ref(
                    parts
                        .iter()
                        .find(|p| p.as_rule() == R::event_ref)
                        .cloned()
                        .expect("grammar: names an event"),
                ),
                to: self.anchor(anchor_pair.expect("grammar: has an anchor")),
            },
            R::before_anchor | R::by_anchor => {
                let bound = if kind == R::before_anchor {
                    DateBound::Before
                } else {
                    DateBound::By
                };
                let a = anchor_pair.expect("grammar: has an anchor");
                let anchor = if a.as_rule() == R::date {
                    Anchor::Date(self.date(a))
                } else {
                    self.anchor(a)
                };
                Timing::Fixed { anchor, bound }
            }
            R::at_age => {
                let amount = parts
                    .iter()
                    .find(|p| {
                        matches!(
                            p.as_rule(),
                            R::integer | R::decimal | R::fraction | R::number_word
                        )
                    })
                    .cloned()
                    .expect("grammar: at age has an amount");
                Timing::AtAge(self.amount(amount))
            }
            R::pregnancy_week => {
                let bound = if parts.iter().any(|p| p.as_rule() == R::at_word) {
                    DateBound::At
                } else {
                    DateBound::By
                };
                let week = parts
                    .iter()
                    .find(|p| p.as_rule() == R::integer)
                    .and_then(|p| p.as_str().parse().ok())
                    .unwrap_or(u32::MAX);
                Timing::PregnancyWeek { week, bound, span }
            }
            R::every_year => {
                let bound = if parts.iter().any(|p| p.as_rule() == R::before_word) {
                    DateBound::Before
                } else {
                    DateBound::By
                };
                let day_of_year = parts
                    .iter()
                    .find(|p| p.as_rule() == R::day_of_year)
                    .cloned()
                    .expect("grammar: has a day");
                let mut day = 0;
                let mut month = 0;
                for p in day_of_year.into_inner() {
                    match p.as_rule() {
                        R::integer => day = p.as_str().parse().unwrap_or(0),
                        _ => month = month_number(p.as_str()),
                    }
                }
                Timing::EveryYear {
                    day,
                    month,
                    bound,
                    span,
                }
            }
            R::recurring | R::recurring_target => {
                let freqs: Vec<Frequency> = parts
                    .iter()
                    .filter(|p| p.as_rule() == R::frequency)
                    .map(|p| self.frequency(p.clone()))
                    .collect();
                let scope = parts
                    .iter()
                    .find(|p| {
                        matches!(
                            p.as_rule(),
                            R::while_period | R::from_until | R::until_event
                        )
                    })
                    .cloned()
                    .map(|p| self.scope(p));
                let mut freqs = freqs.into_iter();
                let first = freqs.next().expect("grammar: has a frequency");
                match freqs.next() {
                    Some(always) => Timing::Recurring {
                        every: always,
                        scope,
                        target: Some(first),
                    },
                    None => Timing::Recurring {
                        every: first,
                        scope,
                        target: None,
                    },
                }
            }
            R::phased => {
                let mut phases: Vec<PhaseAst> = Vec::new();
                for p in parts {
                    match p.as_rule() {
                        R::frequency => phases.push(PhaseAst {
                            every: self.frequency(p).every,
                            for_first: None,
                        }),
                        R::phase_limit => {
                            let mut d = None;
                            let mut scope = PhaseScope::Unsaid;
                            for q in p.into_inner() {
                                match q.as_rule() {
                                    R::duration => d = Some(self.duration(q)),
                                    R::unit => {
                                        let span = self.span(&q);
                                        let unit = unit_of(q);
                                        d = Some(DurationAst {
                                            numerator: 1,
                                            denominator: 1,
                                            unit,
                                            written: format!("1 {}", unit.name(1)),
                                            span,
                                        });
                                    }
                                    R::ident => scope = PhaseScope::Period(self.ident(q)),
                                    R::anchor => scope = PhaseScope::After(self.anchor(q)),
                                    _ => {}
                                }
                            }
                            if let Some(last) = phases.last_mut() {
                                last.for_first =
                                    Some((d.expect("grammar: phase has a duration"), scope));
                            }
                        }
                        _ => {}
                    }
                }
                Timing::Phased(phases)
            }
            R::milestone => {
                let period = parts
                    .iter()
                    .find(|p| p.as_rule() == R::ident)
                    .cloned()
                    .expect("grammar: names a period");
                let at = parts
                    .iter()
                    .filter(|p| matches!(p.as_rule(), R::duration | R::bare_amount))
                    .map(|p| self.maybe_duration(p.clone()))
                    .collect();
                Timing::Milestones {
                    period: self.ident(period),
                    at,
                }
            }
            R::asap | R::immediately | R::after_only | R::before_or_shortly_after => {
                let unnumbered = match kind {
                    R::asap => Unnumbered::AsSoonAsPossible,
                    R::immediately => Unnumbered::Immediately,
                    R::after_only => Unnumbered::After,
                    _ => Unnumbered::ShortlyAfter,
                };
                let anchor = anchor_pair.map(|a| self.anchor(a));
                Timing::Unnumbered {
                    kind: unnumbered,
                    anchor,
                    may_precede: kind == R::before_or_shortly_after,
                }
            }
            R::point_after => Timing::PointAfter {
                after: durations[0].clone(),
                anchor: self.anchor(anchor_pair.expect("grammar: has an anchor")),
            },
            R::next_occurrence | R::before_next | R::between_each | R::midpoint => {
                let refs: Vec<Pair<R>> = parts
                    .iter()
                    .flat_map(|p| {
                        if p.as_rule() == R::next_bound {
                            p.clone().into_inner().collect()
                        } else {
                            vec![p.clone()]
                        }
                    })
                    .filter(|p| p.as_rule() == R::event_ref)
                    .collect();
                if refs.len() == 2 {
                    // `between each A and the next B`: each A anchors; the next B bounds.
                    let next_kind = if kind == R::midpoint {
                        duly_runtime::ir::NextKind::Midpoint
                    } else {
                        duly_runtime::ir::NextKind::BetweenEach
                    };
                    let after = Anchor::Event(self.event_ref(refs[0].clone()));
                    return Timing::NextOccurrence {
                        event: self.event_ref(refs[1].clone()),
                        after: Some(after),
                        kind: next_kind,
                    };
                }
                let event = refs.into_iter().next().expect("grammar: names an event");
                let next_kind = match kind {
                    R::next_occurrence => duly_runtime::ir::NextKind::AtNext,
                    R::before_next => duly_runtime::ir::NextKind::BeforeNext,
                    R::between_each => duly_runtime::ir::NextKind::BetweenEach,
                    _ => duly_runtime::ir::NextKind::Midpoint,
                };
                Timing::NextOccurrence {
                    event: self.event_ref(event),
                    after: anchor_pair.map(|a| self.anchor(a)),
                    kind: next_kind,
                }
            }
            R::once_during => {
                let count = parts
                    .iter()
                    .find(|p| p.as_rule() == R::times_count)
                    .cloned()
                    .map(|c| times_of(c).0)
                    .unwrap_or(1);
                Timing::During(
                    self.ident(
                        parts
                            .iter()
                            .find(|p| p.as_rule() == R::ident)
                            .cloned()
                            .expect("grammar: names a period"),
                    ),
                    count,
                )
            }
            R::unquantified => {
                let text = parts
                    .iter()
                    .find(|p| p.as_rule() == R::string)
                    .cloned()
                    .map(|t| self.text(t).value)
                    .unwrap_or_default();
                Timing::Unquantified { text, period: None }
            }
            R::within_before => Timing::WithinBefore {
                within: durations[0].clone(),
                anchor: self.anchor(anchor_pair.expect("grammar: has an anchor")),
            },
            R::same_month => {
                Timing::SameMonth(self.anchor(anchor_pair.expect("grammar: has an anchor")))
            }
            R::every_nth => {
                let event = self.event_ref(
                    parts
                        .iter()
                        .find(|p| p.as_rule() == R::event_ref)
                        .cloned()
                        .expect("grammar: names an event"),
                );
                let n = parts
                    .iter()
                    .find(|p| {
                        matches!(
                            p.as_rule(),
                            R::integer | R::number_word | R::decimal | R::fraction
                        )
                    })
                    .map(|p| amount_value(p).0.min(1000) as u32)
                    .unwrap_or(2);
                let period = parts
                    .iter()
                    .find(|p| p.as_rule() == R::ident)
                    .cloned()
                    .map(|p| self.ident(p));
                Timing::EveryNth {
                    event,
                    n,
                    period,
                    span,
                }
            }
            R::in_month if parts.iter().any(|p| p.as_rule() == R::kw_every) => {
                let month = parts
                    .iter()
                    .find(|p| p.as_rule() == R::month_name)
                    .map(|p| month_number(p.as_str()))
                    .unwrap_or(0);
                Timing::MonthEveryYear { month, span }
            }
            R::in_month => {
                let month = parts
                    .iter()
                    .find(|p| p.as_rule() == R::month_name)
                    .map(|p| month_number(p.as_str()))
                    .unwrap_or(0);
                let year = parts
                    .iter()
                    .find(|p| p.as_rule() == R::integer)
                    .and_then(|p| p.as_str().parse().ok())
                    .unwrap_or(0);
                Timing::InMonth { year, month, span }
            }
            R::not_before_anchor => {
                if let Some(pw) = parts.iter().find(|p| p.as_rule() == R::pregnancy_point) {
                    let week = pw
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == R::integer)
                        .and_then(|p| p.as_str().parse().ok())
                        .unwrap_or(u32::MAX);
                    return Timing::PregnancyWeek {
                        week,
                        bound: DateBound::NotBefore,
                        span,
                    };
                }
                let a = anchor_pair.expect("grammar: has an anchor");
                let anchor = if a.as_rule() == R::date {
                    Anchor::Date(self.date(a))
                } else {
                    self.anchor(a)
                };
                Timing::Fixed {
                    anchor,
                    bound: DateBound::NotBefore,
                }
            }
            other => unreachable!("grammar: unexpected timing {other:?}"),
        }
    }

    fn then_every(&mut self, parts: &[Pair<R>]) -> Option<(Frequency, ScopeAst)> {
        let then = parts.iter().find(|p| p.as_rule() == R::then_every)?.clone();
        let mut freq = None;
        let mut scope = None;
        for p in then.into_inner() {
            match p.as_rule() {
                R::frequency => freq = Some(self.frequency(p)),
                R::while_period | R::from_until | R::until_event => scope = Some(self.scope(p)),
                _ => {}
            }
        }
        Some((freq?, scope?))
    }

    fn cond(&self, pair: Pair<R>) -> Cond {
        let span = self.span(&pair);
        match pair.as_rule() {
            R::cond => self.cond(pair.into_inner().next().expect("grammar: cond has a body")),
            R::disjunction | R::conjunction => {
                let or = pair.as_rule() == R::disjunction;
                let mut parts: Vec<Cond> = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), R::kw_or | R::kw_and))
                    .map(|p| self.cond(p))
                    .collect();
                if parts.len() == 1 {
                    parts.pop().expect("one part")
                } else if or {
                    Cond::Or(parts, span)
                } else {
                    Cond::And(parts, span)
                }
            }
            R::negation => {
                let inner: Vec<Pair<R>> = pair.into_inner().collect();
                let nots = inner.iter().filter(|p| p.as_rule() == R::not_word).count();
                let atom = inner
                    .into_iter()
                    .find(|p| p.as_rule() != R::not_word)
                    .expect("grammar: negation has an atom");
                let mut c = self.cond(atom);
                // `not not x` is `x`: fold pairs so the tree stays shallow however many are written.
                if nots % 2 == 1 {
                    c = Cond::Not(Box::new(c), span);
                }
                c
            }
            R::path => Cond::Test(self.path(pair)),
            R::gap_test => {
                let mut refs = Vec::new();
                let mut d = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        R::event_ref => refs.push(self.event_ref(p)),
                        R::duration => d = Some(self.duration(p)),
                        _ => {}
                    }
                }
                let of = refs.pop().expect("grammar: gap has two events");
                let event = refs.pop().expect("grammar: gap has two events");
                Cond::Gap(event, d.expect("grammar: gap has a duration"), of, span)
            }
            R::comparison => {
                let mut inner = pair.into_inner();
                let path = self.path(inner.next().expect("grammar: comparison has a path"));
                let op = match inner.next().map(|p| p.as_str()).unwrap_or("=") {
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    ">=" => CmpOp::Ge,
                    _ => CmpOp::Eq,
                };
                let value = self.value(inner.next().expect("grammar: comparison has a value"));
                Cond::Compare(path, op, value, span)
            }
            other => unreachable!("grammar: unexpected condition {other:?}"),
        }
    }

    fn path(&self, pair: Pair<R>) -> Path {
        let span = self.span(&pair);
        let mut qualifier = None;
        let mut name = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                R::qualifier => qualifier = Some(self.ident(p)),
                _ => name = Some(self.ident(p)),
            }
        }
        Path {
            qualifier,
            name: name.expect("grammar: path has a name"),
            span,
        }
    }

    fn value(&self, pair: Pair<R>) -> Value {
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: value has content");
        let span = self.span(&inner);
        match inner.as_rule() {
            R::date => Value::Date(self.date(inner)),
            R::integer | R::decimal => {
                Value::Number(inner.as_str().parse().unwrap_or(f64::NAN), span)
            }
            R::kw_true => Value::Bool(true, span),
            R::kw_false => Value::Bool(false, span),
            R::string => Value::Text(self.text(inner)),
            _ => Value::Name(self.ident(inner)),
        }
    }
}

/// `once`, `twice`, `3 times`, `6 to 8 times`, `on 4 days`: (at least, at most).
fn times_of(p: Pair<R>) -> (u32, Option<u32>) {
    let text = p.as_str().to_ascii_lowercase();
    let amounts: Vec<u32> = p
        .into_inner()
        .filter(|a| {
            matches!(
                a.as_rule(),
                R::integer | R::decimal | R::number_word | R::fraction
            )
        })
        .map(|a| amount_value(&a).0.min(10_000) as u32)
        .collect();
    if text.starts_with("twice") {
        (2, None)
    } else if text.starts_with("once") {
        (1, None)
    } else {
        (
            amounts.first().copied().unwrap_or(1),
            amounts.get(1).copied(),
        )
    }
}

fn counting_of(p: Pair<R>) -> Counting {
    match p
        .into_inner()
        .find(|b| b.as_rule() == R::counting_base)
        .map(|b| b.as_str())
    {
        Some("1") => Counting::AnchorIsDayOne,
        _ => Counting::AnchorIsDayZero,
    }
}

fn strings(pairs: Pairs<R>) -> impl Iterator<Item = Pair<R>> {
    pairs.filter(|p| p.as_rule() == R::string)
}

fn unit_of(pair: Pair<R>) -> Unit {
    let pair = if pair.as_rule() == R::unit {
        pair.into_inner().next().expect("grammar: unit has a form")
    } else {
        pair
    };
    match pair.as_rule() {
        R::hours_unit => Unit::Hours,
        R::working_days_unit => Unit::WorkingDays,
        R::calendar_days_unit | R::days_unit => Unit::Days,
        R::weeks_unit => Unit::Weeks,
        R::months_unit => Unit::Months,
        _ => Unit::Years,
    }
}

fn month_number(s: &str) -> u32 {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s))
        .map(|i| i as u32 + 1)
        .unwrap_or(0)
}
