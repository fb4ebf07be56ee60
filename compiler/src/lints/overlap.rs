//! Whether conditions can hold together: satisfiability of `where`/`unless` formulas
//! over typed attributes, for the conflict, duplicate, mixed-unit and never-applicable lints.
//!
//! A condition becomes a formula in negation normal form, then a disjunction of
//! conjunctions (capped: past [`MAX_TERMS`] the answer is "unknown" and lints stay
//! quiet). Each conjunction is checked attribute by attribute against the attribute's
//! type: a yes/no fact has two values, an enumeration its declared values, numbers
//! and dates are intervals (ages and dates are whole numbers), texts are values.

use duly_runtime::ir::{AttrType, CmpOp, Cond, Literal, Operand, Policy, Rule};
use std::collections::HashMap;

/// The most conjunctions a formula may expand to before the answer is "unknown".
pub const MAX_TERMS: usize = 1024;

/// A condition in negation normal form: negation only on atoms.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// Always holds.
    True,
    /// Never holds.
    False,
    /// All hold.
    And(Vec<Formula>),
    /// At least one holds.
    Or(Vec<Formula>),
    /// One test on one attribute.
    Atom(Atom),
    /// A condition this analysis does not look inside (`referral within 3 months of
    /// closure`), by its text, holding (`true`) or not: equal texts are the same fact.
    Fact(String, bool),
}

/// One test on one attribute (already negated where the condition said `not`).
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    /// What is tested.
    pub operand: Operand,
    /// The test.
    pub test: Test,
}

/// A test an atom applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// A yes/no fact is true (`true`) or false (`false`).
    Is(bool),
    /// A comparison with a constant.
    Cmp(CmpOp, Literal),
}

fn negate_op(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
    }
}

fn nnf(c: &Cond, positive: bool) -> Formula {
    match c {
        Cond::All(parts) if positive => Formula::and(parts.iter().map(|p| nnf(p, true)).collect()),
        Cond::All(parts) => Formula::or(parts.iter().map(|p| nnf(p, false)).collect()),
        Cond::Any(parts) if positive => Formula::or(parts.iter().map(|p| nnf(p, true)).collect()),
        Cond::Any(parts) => Formula::and(parts.iter().map(|p| nnf(p, false)).collect()),
        Cond::Not(inner) => nnf(inner, !positive),
        Cond::IsTrue(operand) => Formula::Atom(Atom {
            operand: *operand,
            test: Test::Is(positive),
        }),
        Cond::Compare(operand, op, lit) => Formula::Atom(Atom {
            operand: *operand,
            test: Test::Cmp(if positive { *op } else { negate_op(*op) }, lit.clone()),
        }),
        // A condition on the time between events may hold or not, whichever way it is read.
        Cond::Within { .. } => Formula::True,
    }
}

impl Formula {
    /// The formula of a condition.
    pub fn of(c: &Cond) -> Formula {
        nnf(c, true)
    }

    /// The formula of a condition's negation.
    pub fn negation_of(c: &Cond) -> Formula {
        nnf(c, false)
    }

    /// When a rule applies: its `where` holds and its `unless` does not.
    pub fn applies(rule: &Rule) -> Formula {
        Formula::and(vec![
            rule.applies_when
                .as_ref()
                .map_or(Formula::True, Formula::of),
            rule.waived_when
                .as_ref()
                .map_or(Formula::True, Formula::negation_of),
        ])
    }

    /// A conjunction, simplified (`True` parts dropped, any `False` wins).
    pub fn and(parts: Vec<Formula>) -> Formula {
        let mut out = Vec::new();
        for p in parts {
            match p {
                Formula::True => {}
                Formula::False => return Formula::False,
                Formula::And(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Formula::True,
            1 => out.pop().unwrap_or(Formula::True),
            _ => Formula::And(out),
        }
    }

    /// A disjunction, simplified (`False` parts dropped, any `True` wins).
    pub fn or(parts: Vec<Formula>) -> Formula {
        let mut out = Vec::new();
        for p in parts {
            match p {
                Formula::False => {}
                Formula::True => return Formula::True,
                Formula::Or(inner) => out.extend(inner),
                other => out.push(other),
            }
        }
        match out.len() {
            0 => Formula::False,
            1 => out.pop().unwrap_or(Formula::False),
            _ => Formula::Or(out),
        }
    }

    /// The negation, still in negation normal form.
    pub fn negate(&self) -> Formula {
        match self {
            Formula::True => Formula::False,
            Formula::False => Formula::True,
            Formula::And(parts) => Formula::or(parts.iter().map(Formula::negate).collect()),
            Formula::Or(parts) => Formula::and(parts.iter().map(Formula::negate).collect()),
            Formula::Atom(a) => Formula::Atom(Atom {
                operand: a.operand,
                test: match &a.test {
                    Test::Is(b) => Test::Is(!b),
                    Test::Cmp(op, lit) => Test::Cmp(negate_op(*op), lit.clone()),
                },
            }),
            Formula::Fact(key, holds) => Formula::Fact(key.clone(), !holds),
        }
    }
}

/// Decides satisfiability against one policy's attribute types.
pub struct Solver<'a> {
    policy: &'a Policy,
}

impl<'a> Solver<'a> {
    /// A solver for `policy`'s attributes.
    pub fn new(policy: &'a Policy) -> Solver<'a> {
        Solver { policy }
    }

    /// Whether some case makes `f` hold: `Some(true)`, `Some(false)`, or `None` when the
    /// formula is too large to decide (more than [`MAX_TERMS`] conjunctions).
    pub fn satisfiable(&self, f: &Formula) -> Option<bool> {
        let terms = dnf(f)?;
        Some(terms.iter().any(|t| self.consistent(t)))
    }

    /// Whether `a` and `b` can hold together (see [`Solver::satisfiable`]).
    pub fn overlap(&self, a: &Formula, b: &Formula) -> Option<bool> {
        self.satisfiable(&Formula::and(vec![a.clone(), b.clone()]))
    }

    /// Whether every case where `a` holds also satisfies `b` (`Some(true)`), some case
    /// does not (`Some(false)`), or the formulas are too large to say (`None`).
    pub fn implies(&self, a: &Formula, b: &Formula) -> Option<bool> {
        self.overlap(a, &b.negate()).map(|sat| !sat)
    }

    fn ty(&self, operand: Operand) -> Option<&'a AttrType> {
        match operand {
            Operand::Anchor { event, attr } | Operand::Event { event, attr } => self
                .policy
                .events
                .get(event as usize)
                .and_then(|e| e.attrs.get(attr as usize))
                .map(|a| &a.ty),
            Operand::Child(attr) => self.policy.child.get(attr as usize).map(|a| &a.ty),
            Operand::Age => Some(&AttrType::Number),
        }
    }

    fn consistent(&self, term: &[Lit<'_>]) -> bool {
        let mut by_operand: HashMap<Operand, Vec<&Test>> = HashMap::new();
        let mut facts: HashMap<&str, bool> = HashMap::new();
        for lit in term {
            match lit {
                Lit::Atom(a) => by_operand.entry(a.operand).or_default().push(&a.test),
                Lit::Fact(key, holds) => {
                    if facts
                        .insert(key, *holds)
                        .is_some_and(|before| before != *holds)
                    {
                        return false;
                    }
                }
            }
        }
        by_operand.iter().all(|(operand, tests)| {
            let integer = matches!(operand, Operand::Age);
            match self.ty(*operand) {
                Some(AttrType::Bool) => bool_consistent(tests),
                Some(AttrType::Enum(values)) => enum_consistent(tests, values.len()),
                Some(AttrType::Number) => interval_consistent(tests, integer, integer),
                Some(AttrType::Date) => interval_consistent(tests, true, false),
                Some(AttrType::Text) => text_consistent(tests),
                // Unknown operands never make a condition impossible.
                None => true,
            }
        })
    }
}

/// A literal of a conjunction.
#[derive(Clone, Copy)]
enum Lit<'f> {
    Atom(&'f Atom),
    Fact(&'f str, bool),
}

/// Disjunctive normal form as lists of literals, or `None` past the cap.
fn dnf(f: &Formula) -> Option<Vec<Vec<Lit<'_>>>> {
    match f {
        Formula::True => Some(vec![Vec::new()]),
        Formula::False => Some(Vec::new()),
        Formula::Atom(a) => Some(vec![vec![Lit::Atom(a)]]),
        Formula::Fact(key, holds) => Some(vec![vec![Lit::Fact(key, *holds)]]),
        Formula::Or(parts) => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(dnf(p)?);
                if out.len() > MAX_TERMS {
                    return None;
                }
            }
            Some(out)
        }
        Formula::And(parts) => {
            let mut acc: Vec<Vec<Lit<'_>>> = vec![Vec::new()];
            for p in parts {
                let d = dnf(p)?;
                if acc.len().saturating_mul(d.len()) > MAX_TERMS {
                    return None;
                }
                let mut next = Vec::with_capacity(acc.len() * d.len());
                for t in &acc {
                    for u in &d {
                        let mut both = t.clone();
                        both.extend(u.iter().copied());
                        next.push(both);
                    }
                }
                acc = next;
            }
            Some(acc)
        }
    }
}

fn bool_consistent(tests: &[&Test]) -> bool {
    let mut required: Option<bool> = None;
    for t in tests {
        let value = match t {
            Test::Is(b) => *b,
            Test::Cmp(CmpOp::Eq, Literal::Bool(b)) => *b,
            Test::Cmp(CmpOp::Ne, Literal::Bool(b)) => !*b,
            _ => continue,
        };
        match required {
            Some(r) if r != value => return false,
            _ => required = Some(value),
        }
    }
    true
}

fn enum_consistent(tests: &[&Test], size: usize) -> bool {
    let mut allowed = vec![true; size];
    for t in tests {
        match t {
            Test::Cmp(CmpOp::Eq, Literal::Enum(i)) => {
                for (j, a) in allowed.iter_mut().enumerate() {
                    if j != *i as usize {
                        *a = false;
                    }
                }
            }
            Test::Cmp(CmpOp::Ne, Literal::Enum(i)) => {
                if let Some(a) = allowed.get_mut(*i as usize) {
                    *a = false;
                }
            }
            _ => {}
        }
    }
    allowed.iter().any(|a| *a)
}

fn text_consistent(tests: &[&Test]) -> bool {
    let mut eq: Option<&str> = None;
    let mut ne: Vec<&str> = Vec::new();
    for t in tests {
        match t {
            Test::Cmp(CmpOp::Eq, Literal::Text(s)) => match eq {
                Some(e) if e != s => return false,
                _ => eq = Some(s),
            },
            Test::Cmp(CmpOp::Ne, Literal::Text(s)) => ne.push(s),
            _ => {}
        }
    }
    !matches!(eq, Some(e) if ne.contains(&e))
}

fn number(lit: &Literal) -> Option<f64> {
    match lit {
        Literal::Number(n) => Some(*n),
        Literal::Date(d) => Some(f64::from(chrono::Datelike::num_days_from_ce(d))),
        _ => None,
    }
}

/// Interval reasoning: `integer` for whole-number domains (ages, dates), `natural` when
/// negative values are impossible (ages).
fn interval_consistent(tests: &[&Test], integer: bool, natural: bool) -> bool {
    let (mut lo, mut lo_strict) = (if natural { 0.0 } else { f64::NEG_INFINITY }, false);
    let (mut hi, mut hi_strict) = (f64::INFINITY, false);
    let mut eq: Option<f64> = None;
    let mut ne: Vec<f64> = Vec::new();
    for t in tests {
        let Test::Cmp(op, lit) = t else { continue };
        let Some(v) = number(lit) else { continue };
        match op {
            CmpOp::Eq => match eq {
                Some(e) if e != v => return false,
                _ => eq = Some(v),
            },
            CmpOp::Ne => ne.push(v),
            CmpOp::Lt | CmpOp::Le => {
                let strict = *op == CmpOp::Lt;
                if v < hi || (v == hi && strict) {
                    (hi, hi_strict) = (v, strict);
                }
            }
            CmpOp::Gt | CmpOp::Ge => {
                let strict = *op == CmpOp::Gt;
                if v > lo || (v == lo && strict) {
                    (lo, lo_strict) = (v, strict);
                }
            }
        }
    }
    let above = |x: f64| x > lo || (x == lo && !lo_strict);
    let below = |x: f64| x < hi || (x == hi && !hi_strict);
    if let Some(e) = eq {
        return above(e) && below(e) && !ne.contains(&e) && (!integer || e.fract() == 0.0);
    }
    if integer {
        let lo_i = if lo_strict {
            lo.floor() + 1.0
        } else {
            lo.ceil()
        };
        let hi_i = if hi_strict {
            hi.ceil() - 1.0
        } else {
            hi.floor()
        };
        if !lo_i.is_finite() || !hi_i.is_finite() {
            return lo_i <= hi_i;
        }
        if hi_i < lo_i {
            return false;
        }
        let mut excluded: Vec<f64> = ne
            .iter()
            .copied()
            .filter(|x| x.fract() == 0.0 && *x >= lo_i && *x <= hi_i)
            .collect();
        excluded.sort_by(f64::total_cmp);
        excluded.dedup();
        return (excluded.len() as f64) < hi_i - lo_i + 1.0;
    }
    lo < hi || (lo == hi && !lo_strict && !hi_strict && !ne.contains(&lo))
}

/// A condition as a policy author would write it, for messages.
pub fn describe(c: &Cond, policy: &Policy) -> String {
    fn go(c: &Cond, policy: &Policy, nested: bool) -> String {
        let joined = |parts: &[Cond], word: &str| {
            let s = parts
                .iter()
                .map(|p| go(p, policy, true))
                .collect::<Vec<_>>()
                .join(word);
            if nested && parts.len() > 1 {
                format!("({s})")
            } else {
                s
            }
        };
        match c {
            Cond::All(parts) => joined(parts, " and "),
            Cond::Any(parts) => joined(parts, " or "),
            Cond::Not(inner) => format!("not {}", go(inner, policy, true)),
            Cond::IsTrue(op) => operand_name(*op, policy),
            Cond::Compare(op, cmp, lit) => format!(
                "{} {} {}",
                operand_name(*op, policy),
                cmp.symbol(),
                literal_text(*op, lit, policy)
            ),
            Cond::Within { event, within, of } => format!(
                "{} within {} of {}",
                policy.events[*event as usize].name,
                within.written,
                policy.events[*of as usize].name
            ),
        }
    }
    go(c, policy, false)
}

fn operand_name(op: Operand, policy: &Policy) -> String {
    let attr = |event: u32, attr: u32| {
        policy
            .events
            .get(event as usize)
            .and_then(|e| e.attrs.get(attr as usize))
            .map_or("?".to_string(), |a| a.name.clone())
    };
    match op {
        Operand::Anchor { event, attr: a } => attr(event, a),
        Operand::Event { event, attr: a } => format!(
            "{}.{}",
            policy
                .events
                .get(event as usize)
                .map_or("?", |e| e.name.as_str()),
            attr(event, a)
        ),
        Operand::Child(a) => policy
            .child
            .get(a as usize)
            .map_or("?".to_string(), |c| c.name.clone()),
        Operand::Age => "age".into(),
    }
}

fn literal_text(op: Operand, lit: &Literal, policy: &Policy) -> String {
    match lit {
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) => n.to_string(),
        Literal::Date(d) => d.to_string(),
        Literal::Text(t) => format!("\"{t}\""),
        Literal::Enum(i) => {
            let values = Solver::new(policy).ty(op).and_then(|t| match t {
                AttrType::Enum(v) => v.get(*i as usize).cloned(),
                _ => None,
            });
            values.unwrap_or_else(|| format!("#{i}"))
        }
    }
}
