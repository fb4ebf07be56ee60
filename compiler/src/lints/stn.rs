//! A Simple Temporal Network: difference constraints `to − from ≤ weight` between event
//! times, and the search for a negative cycle, which is exactly a set of constraints that
//! no assignment of times can meet.
//!
//! The search is Bellman–Ford from a virtual source (every distance starts at 0) over the
//! sparse edge list, stopping as soon as a pass changes nothing. After each pass the
//! predecessor graph is checked for a cycle (any such cycle is negative), which finds an
//! infeasible set after a few passes instead of the worst-case `V`; the classic bound of
//! `V` passes remains as the guarantee. Cost: O(passes × E), with passes bounded by the
//! longest chain of rules in practice.

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
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
    pub fn negative_cycle(&self, disabled: &[bool]) -> Option<Vec<EdgeIndex>> {
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
