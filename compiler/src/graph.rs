//! The dependency graph: events and periods as nodes, one edge per rule from
//! each anchor to its task. Cycles are errors; the linter and `duly graph` read it.

use crate::check::Checked;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use duly_runtime::ir::{self, Anchor, Occurrence, Scope, Timing};
use petgraph::graph::{DiGraph, NodeIndex};
use std::fmt::Write;

/// A node: an event or a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// An event.
    Event(u32),
    /// A period.
    Period(u32),
}

/// An edge: rule index (into `Policy::rules`), or `None` for a period's opening event.
pub type Edge = Option<usize>;

/// The dependency graph of a checked policy.
pub struct DependencyGraph {
    /// The graph.
    pub graph: DiGraph<Node, Edge>,
    events: Vec<NodeIndex>,
    periods: Vec<NodeIndex>,
}

/// The events and periods a rule counts from.
pub fn anchor_nodes(rule: &ir::Rule) -> Vec<Node> {
    fn of_anchor(a: &Anchor, out: &mut Vec<Node>) {
        match a {
            Anchor::Event(s) => out.push(Node::Event(s.event)),
            Anchor::Earliest(parts) | Anchor::Latest(parts) => {
                parts.iter().for_each(|p| of_anchor(p, out))
            }
            Anchor::PeriodStart(p) | Anchor::PeriodEnd(p) => out.push(Node::Period(*p)),
            _ => {}
        }
    }
    fn of_scope(s: &Scope, out: &mut Vec<Node>) {
        match s {
            Scope::While(p) => out.push(Node::Period(*p)),
            Scope::From { anchor, .. } => of_anchor(anchor, out),
            Scope::Until(_) | Scope::Always => {}
        }
    }
    let mut out = Vec::new();
    match &rule.timing {
        Timing::Deadline(d) => {
            of_anchor(&d.anchor, &mut out);
            if let Some(t) = &d.then {
                of_scope(&t.scope, &mut out);
            }
        }
        Timing::AtLeastBefore { anchor, .. }
        | Timing::Fixed { anchor, .. }
        | Timing::WithinBefore { anchor, .. }
        | Timing::ClockBefore { anchor, .. } => of_anchor(anchor, &mut out),
        // The task belongs to one occurrence of the event: that event is what it counts from.
        Timing::Closest { event, .. } => out.push(Node::Event(event.event)),
        Timing::EveryNth { event, period, .. } => match period {
            Some(p) => out.push(Node::Period(*p)),
            None => out.push(Node::Event(event.event)),
        },
        Timing::Recurring(r) => of_scope(&r.scope, &mut out),
        Timing::Termly { scope, .. } => of_scope(scope, &mut out),
        Timing::Milestones { period, .. } | Timing::During { period, .. } => {
            out.push(Node::Period(*period))
        }
        Timing::Unquantified { period, .. } => out.extend(period.map(Node::Period)),
        Timing::NextOccurrence { event, after, .. } => match after {
            Some(a) => of_anchor(a, &mut out),
            None => out.push(Node::Event(event.event)),
        },
    }
    out
}

impl DependencyGraph {
    /// Builds the graph.
    pub fn build(policy: &ir::Policy) -> DependencyGraph {
        let mut graph = DiGraph::new();
        let events: Vec<NodeIndex> = (0..policy.events.len() as u32)
            .map(|e| graph.add_node(Node::Event(e)))
            .collect();
        let periods: Vec<NodeIndex> = (0..policy.periods.len() as u32)
            .map(|p| graph.add_node(Node::Period(p)))
            .collect();
        for (i, p) in policy.periods.iter().enumerate() {
            graph.add_edge(events[p.start as usize], periods[i], None);
        }
        let mut g = DependencyGraph {
            graph,
            events,
            periods,
        };
        for (i, rule) in policy.rules.iter().enumerate() {
            let task = g.events[rule.task.event as usize];
            for n in anchor_nodes(rule) {
                let from = g.index(n);
                g.graph.add_edge(from, task, Some(i));
            }
        }
        g
    }

    fn index(&self, n: Node) -> NodeIndex {
        match n {
            Node::Event(e) => self.events[e as usize],
            Node::Period(p) => self.periods[p as usize],
        }
    }

    /// Graphviz DOT text, edges labelled with the standard reference.
    pub fn to_dot(&self, policy: &ir::Policy) -> String {
        let name = |n: Node| match n {
            Node::Event(e) => policy.events[e as usize].name.clone(),
            Node::Period(p) => policy.periods[p as usize].name.clone(),
        };
        let mut out = String::from(
            "digraph duly {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n",
        );
        for idx in self.graph.node_indices() {
            let n = self.graph[idx];
            let (label, shape) = match n {
                Node::Event(e) => (&policy.events[e as usize].label, "box"),
                Node::Period(p) => (&policy.periods[p as usize].label, "ellipse"),
            };
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", shape={shape}];",
                name(n),
                label.replace('"', "\\\"")
            );
        }
        for e in self.graph.edge_indices() {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            let label = match self.graph[e] {
                Some(r) => policy.standards[policy.rules[r].standard as usize]
                    .reference
                    .clone(),
                None => "opens".into(),
            };
            let style = if self.graph[e].is_none() {
                ", style=dashed"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
                name(self.graph[a]),
                name(self.graph[b]),
                label.replace('"', "\\\"")
            );
        }
        out.push_str("}\n");
        out
    }
}

/// Whether a rule's edge can take part in a cycle. A task with an occurrence
/// selector (`lac_review#2 within 3 months of lac_review#1`) names one occurrence,
/// so it never demands the occurrence it counts from.
fn in_cycle_graph(rule: &ir::Rule) -> bool {
    rule.task.occurrence == Occurrence::Each
        && !matches!(
            rule.timing,
            Timing::Recurring(_) | Timing::Termly { .. } | Timing::Milestones { .. }
        )
        && !matches!(&rule.timing, Timing::Deadline(d) if d.then.is_some())
}

/// The events whose every occurrence anchors the rule. An anchor with a selector
/// that names one occurrence (`lac_review#1`, `#last`) demands one task, so it
/// cannot start an endless chain.
fn repeating_anchors(rule: &ir::Rule) -> Vec<u32> {
    fn walk(a: &Anchor, out: &mut Vec<u32>) {
        match a {
            Anchor::Event(s) if matches!(s.occurrence, Occurrence::Each | Occurrence::From(_)) => {
                out.push(s.event)
            }
            Anchor::Earliest(parts) | Anchor::Latest(parts) => {
                parts.iter().for_each(|p| walk(p, out))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &rule.timing {
        Timing::Deadline(d) => walk(&d.anchor, &mut out),
        Timing::AtLeastBefore { anchor, .. }
        | Timing::Fixed { anchor, .. }
        | Timing::ClockBefore { anchor, .. } => walk(anchor, &mut out),
        _ => {}
    }
    out
}

/// Reports every dependency cycle among rules as an `E011` error.
pub fn check_cycles(checked: &Checked, diags: &mut Diagnostics) {
    let policy = &checked.policy;
    let mut graph: DiGraph<u32, usize> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..policy.events.len() as u32)
        .map(|e| graph.add_node(e))
        .collect();
    for (i, rule) in policy.rules.iter().enumerate() {
        if !in_cycle_graph(rule) {
            continue;
        }
        for e in repeating_anchors(rule) {
            graph.add_edge(nodes[e as usize], nodes[rule.task.event as usize], i);
        }
    }
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let cycle = match scc.as_slice() {
            [one] => match graph.edges_connecting(*one, *one).next() {
                Some(e) => vec![*e.weight()],
                None => continue,
            },
            _ => cycle_in(&graph, &scc),
        };
        if cycle.is_empty() {
            continue;
        }
        let name = |e: u32| policy.events[e as usize].name.as_str();
        let chain: Vec<String> = cycle
            .iter()
            .map(|&r| {
                let rule = &policy.rules[r];
                let anchor = anchor_nodes(rule).into_iter().find_map(|n| match n {
                    Node::Event(e) => Some(name(e)),
                    Node::Period(_) => None,
                });
                format!(
                    "L{}: {} ← {}",
                    rule.line,
                    name(rule.task.event),
                    anchor.unwrap_or("?")
                )
            })
            .collect();
        let first = cycle[0];
        let reference = |r: usize| {
            policy.standards[policy.rules[r].standard as usize]
                .reference
                .clone()
        };
        let mut d = Diagnostic::new(
            Code::E011,
            format!("these rules depend on each other in a circle: {}", chain.join(", ")),
            Label::new(checked.spans.rules[first], "this rule starts the circle").with_reference(reference(first)),
        )
        .with_help("one of these events must come first: count it from an event outside the circle, or give the later one an occurrence selector such as `#2`");
        for &r in &cycle[1..] {
            d = d.with_related(
                Label::new(checked.spans.rules[r], "depends on the rule above")
                    .with_reference(reference(r)),
            );
        }
        diags.push(d);
    }
}

/// One simple cycle through a strongly connected component, as rule indices.
fn cycle_in(graph: &DiGraph<u32, usize>, scc: &[NodeIndex]) -> Vec<usize> {
    use petgraph::visit::EdgeRef;
    let start = scc[0];
    let mut path: Vec<(NodeIndex, usize)> = Vec::new();
    let mut visited = vec![start];
    let mut current = start;
    loop {
        let next = graph.edges(current).find(|e| {
            scc.contains(&e.target()) && (e.target() == start || !visited.contains(&e.target()))
        });
        match next {
            Some(e) => {
                path.push((e.target(), *e.weight()));
                if e.target() == start {
                    return path.into_iter().map(|(_, r)| r).collect();
                }
                visited.push(e.target());
                current = e.target();
            }
            None => {
                // Dead end inside the component: back up one step.
                match path.pop() {
                    Some(_) => current = path.last().map(|(n, _)| *n).unwrap_or(start),
                    None => return Vec::new(),
                }
            }
        }
    }
}
