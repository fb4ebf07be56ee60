//! Conditions: name resolution (anchor event, then child) and type checking.

use super::timing::Context;
use super::{AttrSym, Checker};
use crate::ast::{self, Value};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Label};
use duly_runtime::ir::{self, AttrType, CmpOp, Literal, Operand};
use duly_runtime::suggest::closest;

/// What a path resolved to.
struct Resolved {
    operand: Operand,
    ty: AttrType,
    name: String,
}

impl Checker<'_> {
    /// `where` clauses (all must hold) or `unless` clauses (any waives).
    pub(crate) fn conds(
        &mut self,
        conds: &[ast::Cond],
        ctx: &Context,
        any: bool,
    ) -> Option<ir::Cond> {
        let mut out: Vec<ir::Cond> = conds.iter().filter_map(|c| self.cond(c, ctx)).collect();
        match out.len() {
            0 => None,
            1 => out.pop(),
            _ if any => Some(ir::Cond::Any(out)),
            _ => Some(ir::Cond::All(out)),
        }
    }

    /// One condition.
    pub(crate) fn cond(&mut self, c: &ast::Cond, ctx: &Context) -> Option<ir::Cond> {
        match c {
            ast::Cond::Or(parts, _) | ast::Cond::And(parts, _) => {
                let lowered: Vec<Option<ir::Cond>> =
                    parts.iter().map(|p| self.cond(p, ctx)).collect();
                let lowered: Option<Vec<ir::Cond>> = lowered.into_iter().collect();
                let lowered = lowered?;
                Some(if matches!(c, ast::Cond::Or(..)) {
                    ir::Cond::Any(lowered)
                } else {
                    ir::Cond::All(lowered)
                })
            }
            ast::Cond::Not(inner, _) => Some(ir::Cond::Not(Box::new(self.cond(inner, ctx)?))),
            ast::Cond::Test(path) => {
                let r = self.resolve(path, ctx)?;
                if r.ty != AttrType::Bool {
                    let example = match &r.ty {
                        AttrType::Enum(values) => format!("`{} = {}`", r.name, values[0]),
                        AttrType::Number if r.name == "age" => "`age >= 16`".to_string(),
                        AttrType::Number => format!("`{} >= 1`", r.name),
                        AttrType::Date => format!("`{} < 2026-01-01`", r.name),
                        _ => format!("`{} = \"…\"`", r.name),
                    };
                    self.error(
                        Diagnostic::new(
                            Code::E007,
                            format!("`{}` is a {}, not a yes/no fact", r.name, type_words(&r.ty)),
                            Label::new(path.span, "used as a yes/no condition"),
                        )
                        .with_help(format!("compare it with a value, e.g. {example}")),
                    );
                    return None;
                }
                Some(ir::Cond::IsTrue(r.operand))
            }
            ast::Cond::Gap(event, d, of, _) => {
                let event = self.event_id(&event.name);
                let of = self.event_id(&of.name);
                let within = self.duration(d, true);
                Some(ir::Cond::Within {
                    event: event?,
                    within: within?,
                    of: of?,
                })
            }
            ast::Cond::Compare(path, op, value, _) => {
                let r = self.resolve(path, ctx)?;
                let lit = self.literal(&r, *op, value)?;
                Some(ir::Cond::Compare(r.operand, *op, lit))
            }
        }
    }

    fn resolve(&mut self, path: &ast::Path, ctx: &Context) -> Option<Resolved> {
        let name = &path.name.name;
        if let Some(q) = &path.qualifier {
            if q.name == "child" {
                return self.child_attr(path);
            }
            let event = self.event_id(q)?;
            return match self.event_attrs[event as usize].get(name) {
                Some((attr, sym)) => Some(Resolved {
                    operand: if ctx.events.contains(&event) {
                        Operand::Anchor { event, attr: *attr }
                    } else {
                        Operand::Event { event, attr: *attr }
                    },
                    ty: sym.ty.clone(),
                    name: name.clone(),
                }),
                None => {
                    let candidates: Vec<String> =
                        self.event_attrs[event as usize].keys().cloned().collect();
                    self.unknown_attr(path, &format!("event `{}`", q.name), &candidates);
                    None
                }
            };
        }
        let mut found: Vec<(u32, u32, AttrSym)> = Vec::new();
        for &e in &ctx.events {
            if let Some((attr, sym)) = self.event_attrs[e as usize].get(name) {
                if !found.iter().any(|(fe, _, _)| *fe == e) {
                    found.push((e, *attr, sym.clone()));
                }
            }
        }
        match found.len() {
            1 => {
                let (event, attr, sym) = found.remove(0);
                Some(Resolved {
                    operand: Operand::Anchor { event, attr },
                    ty: sym.ty,
                    name: name.clone(),
                })
            }
            0 if name == "age" && !self.child.contains_key("age") => {
                if !self.child.contains_key("date_of_birth") {
                    self.error(
                        Diagnostic::new(
                            Code::E013,
                            "`age` needs the child's `date_of_birth`",
                            Label::new(path.span, "age on the anchor's date"),
                        )
                        .with_help("declare it: `child { date_of_birth: date }`"),
                    );
                    return None;
                }
                Some(Resolved {
                    operand: Operand::Age,
                    ty: AttrType::Number,
                    name: name.clone(),
                })
            }
            0 => {
                if self.child.contains_key(name) {
                    return self.child_attr(path);
                }
                let mut candidates: Vec<String> = ctx
                    .events
                    .iter()
                    .flat_map(|e| self.event_attrs[*e as usize].keys().cloned())
                    .collect();
                candidates.extend(self.child.keys().cloned());
                let owner = if ctx.events.is_empty() {
                    "the child".to_string()
                } else {
                    format!("{} or the child", ctx.describe)
                };
                self.unknown_attr(path, &owner, &candidates);
                None
            }
            _ => {
                let owners: Vec<String> = found
                    .iter()
                    .map(|(e, _, _)| self.policy.events[*e as usize].name.clone())
                    .collect();
                self.error(
                    Diagnostic::new(
                        Code::E006,
                        format!(
                            "`{name}` could be an attribute of {}",
                            owners
                                .iter()
                                .map(|o| format!("`{o}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                        Label::new(path.span, "ambiguous"),
                    )
                    .with_help(format!("say which: `{}.{name}`", owners[0])),
                );
                None
            }
        }
    }

    fn child_attr(&mut self, path: &ast::Path) -> Option<Resolved> {
        let name = &path.name.name;
        if let Some((attr, sym)) = self.child.get(name) {
            return Some(Resolved {
                operand: Operand::Child(*attr),
                ty: sym.ty.clone(),
                name: name.clone(),
            });
        }
        if name == "age" {
            return Some(Resolved {
                operand: Operand::Age,
                ty: AttrType::Number,
                name: name.clone(),
            });
        }
        let candidates: Vec<String> = self.child.keys().cloned().collect();
        self.unknown_attr(path, "the child", &candidates);
        None
    }

    fn unknown_attr(&mut self, path: &ast::Path, owner: &str, candidates: &[String]) {
        let name = &path.name.name;
        let help = match closest(name, candidates.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if candidates.is_empty() => {
                format!("declare it on the event, e.g. `{{ {name}: bool }}`, or on the child")
            }
            None => {
                let mut sorted = candidates.to_vec();
                sorted.sort();
                format!(
                    "{owner} has: {}; or declare `{name}`",
                    sorted
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        self.error(
            Diagnostic::new(
                Code::E005,
                format!("`{name}` is not an attribute of {owner}"),
                Label::new(path.name.span, "unknown attribute"),
            )
            .with_help(help),
        );
    }

    fn literal(&mut self, r: &Resolved, op: CmpOp, value: &Value) -> Option<Literal> {
        let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
        let mismatch = |this: &mut Self, expected: String| {
            this.error(
                Diagnostic::new(
                    Code::E007,
                    format!(
                        "`{}` is a {} but is compared with {}",
                        r.name,
                        type_words(&r.ty),
                        value_words(value)
                    ),
                    Label::new(value.span(), format!("expected {expected}")),
                )
                .with_help(format!("compare `{}` with {expected}", r.name)),
            );
            None
        };
        match (&r.ty, value) {
            (AttrType::Bool, Value::Bool(b, _)) if !ordering => Some(Literal::Bool(*b)),
            (AttrType::Bool, _) => {
                self.error(
                    Diagnostic::new(
                        Code::E007,
                        format!("`{}` is a yes/no fact", r.name),
                        Label::new(value.span(), "not `true` or `false`"),
                    )
                    .with_help(format!("write `where {0}` or `where not {0}`", r.name)),
                );
                None
            }
            (AttrType::Number, Value::Number(n, _)) => Some(Literal::Number(*n)),
            (AttrType::Number, _) => mismatch(self, "a number".into()),
            (AttrType::Date, Value::Date(d)) => self.date(d).map(Literal::Date),
            (AttrType::Date, _) => mismatch(self, "a date (YYYY-MM-DD)".into()),
            (AttrType::Text, Value::Text(t)) if !ordering => Some(Literal::Text(t.value.clone())),
            (AttrType::Text, _) => mismatch(self, "a quoted text with `=` or `!=`".into()),
            (AttrType::Enum(values), Value::Name(v)) if !ordering => {
                match values.iter().position(|x| *x == v.name) {
                    Some(i) => Some(Literal::Enum(i as u32)),
                    None => {
                        let help = match closest(&v.name, values.iter().map(String::as_str)) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("`{}` is one of: {}", r.name, values.join(", ")),
                        };
                        self.error(
                            Diagnostic::new(
                                Code::E008,
                                format!("`{}` is not a value of `{}`", v.name, r.name),
                                Label::new(v.span, format!("not one of {}", values.join(" | "))),
                            )
                            .with_help(help),
                        );
                        None
                    }
                }
            }
            (AttrType::Enum(values), _) if ordering => {
                self.error(
                    Diagnostic::new(
                        Code::E007,
                        format!("`{}` has no order", r.name),
                        Label::new(value.span(), "compared with `<` or `>`"),
                    )
                    .with_help(format!(
                        "compare with `=` or `!=`: `{} = {}`",
                        r.name, values[0]
                    )),
                );
                None
            }
            (AttrType::Enum(values), _) => mismatch(self, format!("one of {}", values.join(", "))),
        }
    }
}

fn type_words(ty: &AttrType) -> String {
    match ty {
        AttrType::Bool => "yes/no fact".into(),
        AttrType::Date => "date".into(),
        AttrType::Number => "number".into(),
        AttrType::Text => "text".into(),
        AttrType::Enum(values) => format!("choice of {}", values.join(" | ")),
    }
}

fn value_words(v: &Value) -> String {
    match v {
        Value::Bool(b, _) => format!("`{b}`"),
        Value::Number(n, _) => format!("the number {n}"),
        Value::Date(d) => format!("the date {}", d.text),
        Value::Text(t) => format!("the text \"{}\"", t.value),
        Value::Name(n) => format!("`{}`", n.name),
    }
}
