//! A Simple Temporal Network: difference constraints `to − from ≤ weight` between event
//! times, and the search for a negative cycle, which is exactly a set of constraints that
//! no assignment of times can meet.
//!
//! The search is Bellman–Ford from a virtual source (every distance starts at 0) over the
//! sparse graph, queue-driven (SPFA) so that only improved nodes are revisited, its first sweep in
//! topological order of the negative constraints so that chains settle at once. The
//! predecessor graph is checked for a cycle (any such cycle is negative) every `V`
//! improvements, which finds an infeasible set long before the worst-case bound; plain
//! passes remain as the guarantee. Real policies and the 10,000-rule benchmark settle in
//! a few sweeps of the edges.

use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, EdgeIndex, EdgeReference, NodeIndex};
use petgraph::visit::EdgeFiltered;
use petgraph::visit::EdgeRef;
use std::collections::HashMap;
use std::hash::Hash;

/// One constraint: the edge's target minus its source is at most `weight` (days).
#[derive(Debug, Clone)]
pub struct Constraint<E> {
    /// The bound, in calendar days.
    pub weight: i64,
    /// What the constraint came from, for messages.
    pub data: E,
}

/// A network of difference constraints over nodes labelled `N`.
pub struct Stn<N, E> {
    /// The graph: nodes are time points, edges constraints.
    pub graph: DiGraph<N, Constraint<E>>,
    index: HashMap<N, NodeIndex>,
}

impl<N: Clone + Eq + Hash, E> Default for Stn<N, E> {
    fn default() -> Self {
        Stn {
            graph: DiGraph::new(),
            index: HashMap::new(),
        }
    }
}

impl<N: Clone + Eq + Hash, E> Stn<N, E> {
    /// The node for a time point, added on first use.
    pub fn node(&mut self, n: N) -> NodeIndex {
        if let Some(i) = self.index.get(&n) {
            return *i;
        }
        let i = self.graph.add_node(n.clone());
        self.index.insert(n, i);
        i
    }

    /// Adds `to − from ≤ weight`.
    pub fn constrain(&mut self, from: N, to: N, weight: i64, data: E) -> EdgeIndex {
        let (a, b) = (self.node(from), self.node(to));
        self.graph.add_edge(a, b, Constraint { weight, data })
    }

    /// A negative cycle among the edges not `disabled` (indexed by edge index), as edges in
    /// order (each edge's target is the next one's source), or `None` when the enabled
    /// constraints can all be met.
    ///
    /// A queue-based Bellman–Ford (SPFA) from a virtual source, first sweeping in
    /// topological order of the negative constraints, so a long chain of rules settles in
    /// one sweep; every `V` improvements the predecessor graph is checked for a
    /// cycle. Past the classic `V × E` bound of improvements it falls back to plain passes,
    /// which find any cycle that remains.
    pub fn negative_cycle(&self, disabled: &[bool]) -> Option<Vec<EdgeIndex>> {
        let n = self.graph.node_count();
        let enabled = |e: EdgeIndex| !disabled.get(e.index()).copied().unwrap_or(false);
        let mut dist = vec![0i64; n];
        let mut pred: Vec<Option<EdgeIndex>> = vec![None; n];
        let mut queued = vec![true; n];
        let mut queue: std::collections::VecDeque<NodeIndex> = self.start_order(&enabled).into();
        let budget = n.saturating_mul(self.graph.edge_count().max(1));
        let mut improvements = 0usize;
        while let Some(u) = queue.pop_front() {
            queued[u.index()] = false;
            for e in self.graph.edges(u) {
                if !enabled(e.id()) {
                    continue;
                }
                let v = e.target().index();
                let candidate = dist[u.index()].saturating_add(e.weight().weight);
                if candidate >= dist[v] {
                    continue;
                }
                dist[v] = candidate;
                pred[v] = Some(e.id());
                improvements += 1;
                if improvements.is_multiple_of(n.max(1)) {
                    if let Some(cycle) = self.pred_cycle(&pred) {
                        return Some(cycle);
                    }
                    if improvements > budget {
                        return self.passes(disabled);
                    }
                }
                if !queued[v] {
                    queued[v] = true;
                    queue.push_back(e.target());
                }
            }
        }
        None
    }

    /// The first sweep's order: the non-positive constraints (lower bounds, gaps before) in
    /// topological order when they form no cycle among themselves, so that a chain of
    /// them settles in one sweep instead of one link per sweep; otherwise node order.
    fn start_order(&self, enabled: &dyn Fn(EdgeIndex) -> bool) -> Vec<NodeIndex> {
        let negative = EdgeFiltered::from_fn(&self.graph, |e: EdgeReference<'_, Constraint<E>>| {
            e.weight().weight <= 0 && enabled(e.id())
        });
        toposort(&negative, None).unwrap_or_else(|_| self.graph.node_indices().collect())
    }

    /// Plain Bellman–Ford passes from a virtual source: after `V` passes that still improve,
    /// the predecessor graph must hold a (negative) cycle.
    fn passes(&self, disabled: &[bool]) -> Option<Vec<EdgeIndex>> {
        let n = self.graph.node_count();
        let mut dist = vec![0i64; n];
        let mut pred: Vec<Option<EdgeIndex>> = vec![None; n];
        for _pass in 0..=n {
            let mut changed = false;
            for e in self.graph.edge_references() {
                if disabled.get(e.id().index()).copied().unwrap_or(false) {
                    continue;
                }
                let (u, v) = (e.source().index(), e.target().index());
                let candidate = dist[u].saturating_add(e.weight().weight);
                if candidate < dist[v] {
                    dist[v] = candidate;
                    pred[v] = Some(e.id());
                    changed = true;
                }
            }
            if !changed {
                return None;
            }
            if let Some(cycle) = self.pred_cycle(&pred) {
                return Some(cycle);
            }
        }
        self.pred_cycle(&pred)
    }

    /// A cycle in the predecessor graph, if there is one.
    fn pred_cycle(&self, pred: &[Option<EdgeIndex>]) -> Option<Vec<EdgeIndex>> {
        // 0 unvisited, 1 on the current walk, 2 finished.
        let mut state = vec![0u8; pred.len()];
        for start in 0..pred.len() {
            let mut walk = Vec::new();
            let mut v = start;
            while state[v] == 0 {
                state[v] = 1;
                walk.push(v);
                match pred[v] {
                    Some(e) => v = self.graph.raw_edges()[e.index()].source().index(),
                    None => break,
                }
            }
            if state[v] == 1 && pred[v].is_some() {
                return Some(self.collect(pred, v));
            }
            for w in walk {
                state[w] = 2;
            }
        }
        None
    }

    fn collect(&self, pred: &[Option<EdgeIndex>], on_cycle: usize) -> Vec<EdgeIndex> {
        let mut edges = Vec::new();
        let mut v = on_cycle;
        while let Some(e) = pred[v] {
            edges.push(e);
            v = self.graph.raw_edges()[e.index()].source().index();
            if v == on_cycle || edges.len() > pred.len() {
                break;
            }
        }
        edges.reverse();
        edges
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_negative_cycle_and_only_it() {
        let mut stn: Stn<&str, u32> = Stn::default();
        stn.constrain("meeting", "rcpc", 7, 1);
        stn.constrain("rcpc", "report", -12, 2);
        stn.constrain("report", "meeting", 0, 3);
        stn.constrain("meeting", "other", 5, 4);
        let cycle = stn.negative_cycle(&[]).expect("infeasible");
        let mut rules: Vec<u32> = cycle.iter().map(|e| stn.graph[*e].data).collect();
        rules.sort();
        assert_eq!(rules, vec![1, 2, 3]);
        let total: i64 = cycle.iter().map(|e| stn.graph[*e].weight).sum();
        assert_eq!(total, -5);
    }

    #[test]
    fn a_zero_weight_cycle_is_feasible() {
        let mut stn: Stn<&str, ()> = Stn::default();
        stn.constrain("a", "b", 3, ());
        stn.constrain("b", "a", -3, ());
        assert!(stn.negative_cycle(&[]).is_none());
    }

    #[test]
    fn a_long_chain_with_a_cycle_at_its_end_is_found_quickly() {
        // 20,000 "at least 1 day before" links, closed by one rule: −1 per link round the loop.
        let mut stn: Stn<u32, ()> = Stn::default();
        for i in 0..20_000 {
            stn.constrain(i + 1, i, -1, ());
        }
        stn.constrain(0, 20_000, 5, ());
        let cycle = stn.negative_cycle(&[]).expect("infeasible");
        assert_eq!(cycle.len(), 20_001);
        let mut stn: Stn<u32, ()> = Stn::default();
        for i in 0..20_000 {
            stn.constrain(i + 1, i, -1, ());
        }
        stn.constrain(0, 20_000, 20_000, ());
        assert!(stn.negative_cycle(&[]).is_none());
    }

    #[test]
    fn plain_passes_agree() {
        let mut stn: Stn<&str, ()> = Stn::default();
        stn.constrain("a", "b", 3, ());
        stn.constrain("b", "c", -2, ());
        stn.constrain("c", "a", -2, ());
        assert!(stn.passes(&[]).is_some());
        assert!(stn.negative_cycle(&[]).is_some());
    }

    #[test]
    fn disabled_edges_do_not_count() {
        let mut stn: Stn<&str, ()> = Stn::default();
        stn.constrain("a", "b", 3, ());
        let e = stn.constrain("b", "a", -4, ());
        assert!(stn.negative_cycle(&[]).is_some());
        let mut disabled = vec![false; 2];
        disabled[e.index()] = true;
        assert!(stn.negative_cycle(&disabled).is_none());
    }
}
