//! The abstract syntax tree of one `.duly` file, with spans.
//!
//! It mirrors what the author wrote (names are unresolved strings); the checker
//! resolves it into the runtime IR.

use crate::source::Span;
use chrono::NaiveDate;
use duly_runtime::duration::{Counting, Unit};
use duly_runtime::ir::{CmpOp, DateBound, Unnumbered};

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// A parsed file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Top-level items in order.
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone)]
pub enum Item {
    /// `policy "…" version … calendar …`
    Policy(PolicyHeader),
    /// `use "file.duly"`
    Use(UseDecl),
    /// `child { … }`
    Child(Vec<AttrDecl>),
    /// `event name "Label" { … }`
    Event(EventDecl),
    /// `period name "Label" from a to b`
    Period(PeriodDecl),
    /// `term "Autumn 2025" from 2025-09-03 to 2025-12-19`
    Term(TermDecl),
    /// `section "…"`
    Section(Text),
    /// `standard REF "Title" …`
    Standard(Standard),
}

/// A token as written, checked by the checker rather than the grammar, so that a
/// near miss (`16.00`, `Thursdays`) gets a diagnostic that says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The text as written.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// A string literal, unescaped, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The unescaped value.
    pub value: String,
    /// Where (including quotes).
    pub span: Span,
}

/// The policy header.
#[derive(Debug, Clone)]
pub struct PolicyHeader {
    /// Title.
    pub title: Text,
    /// `version "…"`.
    pub version: Option<Text>,
    /// `calendar …`.
    pub calendar: Option<CalendarRef>,
    /// `closed …` ranges (inclusive).
    pub closed: Vec<ClosedRange>,
    /// `timezone "…"`.
    pub timezone: Option<Text>,
    /// `counting anchor day is day N`.
    pub counting: Option<(Counting, Span)>,
    /// The `policy` keyword and title.
    pub span: Span,
}

/// Which bank holidays apply.
#[derive(Debug, Clone)]
pub enum CalendarRef {
    /// `england_and_wales`, `scotland`, `northern_ireland`.
    Division(Ident),
    /// A path to a gov.uk-format JSON file, relative to the policy.
    File(Text),
}

/// A closure: one day or an inclusive range.
#[derive(Debug, Clone)]
pub struct ClosedRange {
    /// First day (as written; checked later).
    pub from: DateLit,
    /// Last day.
    pub to: Option<DateLit>,
}

/// A date literal as written; it may not exist (`2026-02-30`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    /// The text.
    pub text: String,
    /// The date, when it exists.
    pub date: Option<NaiveDate>,
    /// Where.
    pub span: Span,
}

/// `use "path"`.
#[derive(Debug, Clone)]
pub struct UseDecl {
    /// The path, relative to the using file.
    pub path: Text,
    /// The whole declaration.
    pub span: Span,
}

/// `name: type`.
#[derive(Debug, Clone)]
pub struct AttrDecl {
    /// The attribute's name.
    pub name: Ident,
    /// Its type.
    pub ty: AttrTypeAst,
}

/// An attribute type as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrTypeAst {
    /// `bool`
    Bool,
    /// `date`
    Date,
    /// `number`
    Number,
    /// `text`
    Text,
    /// `a | b | c`
    Enum(Vec<Ident>),
}

/// `event name "Label" { … }`.
#[derive(Debug, Clone)]
pub struct EventDecl {
    /// Name.
    pub name: Ident,
    /// Label.
    pub label: Option<Text>,
    /// Attributes.
    pub attrs: Vec<AttrDecl>,
}

/// `period name "Label" from a to b`.
#[derive(Debug, Clone)]
pub struct PeriodDecl {
    /// Name.
    pub name: Ident,
    /// Label.
    pub label: Option<Text>,
    /// Opening event.
    pub start: EventRef,
    /// Closing event.
    pub end: EventRef,
}

/// `term "Autumn 2025" from 2025-09-03 to 2025-12-19`: one school term, first
/// and last day inclusive.
#[derive(Debug, Clone)]
pub struct TermDecl {
    /// The term's name, as the authority writes it.
    pub name: Text,
    /// First day.
    pub start: DateLit,
    /// Last day.
    pub end: DateLit,
    /// The whole declaration.
    pub span: Span,
}

/// A standard of the source document.
#[derive(Debug, Clone)]
pub struct Standard {
    /// Its reference as written (`6.1`, `"CIN.3"`).
    pub reference: Text,
    /// Title.
    pub title: Option<Text>,
    /// `owner "…"`.
    pub owner: Option<Text>,
    /// `quote "…"` (several are joined as paragraphs).
    pub quotes: Vec<Text>,
    /// Its rules.
    pub rules: Vec<Rule>,
    /// `counting anchor day is day N` stated for this standard.
    pub counting: Option<Counting>,
    /// The `standard` line.
    pub span: Span,
}

/// One rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The event that must happen.
    pub task: EventRef,
    /// When.
    pub timing: Timing,
    /// `where` conditions (all must hold).
    pub wheres: Vec<Cond>,
    /// `unless` conditions (any waives).
    pub unlesses: Vec<Cond>,
    /// `… while PERIOD` after the timing.
    pub during: Option<Ident>,
    /// `for 80% of cases`.
    pub proportion: Option<(f64, Span)>,
    /// `usually …` around a form that has no target of its own.
    pub soft: bool,
    /// `, if any,`.
    pub optional: bool,
    /// The whole rule.
    pub span: Span,
}

/// An event name with an optional occurrence selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    /// The event name.
    pub name: Ident,
    /// `#2`, `#last`, `#3+`.
    pub selector: Option<Selector>,
    /// Name and selector.
    pub span: Span,
}

/// An occurrence selector as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    /// `#N` (`#first` is `#1`).
    Nth(u32),
    /// `#N+`.
    From(u32),
    /// `#last`.
    Last,
}

/// A duration as written.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationAst {
    /// The amount as a fraction `numerator / denominator`.
    pub numerator: u64,
    /// Denominator (1 for whole numbers).
    pub denominator: u64,
    /// The unit.
    pub unit: Unit,
    /// The text as written.
    pub written: String,
    /// Where.
    pub span: Span,
}

/// A bare amount (`between 12 and 16 weeks`: the 12).
#[derive(Debug, Clone, PartialEq)]
pub struct AmountAst {
    /// Numerator.
    pub numerator: u64,
    /// Denominator.
    pub denominator: u64,
    /// As written.
    pub written: String,
    /// Where.
    pub span: Span,
}

/// A duration that may lack its unit (it takes the next one's).
#[derive(Debug, Clone, PartialEq)]
pub enum MaybeDuration {
    /// Complete.
    Full(DurationAst),
    /// Unit to be borrowed from the following duration.
    Bare(AmountAst),
}

/// What a deadline is counted from.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// An event.
    Event(EventRef),
    /// `earliest(a, b)`.
    Earliest(Vec<Anchor>, Span),
    /// `latest(a, b)`.
    Latest(Vec<Anchor>, Span),
    /// `start of PERIOD`.
    PeriodStart(Ident, Span),
    /// `end of PERIOD`.
    PeriodEnd(Ident, Span),
    /// `16th birthday`.
    Birthday(u32, Span),
    /// A date literal (`before 2027-03-31`).
    Date(DateLit),
}

impl Anchor {
    /// Where the anchor was written.
    pub fn span(&self) -> Span {
        match self {
            Anchor::Event(e) => e.span,
            Anchor::Earliest(_, s)
            | Anchor::Latest(_, s)
            | Anchor::PeriodStart(_, s)
            | Anchor::PeriodEnd(_, s)
            | Anchor::Birthday(_, s) => *s,
            Anchor::Date(d) => d.span,
        }
    }
}

/// A frequency: `every 6 weeks`, `6 weekly`, `fortnightly`, `twice weekly`, `every term`.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequency {
    /// The gap it allows (for counted frequencies, the window).
    pub every: DurationAst,
    /// `twice weekly`, `6 to 8 times monthly`: (at least, at most).
    pub times: Option<(u32, Option<u32>)>,
    /// `every 6 to 8 weeks`: the 6 weeks.
    pub at_least: Option<DurationAst>,
    /// `every term`, `termly`: school terms, which have no fixed length.
    pub term: bool,
}

/// Where a recurrence runs.
#[derive(Debug, Clone, PartialEq)]
pub enum ScopeAst {
    /// `while PERIOD`.
    While(Ident),
    /// `from ANCHOR [until ANCHOR]`.
    From(Anchor, Option<Anchor>),
    /// `until ANCHOR`.
    Until(Anchor),
}

/// One phase of a phased frequency.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseAst {
    /// The frequency.
    pub every: DurationAst,
    /// `for the first D [of PERIOD | after ANCHOR]`.
    pub for_first: Option<(DurationAst, PhaseScope)>,
}

/// What `for the first D …` counts from.
#[derive(Debug, Clone, PartialEq)]
pub enum PhaseScope {
    /// Not said (later phases share the first phase's).
    Unsaid,
    /// `of PERIOD`.
    Period(Ident),
    /// `after ANCHOR`.
    After(Anchor),
}

/// The timing part of a rule, one variant per grammar form.
///
/// Built once per rule and immediately lowered, so variant sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Timing {
    /// `within D of A[, or D2 where C]…[, then …]` and `usually within …`.
    Within {
        /// `usually within D`.
        target: Option<DurationAst>,
        /// `within D` / `but always within D`.
        limit: Option<DurationAst>,
        /// The anchor.
        anchor: Anchor,
        /// Extensions.
        extensions: Vec<(DurationAst, Cond)>,
        /// `then every D …`.
        then: Option<(Frequency, ScopeAst)>,
        /// `before or within …`.
        may_precede: bool,
        /// `, or within D2 of B`.
        alternatives: Vec<(DurationAst, Anchor)>,
    },
    /// `within D before A`.
    WithinBefore {
        /// The window's length.
        within: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `every other EVENT`, `every 3 EVENT [while PERIOD]`.
    EveryNth {
        /// The counted event.
        event: EventRef,
        /// N.
        n: u32,
        /// The period, if any.
        period: Option<Ident>,
        /// Where.
        span: Span,
    },
    /// `within the same month as A`.
    SameMonth(Anchor),
    /// `by 16:00 on the Thursday before A`, `by 4pm on the day before A`.
    ClockBefore {
        /// The time of day as written (`16:00`, `4pm`).
        time: Token,
        /// The day as written: a weekday name, or `day`.
        day: Token,
        /// `before A`; missing is an error the checker reports.
        anchor: Option<Anchor>,
    },
    /// `at the EVENT closest to A`.
    Closest {
        /// The event whose nearest occurrence is meant.
        event: EventRef,
        /// What it is nearest to.
        to: Anchor,
    },
    /// `in April every year`.
    MonthEveryYear {
        /// 1–12.
        month: u32,
        /// Where.
        span: Span,
    },
    /// `D after A`: a point in time.
    PointAfter {
        /// The offset.
        after: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `at the next E after A`, `before the next E`, `between each E and the next`, midpoint.
    NextOccurrence {
        /// The bounding event.
        event: EventRef,
        /// `after A`.
        after: Option<Anchor>,
        /// Which form.
        kind: duly_runtime::ir::NextKind,
    },
    /// `at least once during PERIOD` (or `twice`, `N times`).
    During(Ident, u32),
    /// `when "words"`: no computable date.
    Unquantified {
        /// The words.
        text: String,
        /// The period a term frequency runs in.
        period: Option<Ident>,
    },
    /// `in January 2023`.
    InMonth {
        /// The year.
        year: i32,
        /// 1–12.
        month: u32,
        /// Where.
        span: Span,
    },
    /// `in less than D of A`.
    LessThan {
        /// The strict limit.
        limit: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `between D1 and D2 after A`.
    Between {
        /// Opening.
        from: MaybeDuration,
        /// Closing.
        to: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `not before D after A` / `at least D after A`.
    NotBefore {
        /// The lower bound.
        after: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `at least D before A`.
    AtLeastBefore {
        /// The gap.
        gap: DurationAst,
        /// The anchor.
        anchor: Anchor,
    },
    /// `before A`, `by A`.
    Fixed {
        /// The point.
        anchor: Anchor,
        /// Before or by.
        bound: DateBound,
    },
    /// `at age 15.5`.
    AtAge(AmountAst),
    /// `by/at week N of pregnancy`.
    PregnancyWeek {
        /// The week.
        week: u32,
        /// By or at.
        bound: DateBound,
        /// Where.
        span: Span,
    },
    /// `by 31 March every year`.
    EveryYear {
        /// Day of month.
        day: u32,
        /// Month 1–12.
        month: u32,
        /// By or before.
        bound: DateBound,
        /// Where.
        span: Span,
    },
    /// `every D while P`, `every D from A until E`, `usually F1 but always F2 …`.
    Recurring {
        /// The frequency.
        every: Frequency,
        /// Where it runs (none: from the task's first occurrence).
        scope: Option<ScopeAst>,
        /// `usually F1 but always F2`: F1.
        target: Option<Frequency>,
    },
    /// `every D1 for the first D2 of P, then every D3`.
    Phased(Vec<PhaseAst>),
    /// `when P has lasted D1 and D2`.
    Milestones {
        /// The period.
        period: Ident,
        /// The milestones.
        at: Vec<MaybeDuration>,
    },
    /// `as soon as possible after A`, `immediately after A`.
    Unnumbered {
        /// Which phrase.
        kind: Unnumbered,
        /// The anchor, if written.
        anchor: Option<Anchor>,
        /// `before or shortly after`.
        may_precede: bool,
    },
}

/// A condition as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `a or b`.
    Or(Vec<Cond>, Span),
    /// `a and b`.
    And(Vec<Cond>, Span),
    /// `not a`.
    Not(Box<Cond>, Span),
    /// A bare name: a boolean attribute.
    Test(Path),
    /// `path op value`.
    Compare(Path, CmpOp, Value, Span),
    /// `a within D of b`: the time between two events.
    Gap(EventRef, DurationAst, EventRef, Span),
}

impl Cond {
    /// Where the condition was written.
    pub fn span(&self) -> Span {
        match self {
            Cond::Or(_, s)
            | Cond::And(_, s)
            | Cond::Not(_, s)
            | Cond::Compare(_, _, _, s)
            | Cond::Gap(_, _, _, s) => *s,
            Cond::Test(p) => p.span,
        }
    }
}

/// `name`, `event.name` or `child.name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The qualifier before the dot.
    pub qualifier: Option<Ident>,
    /// The attribute name.
    pub name: Ident,
    /// The whole path.
    pub span: Span,
}

/// A literal in a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `true`/`false`.
    Bool(bool, Span),
    /// A number.
    Number(f64, Span),
    /// A date.
    Date(DateLit),
    /// A quoted string.
    Text(Text),
    /// A bare name (an enumeration value).
    Name(Ident),
}

impl Value {
    /// Where.
    pub fn span(&self) -> Span {
        match self {
            Value::Bool(_, s) | Value::Number(_, s) => *s,
            Value::Date(d) => d.span,
            Value::Text(t) => t.span,
            Value::Name(i) => i.span,
        }
    }
}
