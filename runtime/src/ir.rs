//! The compiled policy: what the compiler hands the runtime.
//!
//! Everything is resolved (names are indices, types are checked) and serde-serialisable,
//! so `duly compile` can write it and the runtime can evaluate it without the compiler.
//! Standards keep their document reference so every runtime answer can name its source.

use crate::duration::{Counting, Duration};
use chrono::NaiveDate;
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
    /// Due when a period has lasted each of these durations.
    Milestones {
        /// The period.
        period: PeriodId,
        /// Milestones from the period's start.
        at: Vec<Duration>,
    },
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
}

/// Over what span a recurrence runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// While the period is open.
    While(PeriodId),
    /// From an anchor, optionally until an event.
    From {
        /// Start.
        anchor: Anchor,
        /// End, if any.
        until: Option<Selection>,
    },
    /// After the rule's first deadline, until an event (form 5's `until`).
    Until(Selection),
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
