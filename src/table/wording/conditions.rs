//! Conditions in words: attribute names with underscores as spaces, enumeration values verbatim
//! ("where s47 agreed", "where rag is red or amber", "unless unborn").

use super::nouns::{date, join_with, number};
use super::Words;
use duly_runtime::ir::{AttrType, CmpOp, Cond, Literal, Operand};

impl Words<'_> {
    /// A condition in words, using attribute names with underscores as spaces.
    pub(super) fn cond(&self, c: &Cond) -> String {
        match c {
            Cond::All(parts) => self.join_conds(parts, " and ", |p| matches!(p, Cond::Any(_))),
            Cond::Any(parts) => self.any(parts),
            Cond::Not(inner) => match inner.as_ref() {
                Cond::IsTrue(op) => format!("not {}", self.operand(op)),
                Cond::Compare(op, cmp, lit) => self.compare(op, negate(*cmp), lit),
                other => format!("not ({})", self.cond(other)),
            },
            Cond::IsTrue(op) => self.operand(op),
            Cond::Compare(op, cmp, lit) => self.compare(op, *cmp, lit),
            Cond::Within { event, within, of } => format!(
                "the {} is within {} of the {}",
                self.policy.events[*event as usize].label,
                within.written,
                self.policy.events[*of as usize].label
            ),
        }
    }

    /// `a = x or a = y or b` → "a is x or y or b": one subject, its values listed once.
    fn any(&self, parts: &[Cond]) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            if let Cond::Compare(op, CmpOp::Eq, _) = &parts[i] {
                let same: Vec<&Literal> = parts[i..]
                    .iter()
                    .map_while(|p| match p {
                        Cond::Compare(o, CmpOp::Eq, l)
                            if o == op && !matches!(l, Literal::Bool(_)) =>
                        {
                            Some(l)
                        }
                        _ => None,
                    })
                    .collect();
                if same.len() > 1 {
                    let values: Vec<String> = same.iter().map(|l| self.literal(op, l)).collect();
                    words.push(format!(
                        "{} is {}",
                        self.operand(op),
                        join_with(&values, "or")
                    ));
                    i += same.len();
                    continue;
                }
            }
            let w = self.cond(&parts[i]);
            words.push(if matches!(parts[i], Cond::All(_)) {
                format!("({w})")
            } else {
                w
            });
            i += 1;
        }
        words.join(" or ")
    }

    fn join_conds(&self, parts: &[Cond], sep: &str, needs_brackets: fn(&Cond) -> bool) -> String {
        let words: Vec<String> = parts
            .iter()
            .map(|p| {
                let w = self.cond(p);
                if needs_brackets(p) {
                    format!("({w})")
                } else {
                    w
                }
            })
            .collect();
        words.join(sep)
    }

    fn compare(&self, op: &Operand, cmp: CmpOp, lit: &Literal) -> String {
        let subject = self.operand(op);
        if let Literal::Bool(b) = lit {
            // `x = true` reads as the fact itself, `x = false` as its negation.
            let holds = *b == (cmp == CmpOp::Eq);
            return if holds {
                subject
            } else {
                format!("not {subject}")
            };
        }
        let value = self.literal(op, lit);
        let dated = matches!(lit, Literal::Date(_));
        let relation = match (cmp, dated) {
            (CmpOp::Eq, _) => format!("is {value}"),
            (CmpOp::Ne, _) => format!("is not {value}"),
            (CmpOp::Lt, false) => format!("is under {value}"),
            (CmpOp::Le, false) => format!("is {value} or under"),
            (CmpOp::Gt, false) => format!("is over {value}"),
            (CmpOp::Ge, false) => format!("is {value} or over"),
            (CmpOp::Lt, true) => format!("is before {value}"),
            (CmpOp::Le, true) => format!("is on or before {value}"),
            (CmpOp::Gt, true) => format!("is after {value}"),
            (CmpOp::Ge, true) => format!("is on or after {value}"),
        };
        format!("{subject} {relation}")
    }

    /// A constant as words: numbers as written, dates in British style, enum values verbatim.
    fn literal(&self, op: &Operand, lit: &Literal) -> String {
        match lit {
            Literal::Bool(b) => b.to_string(),
            Literal::Number(n) => number(*n),
            Literal::Date(d) => date(*d),
            Literal::Text(t) => format!("‘{t}’"),
            Literal::Enum(i) => self.enum_value(op, *i),
        }
    }

    /// The attribute an operand reads, as words: `s47_agreed` → "s47 agreed".
    fn operand(&self, op: &Operand) -> String {
        match op {
            Operand::Age => "age".into(),
            Operand::Anchor { event, attr } => self.event_attr(*event, *attr).0,
            Operand::Child(attr) => self
                .policy
                .child
                .get(*attr as usize)
                .map_or_else(|| format!("child fact #{attr}"), |a| spaced(&a.name)),
            Operand::Event { event, attr } => format!(
                "{} ({})",
                self.event_attr(*event, *attr).0,
                self.event_label(*event)
            ),
        }
    }

    /// An event attribute's name in words and its type, if declared.
    fn event_attr(&self, event: u32, attr: u32) -> (String, Option<&AttrType>) {
        let found = self
            .policy
            .events
            .get(event as usize)
            .and_then(|e| e.attrs.get(attr as usize));
        match found {
            Some(a) => (spaced(&a.name), Some(&a.ty)),
            None => (format!("attribute #{attr}"), None),
        }
    }

    /// An enumeration value, verbatim as declared.
    fn enum_value(&self, op: &Operand, index: u32) -> String {
        let ty = match op {
            Operand::Anchor { event, attr } | Operand::Event { event, attr } => {
                self.event_attr(*event, *attr).1
            }
            Operand::Child(attr) => self.policy.child.get(*attr as usize).map(|a| &a.ty),
            Operand::Age => None,
        };
        match ty {
            Some(AttrType::Enum(values)) => values
                .get(index as usize)
                .cloned()
                .unwrap_or_else(|| format!("value #{index}")),
            _ => format!("value #{index}"),
        }
    }
}

fn negate(cmp: CmpOp) -> CmpOp {
    match cmp {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

fn spaced(name: &str) -> String {
    name.replace('_', " ")
}
