//! Resolution and type checking: AST to the runtime IR, or diagnostics.
//!
//! The checker loads `use`d files, builds the symbol tables (child facts, events,
//! periods), then resolves each standard's rules. It keeps going after an error so
//! one run reports every problem; a policy with any error yields no IR.

mod clock;
mod cond;
mod terms;
mod timing;

use crate::ast::{self, AttrTypeAst, CalendarRef, Item};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::parse::parse;
use crate::source::{FileId, Sources, Span};
use crate::trivia::{self, Part};
use duly_runtime::duration::Counting;
use duly_runtime::holidays::{read_gov_uk, SHIPPED};
use duly_runtime::ir;
use duly_runtime::suggest::closest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where each compiled item came from, for lints and renderers.
#[derive(Debug, Clone, Default)]
pub struct SpanTable {
    /// Per rule (same index as `Policy::rules`): the whole rule.
    pub rules: Vec<Span>,
    /// Per rule: the task's name.
    pub tasks: Vec<Span>,
    /// Per rule: the anchor (or period) it counts from, if written.
    pub anchors: Vec<Option<Span>>,
    /// Per standard: its `standard` line.
    pub standards: Vec<Span>,
    /// Per event: its declaration's name.
    pub events: Vec<Span>,
    /// Per period: its declaration's name.
    pub periods: Vec<Span>,
    /// Per child fact (same index as `Policy::child`): its declaration's name.
    pub child_attrs: Vec<Span>,
    /// Per event, per attribute: the attribute declaration's name.
    pub event_attrs: Vec<Vec<Span>>,
    /// The main file (declarations from `use`d files are not linted as unused).
    pub main_file: Option<FileId>,
}

/// A successfully checked policy.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The compiled IR.
    pub policy: ir::Policy,
    /// Spans of everything in it.
    pub spans: SpanTable,
}

/// Reads files for `use` and `calendar`; tests substitute an in-memory map.
pub trait Loader {
    /// The text of `path`, or why it could not be read.
    fn load(&self, path: &Path) -> Result<String, String>;
}

/// Reads from the file system.
pub struct FsLoader;

impl Loader for FsLoader {
    fn load(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    }
}

/// Checks the policy at `path`; diagnostics cover it and every file it uses.
pub fn check_file(
    path: &Path,
    loader: &dyn Loader,
    sources: &mut Sources,
) -> (Option<Checked>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let text = match loader.load(path) {
        Ok(t) => t,
        Err(e) => {
            let file = sources.add(path.display().to_string(), String::new());
            diags.push(
                Diagnostic::new(
                    Code::E015,
                    format!("cannot read `{}`: {e}", path.display()),
                    Label::new(Span::new(file, 0..0), "here"),
                )
                .with_help("check the path; policy files end in `.duly`"),
            );
            return (None, diags);
        }
    };
    let file = sources.add(path.display().to_string(), text);
    let checked = check_loaded(
        file,
        path.parent().unwrap_or(Path::new(".")),
        loader,
        sources,
        &mut diags,
    );
    diags.sort();
    (checked, diags)
}

/// Checks a policy whose text is already in `sources`.
pub fn check_loaded(
    main: FileId,
    base_dir: &Path,
    loader: &dyn Loader,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Checked> {
    let mut files: Vec<(FileId, ast::File)> = Vec::new();
    let mut loaded: HashMap<PathBuf, FileId> = HashMap::new();
    load_tree(
        main,
        base_dir,
        loader,
        sources,
        diags,
        &mut files,
        &mut loaded,
    );
    if !files.iter().any(|(f, _)| *f == main) {
        // The policy itself did not parse: its syntax error is the one to fix first.
        return None;
    }
    let mut cx = Checker::new(sources, main, base_dir, loader);
    cx.declare(&files);
    cx.terms(&files);
    cx.header(&files);
    cx.standards(&files);
    cx.record_attr_spans();
    let Checker {
        policy,
        spans,
        diags: found,
        ..
    } = cx;
    let had_errors = found.has_errors() || diags.has_errors();
    for d in found.0 {
        diags.push(d);
    }
    let checked = Checked { policy, spans };
    if !had_errors {
        crate::graph::check_cycles(&checked, diags);
    }
    if diags.has_errors() {
        return None;
    }
    crate::lints::run(&checked, sources, diags);
    // A malformed suppression comment (E019) is an error like any other: no IR.
    if diags.has_errors() {
        return None;
    }
    Some(checked)
}

fn load_tree(
    file: FileId,
    base_dir: &Path,
    loader: &dyn Loader,
    sources: &mut Sources,
    diags: &mut Diagnostics,
    files: &mut Vec<(FileId, ast::File)>,
    loaded: &mut HashMap<PathBuf, FileId>,
) {
    let parsed = match parse(file, sources.text(file)) {
        Ok(f) => f,
        Err(d) => {
            diags.push(*d);
            return;
        }
    };
    let uses: Vec<ast::UseDecl> = parsed
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Use(u) => Some(u.clone()),
            _ => None,
        })
        .collect();
    files.push((file, parsed));
    for u in uses {
        let path = base_dir.join(&u.path.value);
        if loaded.contains_key(&path) {
            continue;
        }
        match loader.load(&path) {
            Ok(text) => {
                let id = sources.add(path.display().to_string(), text);
                loaded.insert(path.clone(), id);
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| base_dir.to_path_buf());
                load_tree(id, &dir, loader, sources, diags, files, loaded);
            }
            Err(e) => diags.push(
                Diagnostic::new(
                    Code::E015,
                    format!("cannot read `{}`: {e}", u.path.value),
                    Label::new(u.path.span, "this file"),
                )
                .with_help("the path is relative to the file that says `use`, e.g. `use \"common/events.duly\"`"),
            ),
        }
    }
}

/// A declared attribute with its span.
#[derive(Clone)]
pub(crate) struct AttrSym {
    pub ty: ir::AttrType,
    pub span: Span,
}

pub(crate) struct Checker<'a> {
    pub sources: &'a Sources,
    pub main: FileId,
    pub base_dir: PathBuf,
    pub loader: &'a dyn Loader,
    pub policy: ir::Policy,
    pub spans: SpanTable,
    pub diags: Diagnostics,
    pub events: HashMap<String, u32>,
    pub periods: HashMap<String, u32>,
    pub child: HashMap<String, (u32, AttrSym)>,
    pub event_attrs: Vec<HashMap<String, (u32, AttrSym)>>,
}

impl<'a> Checker<'a> {
    fn new(
        sources: &'a Sources,
        main: FileId,
        base_dir: &Path,
        loader: &'a dyn Loader,
    ) -> Checker<'a> {
        Checker {
            sources,
            main,
            base_dir: base_dir.to_path_buf(),
            loader,
            policy: ir::Policy {
                title: String::new(),
                version: None,
                calendar: ir::CalendarData {
                    source: String::new(),
                    division: String::new(),
                    holidays: Vec::new(),
                    covered_years: (0, 0),
                    closed: Vec::new(),
                },
                timezone: "Europe/London".into(),
                counting: Counting::AnchorIsDayZero,
                child: Vec::new(),
                events: Vec::new(),
                periods: Vec::new(),
                sections: Vec::new(),
                standards: Vec::new(),
                rules: Vec::new(),
                terms: Vec::new(),
            },
            spans: SpanTable {
                main_file: Some(main),
                ..SpanTable::default()
            },
            diags: Diagnostics::default(),
            events: HashMap::new(),
            periods: HashMap::new(),
            child: HashMap::new(),
            event_attrs: Vec::new(),
        }
    }

    /// Copies the attribute declarations' spans into the span table (for W007).
    fn record_attr_spans(&mut self) {
        let spans = |table: &HashMap<String, (u32, AttrSym)>, len: usize| {
            let mut out = vec![Span::new(self.main, 0..0); len];
            for (id, sym) in table.values() {
                if let Some(s) = out.get_mut(*id as usize) {
                    *s = sym.span;
                }
            }
            out
        };
        let child = spans(&self.child, self.policy.child.len());
        let events = self
            .event_attrs
            .iter()
            .zip(&self.policy.events)
            .map(|(table, e)| spans(table, e.attrs.len()))
            .collect();
        self.spans.child_attrs = child;
        self.spans.event_attrs = events;
    }

    pub(crate) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn duplicate(&mut self, what: &str, name: &ast::Ident, first: Span) {
        self.error(
            Diagnostic::new(
                Code::E009,
                format!("{what} `{}` is declared twice", name.name),
                Label::new(name.span, "declared again here"),
            )
            .with_related(Label::new(first, "first declared here"))
            .with_help(format!(
                "remove one declaration, or give the second {what} another name"
            )),
        );
    }

    fn attr_type(&mut self, ty: &AttrTypeAst) -> ir::AttrType {
        match ty {
            AttrTypeAst::Bool => ir::AttrType::Bool,
            AttrTypeAst::Date => ir::AttrType::Date,
            AttrTypeAst::Number => ir::AttrType::Number,
            AttrTypeAst::Text => ir::AttrType::Text,
            AttrTypeAst::Enum(values) => {
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for v in values {
                    if let Some(first) = seen.get(v.name.as_str()) {
                        let first = *first;
                        self.duplicate("enumeration value", v, first);
                    } else {
                        seen.insert(&v.name, v.span);
                    }
                }
                ir::AttrType::Enum(values.iter().map(|v| v.name.clone()).collect())
            }
        }
    }

    fn attrs(
        &mut self,
        decls: &[ast::AttrDecl],
        table: &mut HashMap<String, (u32, AttrSym)>,
        out: &mut Vec<ir::Attr>,
    ) {
        for a in decls {
            if let Some((_, first)) = table.get(&a.name.name) {
                let first = first.span;
                self.duplicate("attribute", &a.name, first);
                continue;
            }
            let ty = self.attr_type(&a.ty);
            table.insert(
                a.name.name.clone(),
                (
                    out.len() as u32,
                    AttrSym {
                        ty: ty.clone(),
                        span: a.name.span,
                    },
                ),
            );
            out.push(ir::Attr {
                name: a.name.name.clone(),
                ty,
            });
        }
    }

    /// Declarations first (from every file), so rules may name events declared later.
    fn declare(&mut self, files: &[(FileId, ast::File)]) {
        for (_, f) in files {
            for item in &f.items {
                match item {
                    Item::Child(decls) => {
                        let mut table = std::mem::take(&mut self.child);
                        let mut out = std::mem::take(&mut self.policy.child);
                        self.attrs(decls, &mut table, &mut out);
                        self.child = table;
                        self.policy.child = out;
                    }
                    Item::Event(e) => {
                        if let Some(&id) = self.events.get(&e.name.name) {
                            let first = self.spans.events[id as usize];
                            self.duplicate("event", &e.name, first);
                            continue;
                        }
                        if let Some(&id) = self.periods.get(&e.name.name) {
                            let first = self.spans.periods[id as usize];
                            self.duplicate("name", &e.name, first);
                            continue;
                        }
                        let mut table = HashMap::new();
                        let mut attrs = Vec::new();
                        self.attrs(&e.attrs, &mut table, &mut attrs);
                        self.events
                            .insert(e.name.name.clone(), self.policy.events.len() as u32);
                        self.event_attrs.push(table);
                        self.spans.events.push(e.name.span);
                        self.policy.events.push(ir::Event {
                            name: e.name.name.clone(),
                            label: e
                                .label
                                .as_ref()
                                .map(|l| l.value.clone())
                                .unwrap_or_else(|| e.name.name.replace('_', " ")),
                            attrs,
                        });
                    }
                    _ => {}
                }
            }
        }
        for (_, f) in files {
            for item in &f.items {
                if let Item::Period(p) = item {
                    if let Some(&id) = self.periods.get(&p.name.name) {
                        let first = self.spans.periods[id as usize];
                        self.duplicate("period", &p.name, first);
                        continue;
                    }
                    if let Some(&id) = self.events.get(&p.name.name) {
                        let first = self.spans.events[id as usize];
                        self.duplicate("name", &p.name, first);
                        continue;
                    }
                    let start = self.plain_event(&p.start);
                    let end = self.plain_event(&p.end);
                    let (Some(start), Some(end)) = (start, end) else {
                        continue;
                    };
                    self.periods
                        .insert(p.name.name.clone(), self.policy.periods.len() as u32);
                    self.spans.periods.push(p.name.span);
                    self.policy.periods.push(ir::Period {
                        name: p.name.name.clone(),
                        label: p
                            .label
                            .as_ref()
                            .map(|l| l.value.clone())
                            .unwrap_or_else(|| p.name.name.replace('_', " ")),
                        start,
                        end,
                    });
                }
            }
        }
    }

    /// An event named without a selector (period boundaries).
    fn plain_event(&mut self, r: &ast::EventRef) -> Option<u32> {
        let id = self.event_id(&r.name)?;
        if r.selector.is_some() {
            self.error(
                Diagnostic::new(
                    Code::E020,
                    "a period opens and closes on every occurrence of its events",
                    Label::new(r.span, "no `#` selector here"),
                )
                .with_help(format!("write `{}` without the selector", r.name.name)),
            );
        }
        Some(id)
    }

    /// Resolves an event name, reporting E003 with a suggestion.
    pub(crate) fn event_id(&mut self, name: &ast::Ident) -> Option<u32> {
        if let Some(&id) = self.events.get(&name.name) {
            return Some(id);
        }
        let mut d = Diagnostic::new(
            Code::E003,
            format!("`{}` is not a declared event", name.name),
            Label::new(name.span, "unknown event"),
        );
        d = if self.periods.contains_key(&name.name) {
            d.with_help(format!(
                "`{0}` is a period; count from one of its ends: `start of {0}` or `end of {0}`",
                name.name
            ))
        } else if let Some(s) = closest(&name.name, self.events.keys().map(String::as_str)) {
            d.with_help(format!("did you mean `{s}`?"))
        } else {
            d.with_help(format!("declare it: `event {} \"Label\"`", name.name))
        };
        self.error(d);
        None
    }

    /// Resolves a period name, reporting E004 with a suggestion.
    pub(crate) fn period_id(&mut self, name: &ast::Ident) -> Option<u32> {
        if let Some(&id) = self.periods.get(&name.name) {
            return Some(id);
        }
        let mut d = Diagnostic::new(
            Code::E004,
            format!("`{}` is not a declared period", name.name),
            Label::new(name.span, "unknown period"),
        );
        d = if self.events.contains_key(&name.name) {
            d.with_help(format!(
                "`{}` is an event; a recurrence runs while a period is open: declare `period NAME \"Label\" from START_EVENT to END_EVENT`",
                name.name
            ))
        } else if let Some(s) = closest(&name.name, self.periods.keys().map(String::as_str)) {
            d.with_help(format!("did you mean `{s}`?"))
        } else {
            d.with_help(format!(
                "declare it: `period {} \"Label\" from START_EVENT to END_EVENT`",
                name.name
            ))
        };
        self.error(d);
        None
    }

    fn header(&mut self, files: &[(FileId, ast::File)]) {
        let headers: Vec<&ast::PolicyHeader> = files
            .iter()
            .filter(|(f, _)| *f == self.main)
            .flat_map(|(_, f)| f.items.iter())
            .filter_map(|i| match i {
                Item::Policy(h) => Some(h),
                _ => None,
            })
            .collect();
        let main = self.main;
        for (_, f) in files.iter().filter(|(f, _)| *f != main) {
            for item in &f.items {
                let span = match item {
                    Item::Policy(h) => Some(h.span),
                    Item::Standard(s) => Some(s.span),
                    _ => None,
                };
                if let Some(span) = span {
                    self.error(
                        Diagnostic::new(Code::E020, "a file brought in with `use` may only declare events, periods, child facts and school terms", Label::new(span, "not allowed in a used file"))
                            .with_help("move policies and standards into the policy file itself"),
                    );
                }
            }
        }
        let Some(h) = headers.first() else {
            let span = Span::new(self.main, 0..0);
            self.error(
                Diagnostic::new(Code::E016, "this file has no `policy` header", Label::new(span, "expected here"))
                    .with_help("start the file with `policy \"Title of the document\"` and `calendar england_and_wales`"),
            );
            self.default_calendar(span);
            return;
        };
        for extra in headers.iter().skip(1) {
            self.error(
                Diagnostic::new(
                    Code::E016,
                    "a file has one `policy` header",
                    Label::new(extra.span, "second header"),
                )
                .with_related(Label::new(h.span, "first header"))
                .with_help("one policy per file: split the file, or remove this header"),
            );
        }
        self.policy.title = h.title.value.clone();
        self.policy.version = h.version.as_ref().map(|v| v.value.clone());
        if let Some((c, _)) = h.counting {
            self.policy.counting = c;
        }
        if let Some(tz) = &h.timezone {
            if tz.value.parse::<chrono_tz::Tz>().is_err() {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
                let hint = closest(&tz.value, names)
                    .map(|s| format!("did you mean \"{s}\"?"))
                    .unwrap_or_else(|| "use an IANA name such as \"Europe/London\"".into());
                self.error(
                    Diagnostic::new(
                        Code::E014,
                        format!("`{}` is not a timezone", tz.value),
                        Label::new(tz.span, "unknown timezone"),
                    )
                    .with_help(hint),
                );
            } else {
                self.policy.timezone = tz.value.clone();
            }
        }
        match &h.calendar {
            None => self.default_calendar(h.span),
            Some(CalendarRef::Division(d)) => {
                let local = self.base_dir.join("calendars/bank-holidays.json");
                let (json, source) = match self.loader.load(&local) {
                    Ok(j) => (j, local.display().to_string()),
                    Err(_) => (
                        SHIPPED.to_string(),
                        "duly's shipped bank-holidays.json".to_string(),
                    ),
                };
                self.calendar_from(&json, &d.name, &source, d.span);
            }
            Some(CalendarRef::File(path)) => {
                let full = self.base_dir.join(&path.value);
                match self.loader.load(&full) {
                    Ok(json) => self.calendar_from(&json, "england_and_wales", &full.display().to_string(), path.span),
                    Err(e) => self.error(
                        Diagnostic::new(Code::E015, format!("cannot read calendar `{}`: {e}", path.value), Label::new(path.span, "this file"))
                            .with_help("give a path relative to the policy to a gov.uk bank-holidays.json file, or a division: `calendar england_and_wales`"),
                    ),
                }
            }
        }
        for r in &h.closed {
            let from = self.date(&r.from);
            let to = match &r.to {
                Some(t) => self.date(t),
                None => from,
            };
            if let (Some(a), Some(b)) = (from, to) {
                if b < a {
                    let span = r.to.as_ref().map(|t| t.span).unwrap_or(r.from.span);
                    self.error(
                        Diagnostic::new(
                            Code::E014,
                            "this closure ends before it starts",
                            Label::new(span, "earlier than the first day"),
                        )
                        .with_help(format!(
                            "write the earlier date first: `closed {} to {}`",
                            b, a
                        )),
                    );
                } else {
                    self.policy.calendar.closed.push((a, b));
                }
            }
        }
    }

    fn default_calendar(&mut self, span: Span) {
        self.calendar_from(
            SHIPPED,
            "england_and_wales",
            "duly's shipped bank-holidays.json",
            span,
        );
    }

    fn calendar_from(&mut self, json: &str, division: &str, source: &str, span: Span) {
        match read_gov_uk(json, division, source) {
            Ok(mut data) => {
                data.closed = std::mem::take(&mut self.policy.calendar.closed);
                self.policy.calendar = data;
            }
            Err(e) => self.error(
                Diagnostic::new(Code::E014, format!("cannot use this calendar: {e}"), Label::new(span, "calendar"))
                    .with_help("write `calendar england_and_wales`, `calendar scotland` or `calendar northern_ireland`"),
            ),
        }
    }

    /// A date literal that must exist.
    pub(crate) fn date(&mut self, d: &ast::DateLit) -> Option<chrono::NaiveDate> {
        if d.date.is_none() {
            self.error(
                Diagnostic::new(
                    Code::E018,
                    format!("`{}` is not a real date", d.text),
                    Label::new(d.span, "no such day"),
                )
                .with_help("dates are YYYY-MM-DD; check the day exists in that month"),
            );
        }
        d.date
    }

    fn standards(&mut self, files: &[(FileId, ast::File)]) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        let Some((_, main)) = files.iter().find(|(f, _)| *f == self.main) else {
            return;
        };
        let mut section: Option<u32> = None;
        for item in &main.items {
            match item {
                Item::Section(t) => {
                    section = Some(self.policy.sections.len() as u32);
                    self.policy.sections.push(t.value.clone());
                }
                Item::Standard(s) => {
                    if let Some(first) = seen.get(&s.reference.value) {
                        self.error(
                            Diagnostic::new(Code::E010, format!("standard `{}` is defined twice", s.reference.value), Label::new(s.reference.span, "second definition"))
                                .with_related(Label::new(*first, "first definition"))
                                .with_help("each standard keeps the document's own reference; put both rules under one `standard`, or correct the reference"),
                        );
                        continue;
                    }
                    seen.insert(s.reference.value.clone(), s.reference.span);
                    let index = self.policy.standards.len() as u32;
                    self.spans.standards.push(s.span);
                    self.policy.standards.push(ir::Standard {
                        reference: s.reference.value.clone(),
                        title: s.title.as_ref().map(|t| t.value.clone()),
                        owner: s.owner.as_ref().map(|t| t.value.clone()),
                        quote: if s.quotes.is_empty() {
                            None
                        } else {
                            Some(
                                s.quotes
                                    .iter()
                                    .map(|q| q.value.as_str())
                                    .collect::<Vec<_>>()
                                    .join("\n\n"),
                            )
                        },
                        section,
                    });
                    for r in &s.rules {
                        self.rule(index, s.counting, r);
                    }
                }
                _ => {}
            }
        }
    }

    fn rule(&mut self, standard: u32, counting: Option<Counting>, r: &ast::Rule) {
        let task = self.selection(&r.task);
        let during = r.during.as_ref().map(|p| self.period_id(p));
        let proportion = r.proportion.and_then(|(pct, span)| {
            if pct > 0.0 && pct <= 100.0 {
                Some(pct)
            } else {
                self.error(
                    Diagnostic::new(
                        Code::E012,
                        "a share of cases is between 0% and 100%",
                        Label::new(span, "not a percentage"),
                    )
                    .with_help("write e.g. `for 80% of cases`"),
                );
                None
            }
        });
        // Conditions are checked only against a resolved anchor, so one misspelt
        // event gives one error, not a cascade about its attributes.
        let written = self.sources.slice(r.span);
        let rule_span = Span::new(
            r.span.file,
            r.span.start..r.span.start + written_len(written),
        );
        let Some(lowered) = self.timing(&r.timing, rule_span) else {
            return;
        };
        let applies_when = self.conds(&r.wheres, &lowered.context, false);
        let waived_when = self.conds(&r.unlesses, &lowered.context, true);
        let Some(task) = task else { return };
        let during = match during {
            Some(Some(p)) => Some(p),
            Some(None) => return,
            None => None,
        };
        let line = self.sources.position(r.span.file, r.span.start).line as u32;
        self.spans.rules.push(r.span);
        self.spans.tasks.push(r.task.span);
        self.spans.anchors.push(lowered.anchor_span);
        self.policy.rules.push(ir::Rule {
            standard,
            task,
            timing: lowered.timing,
            applies_when,
            waived_when,
            text: trivia::without_comments(self.sources.slice(r.span)),
            line,
            counting,
            during,
            proportion,
            soft: r.soft,
            optional: r.optional,
        });
    }

    /// Resolves an event with its occurrence selector.
    pub(crate) fn selection(&mut self, r: &ast::EventRef) -> Option<ir::Selection> {
        let event = self.event_id(&r.name)?;
        let occurrence = match r.selector {
            None => ir::Occurrence::Each,
            Some(ast::Selector::Last) => ir::Occurrence::Last,
            Some(ast::Selector::Nth(n)) | Some(ast::Selector::From(n)) if n == 0 || n > 1000 => {
                self.error(
                    Diagnostic::new(Code::E017, format!("`{}` does not name an occurrence", self.sources.slice(r.span)), Label::new(r.span, "occurrences count from #1"))
                        .with_help(format!("write `{0}#1` for the first, `{0}#2` for the second, `{0}#last` for the most recent", r.name.name)),
                );
                return None;
            }
            Some(ast::Selector::Nth(n)) => ir::Occurrence::Nth(n),
            Some(ast::Selector::From(n)) => ir::Occurrence::From(n),
        };
        Some(ir::Selection { event, occurrence })
    }
}

/// The length of a rule's own text: its span also takes in the whitespace and
/// comments after it, which a label under the rule should not underline.
fn written_len(slice: &str) -> usize {
    trivia::parts(slice)
        .filter(|&(_, c, part)| match part {
            Part::String => true,
            Part::Code => !c.is_whitespace(),
            Part::Comment => false,
        })
        .last()
        .map_or(0, |(i, c, _)| i + c.len_utf8())
}

/// Serves files from memory: for tests and tools that hold policies as strings.
#[derive(Default)]
pub struct MemoryLoader(pub HashMap<PathBuf, String>);

impl Loader for MemoryLoader {
    fn load(&self, path: &Path) -> Result<String, String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_string())
    }
}

/// Checks policy text held in memory (its `use`d files come from `loader`).
pub fn check_str(
    name: &str,
    text: &str,
    loader: &dyn Loader,
) -> (Option<Checked>, Sources, Diagnostics) {
    let mut sources = Sources::new();
    let mut diags = Diagnostics::default();
    let file = sources.add(name, text);
    let checked = check_loaded(file, Path::new(""), loader, &mut sources, &mut diags);
    diags.sort();
    (checked, sources, diags)
}
