//! The compiled policy: what the compiler hands the runtime.
//!
//! Everything is resolved (names are indices, types are checked) and serde-serialisable,
//! so `duly compile` can write it and the runtime can evaluate it without the compiler.
//! Standards keep their document reference so every runtime answer can name its source.

use crate::duration::{Counting, Duration};
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Index of an event in [`Policy::events`].
pub type EventId = u32;
/// Index of a period in [`Policy::periods`].
pub type PeriodId = u32;
/// Index of an attribute in its owner's attribute list.
pub type AttrId = u32;

/// A compiled policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// The document's title.
    pub title: String,
    /// The document's version or date, as written.
    pub version: Option<String>,
    /// Working-day calendar: bank holidays and closures.
    pub calendar: CalendarData,
    /// IANA timezone for hour deadlines.
    pub timezone: String,
    /// How working days are counted from an anchor.
    pub counting: Counting,
    /// Declared facts about the child.
    pub child: Vec<Attr>,
    /// Declared events.
    pub events: Vec<Event>,
    /// Declared periods.
    pub periods: Vec<Period>,
    /// Section headings, in order.
    pub sections: Vec<String>,
    /// Standards, in document order.
    pub standards: Vec<Standard>,
    /// Rules, in document order; each names its standard.
    pub rules: Vec<Rule>,
    /// The authority's school terms (`term "Autumn 2025" from … to …`), in date
    /// order and not overlapping; empty when the policy declares none, and then
    /// `every term` computes no date.
    #[serde(default)]
    pub terms: Vec<Term>,
}

/// One school term, as the policy declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Its name as written ("Autumn 2025").
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

/// Bank holidays and closure days, embedded so the IR is self-contained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    /// Where the holidays came from (division name or file), for explanations.
    pub source: String,
    /// The gov.uk division name, e.g. `england-and-wales`.
    pub division: String,
    /// Bank holidays with their titles.
    pub holidays: Vec<Holiday>,
    /// First and last year the holiday data covers.
    pub covered_years: (i32, i32),
    /// Local closure days, as inclusive ranges.
    pub closed: Vec<(NaiveDate, NaiveDate)>,
}

/// One bank holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// Its name, e.g. "Boxing Day".
    pub title: String,
}

/// A typed attribute of an event or of the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attr {
    /// snake_case name.
    pub name: String,
    /// Its type.
    pub ty: AttrType,
}

/// The type of an attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttrType {
    /// `true`/`false`.
    Bool,
    /// An ISO date.
    Date,
    /// A number.
    Number,
    /// Free text.
    Text,
    /// One of a fixed set of values.
    Enum(Vec<String>),
}

impl AttrType {
    /// The type as a policy author writes it.
    pub fn describe(&self) -> String {
        match self {
            AttrType::Bool => "bool".into(),
            AttrType::Date => "date".into(),
            AttrType::Number => "number".into(),
            AttrType::Text => "text".into(),
            AttrType::Enum(values) => values.join(" | "),
        }
    }
}

/// A declared event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// snake_case name used in case data.
    pub name: String,
    /// Human label for tables and explanations.
    pub label: String,
    /// Declared attributes.
    pub attrs: Vec<Attr>,
}

/// A state open between two events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// snake_case name.
    pub name: String,
    /// Human label.
    pub label: String,
    /// The event that opens it.
    pub start: EventId,
    /// The event that closes it.
    pub end: EventId,
}

/// One numbered standard of the source document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// The document's own reference: `6.1`, `M.2`, `table.3`.
    pub reference: String,
    /// Title.
    pub title: Option<String>,
    /// Who is responsible.
    pub owner: Option<String>,
    /// The source passage, verbatim.
    pub quote: Option<String>,
    /// Index into [`Policy::sections`].
    pub section: Option<u32>,
}

/// One compiled rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Index into [`Policy::standards`].
    pub standard: u32,
    /// The event that must happen.
    pub task: Selection,
    /// When it must happen.
    pub timing: Timing,
    /// `where`: the rule applies only when this holds.
    pub applies_when: Option<Cond>,
    /// `unless`: the rule is waived when this holds.
    pub waived_when: Option<Cond>,
    /// The rule as written, for explanations.
    pub text: String,
    /// 1-based line in the source file, for reports.
    pub line: u32,
    /// A counting convention stated by this rule's standard, overriding the policy's.
    #[serde(default)]
    pub counting: Option<Counting>,
    /// `… while PERIOD`: the rule applies only while the period is open at its point.
    #[serde(default)]
    pub during: Option<PeriodId>,
    /// `… for 80% of cases`: a caseload target, reported by summaries.
    #[serde(default)]
    pub proportion: Option<f64>,
    /// `usually …`: the whole rule is a target; missing it is not a breach.
    #[serde(default)]
    pub soft: bool,
    /// `TASK, if any, …`: the task may rightly never happen; only a late one is a finding.
    #[serde(default)]
    pub optional: bool,
}

fn one() -> u32 {
    1
}

/// An event with an optional occurrence selector (`lac_review#2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Selection {
    /// Which event.
    pub event: EventId,
    /// Which of its occurrences.
    pub occurrence: Occurrence,
}

/// Which occurrences of an event a name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occurrence {
    /// No selector: every occurrence (as anchor) or any occurrence (as task).
    Each,
    /// `#N` (1-based).
    Nth(u32),
    /// `#N+`: the N-th and every later one.
    From(u32),
    /// `#last`.
    Last,
}

/// What a deadline is counted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// An event occurrence.
    Event(Selection),
    /// Whichever of these comes first.
    Earliest(Vec<Anchor>),
    /// Whichever of these comes last.
    Latest(Vec<Anchor>),
    /// The event that opens the period.
    PeriodStart(PeriodId),
    /// The event that closes the period.
    PeriodEnd(PeriodId),
    /// The child's N-th birthday (from `child.date_of_birth`).
    Birthday(u32),
    /// The day the child reaches an age given in months (`at age 15.5` is 186 months).
    Age {
        /// Age in months.
        months: u32,
    },
    /// Week N of pregnancy: `child.expected_date_of_birth` − 40 weeks + N weeks.
    PregnancyWeek(u32),
    /// A fixed date.
    Date(NaiveDate),
    /// A calendar month (`in January 2023`), as its first day.
    Month {
        /// The year.
        year: i32,
        /// 1–12.
        month: u32,
    },
    /// A day of every year (`31 March every year`).
    DayOfYear {
        /// 1–12.
        month: u32,
        /// 1–31.
        day: u32,
    },
}

/// How a fixed-point deadline (`before`, `by`, `at`) is worded and bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBound {
    /// `before X`: by the end of the day before X.
    Before,
    /// `by X`: by the end of X's day.
    By,
    /// `at X` (`at age 15.5`, `at week 12 of pregnancy`): by the end of X's day.
    At,
    /// `not before X`: a lower bound only; earlier is `early`.
    NotBefore,
    /// `in January 2023`: within the calendar month that starts at X.
    InMonth,
    /// `within the same month as X`: by the last day of X's calendar month.
    SameMonth,
    /// `by the morning after X`: no hour is given, so by the end of the next day.
    MorningAfter,
}

/// When a rule's task is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Counted forward from an anchor: within, usually within, in less than,
    /// between, not before, as soon as possible.
    Deadline(Deadline),
    /// Counted back from an anchor: `at least D before X`.
    AtLeastBefore {
        /// The anchor (often scheduled, not yet occurred).
        anchor: Anchor,
        /// The gap that must be left.
        gap: Duration,
    },
    /// A fixed point: `before 16th birthday`, `by 31 March every year`, `at age 15.5`.
    Fixed {
        /// The point.
        anchor: Anchor,
        /// How the point bounds the task.
        bound: DateBound,
    },
    /// A recurrence with no separate first deadline.
    Recurring(Recurrence),
    /// Tied to the next occurrence of an event: `at the next EVENT after A`,
    /// `before the next EVENT`, `between each EVENT and the next`, `at the midpoint …`.
    NextOccurrence {
        /// The event whose next occurrence bounds the task.
        event: Selection,
        /// `after A`; without it, each occurrence of `event` anchors the next.
        after: Option<Anchor>,
        /// Which form.
        kind: NextKind,
    },
    /// `within D before A`: in the D leading up to A (earlier is `early`).
    WithinBefore {
        /// The anchor (often scheduled).
        anchor: Anchor,
        /// How far ahead the window opens.
        within: Duration,
    },
    /// `by 16:00 on the Thursday before A`: due at that time (in the policy's timezone) on
    /// the last such weekday strictly before A's date; `by 16:00 on the day before A`: on
    /// the day before it.
    ClockBefore {
        /// The anchor (often scheduled: a meeting's papers are due before it).
        anchor: Anchor,
        /// The weekday; `None` for "the day before".
        weekday: Option<Weekday>,
        /// The time of day the task is due by.
        time: NaiveTime,
    },
    /// `at the EVENT closest to A`: due by the end of the day of the one occurrence of
    /// EVENT (held or booked) whose date is nearest A's; of two equally near, the earlier.
    Closest {
        /// The event whose nearest occurrence the task belongs to.
        event: Selection,
        /// What it is nearest to: one point per case (a birthday or a date).
        to: Anchor,
    },
    /// `at least every other EVENT`, `every 3 EVENT`: the task on the same day as at
    /// least one of every N consecutive occurrences of EVENT.
    EveryNth {
        /// The counted event (usually a visit).
        event: Selection,
        /// N.
        n: u32,
        /// Only occurrences while this period is open count.
        period: Option<PeriodId>,
    },
    /// `at least once during PERIOD`, `at least twice during PERIOD`.
    During {
        /// The period.
        period: PeriodId,
        /// How many occurrences are needed.
        #[serde(default = "one")]
        times: u32,
    },
    /// At least once in every school term (`every term`, `termly`), within a scope.
    /// With the policy's [`Term`]s declared, one obligation per term; without them,
    /// kept in words like [`Timing::Unquantified`].
    Termly {
        /// The words as written (`every term`), for tables and explanations.
        text: String,
        /// Where the rule applies.
        scope: Scope,
    },
    /// A timescale stated in words with no computable date (`from early teens`).
    Unquantified {
        /// The words, for tables and explanations.
        text: String,
        /// The period it runs in, if any.
        period: Option<PeriodId>,
    },
    /// Due when a period has lasted each of these durations.
    Milestones {
        /// The period.
        period: PeriodId,
        /// Milestones from the period's start.
        at: Vec<Duration>,
    },
}

/// The forms of [`Timing::NextOccurrence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextKind {
    /// `at the next EVENT after A`: by the day of that occurrence.
    AtNext,
    /// `before the next EVENT`: by the day before it.
    BeforeNext,
    /// `between each EVENT and the next`: strictly between consecutive occurrences.
    BetweenEach,
    /// `at the midpoint between each EVENT and the next`.
    Midpoint,
}

/// A deadline counted forward from an anchor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// The anchor.
    pub anchor: Anchor,
    /// Window opening (`between D1 and …`, `not before D after`): earlier is `early`.
    pub opens: Option<Duration>,
    /// Soft target (`usually within`).
    pub target: Option<Duration>,
    /// Hard limit, if any.
    pub limit: Option<Limit>,
    /// No numeric timescale: `as soon as possible` or `immediately`.
    pub unnumbered: Option<Unnumbered>,
    /// `, then every D while P`.
    pub then: Option<Recurrence>,
    /// `before or within D of A`: doing it before the anchor also counts.
    #[serde(default)]
    pub may_precede: bool,
    /// `D after A`: a point in time rather than a limit ("three months after").
    #[serde(default)]
    pub point: bool,
}

/// A hard limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    /// The limit.
    pub within: Duration,
    /// `in less than`: the task must happen strictly before anchor + D.
    pub strict: bool,
    /// `, or D2 where COND`: a longer (or shorter) limit when COND holds.
    pub extensions: Vec<Extension>,
    /// `, or within D2 of B`: meeting either deadline is enough.
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
}

/// Another deadline that also satisfies the rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// Its limit.
    pub within: Duration,
    /// What it counts from (its first occurrence at or after the rule's anchor).
    pub anchor: Anchor,
}

/// An alternative limit under a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    /// The alternative limit.
    pub within: Duration,
    /// When it applies.
    pub when: Cond,
}

/// A timescale stated without a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unnumbered {
    /// "as soon as possible".
    AsSoonAsPossible,
    /// "immediately".
    Immediately,
    /// "after A", with no timescale.
    After,
    /// "shortly after A".
    ShortlyAfter,
}

/// A recurring obligation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recurrence {
    /// Frequencies in order; all but the last have a `for_first` bound.
    pub phases: Vec<Phase>,
    /// Over what span the recurrence runs.
    pub scope: Scope,
}

/// One phase of a (possibly phased) frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// The maximum gap.
    pub every: Duration,
    /// The phase lasts for the first D of the scope (from its start).
    pub for_first: Option<Duration>,
    /// `twice weekly`, `6 to 8 times monthly`: at least (and at most) this many per `every`.
    #[serde(default)]
    pub times: Option<(u32, Option<u32>)>,
    /// `usually weekly but always fortnightly`: the usual gap, a target.
    #[serde(default)]
    pub target: Option<Duration>,
    /// `every 6 to 8 weeks`: sooner than this is early.
    #[serde(default)]
    pub at_least: Option<Duration>,
}

/// Over what span a recurrence runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// While the period is open.
    While(PeriodId),
    /// From an anchor, optionally until another (an event, a birthday, `earliest(…)`).
    From {
        /// Start.
        anchor: Anchor,
        /// End, if any.
        until: Option<Anchor>,
    },
    /// After the rule's first deadline (or the first task), until an anchor.
    Until(Anchor),
    /// No scope: from the task's first occurrence, for as long as the case lasts.
    Always,
}

/// A condition, resolved and type-checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    /// All must hold.
    All(Vec<Cond>),
    /// Any must hold.
    Any(Vec<Cond>),
    /// Negation.
    Not(Box<Cond>),
    /// A boolean attribute is true.
    IsTrue(Operand),
    /// A comparison.
    Compare(Operand, CmpOp, Literal),
    /// `referral within 3 months of early_help_closure`: the latest `of` on or before
    /// `event` (the anchor's occurrence when it is that event) is no more than D earlier.
    Within {
        /// The later event.
        event: EventId,
        /// The duration.
        within: Duration,
        /// The earlier event.
        of: EventId,
    },
}

/// What a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operand {
    /// An attribute of the anchoring event occurrence itself.
    Anchor {
        /// The anchor event.
        event: EventId,
        /// The attribute.
        attr: AttrId,
    },
    /// An attribute of the latest occurrence of another event on or before the anchor date.
    Event {
        /// The event.
        event: EventId,
        /// The attribute.
        attr: AttrId,
    },
    /// A fact about the child.
    Child(AttrId),
    /// The child's age in whole years on the anchor's date.
    Age,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A constant in a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// `true`/`false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// A text value.
    Text(String),
    /// An enumeration value, by index into the attribute's values.
    Enum(u32),
}
