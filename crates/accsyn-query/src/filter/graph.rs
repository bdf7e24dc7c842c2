//! A filter's AND / OR tree flattened into a decision graph.
//!
//! Each comparison becomes a step that names where to go next when it holds
//! and when it does not: the next comparison, or the verdict. Evaluating an
//! entity is then a short loop with no recursion, which matters on large
//! sets of entities: the fewer instructions per entity, the further the CPU
//! runs ahead into the next entity's memory while waiting on this one's.
//! Short-circuiting is exactly that of the tree: `a AND b` goes to `b` only
//! when `a` holds, `a OR b` only when `a` does not.

use serde_json::Value as Json;

use super::fast::Fast;
use super::leaf::Leaf;
use super::slots::Memo;

/// An AND / OR tree of comparisons, operands in evaluation order.
#[derive(Debug)]
pub(super) enum Tree {
    All(Vec<Tree>),
    Any(Vec<Tree>),
    Leaf(Leaf),
}

/// Where evaluation goes after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Accept,
    Reject,
    Step(usize),
}

#[derive(Debug, Clone)]
struct Step {
    /// Decides the leaf without its general machinery, when it can.
    fast: Option<Fast>,
    leaf: Leaf,
    if_true: Next,
    if_false: Next,
}

/// The compiled graph: steps, and the one evaluation starts at.
#[derive(Debug, Clone)]
pub(super) struct Graph {
    steps: Box<[Step]>,
    entry: Next,
}

impl Graph {
    /// A graph that accepts every entity (a query without `WHERE`).
    pub(super) fn accept_all() -> Graph {
        Graph {
            steps: Box::new([]),
            entry: Next::Accept,
        }
    }

    /// The graph of `tree`; `fast` allows the fast path, which does not
    /// use a [`Memo`].
    pub(super) fn new(tree: Tree, fast: bool) -> Graph {
        let mut steps = Vec::new();
        let entry = lower(tree, Next::Accept, Next::Reject, &mut steps);
        if fast {
            for step in &mut steps {
                step.fast = Fast::new(&step.leaf);
            }
        }
        Graph {
            steps: steps.into_boxed_slice(),
            entry,
        }
    }

    #[inline]
    pub(super) fn matches(&self, entity: &Json, mut memo: Option<&mut Memo<'_>>) -> bool {
        let object = entity.as_object();
        let mut at = self.entry;
        loop {
            let step = match at {
                Next::Accept => return true,
                Next::Reject => return false,
                Next::Step(i) => match self.steps.get(i) {
                    Some(step) => step,
                    // `lower` only links steps it has pushed.
                    None => return false,
                },
            };
            let fast = step.fast.as_ref().zip(object);
            let holds = match fast.and_then(|(fast, map)| fast.decide(map)) {
                Some(holds) => holds,
                None => step.leaf.matches(entity, memo.as_deref_mut()),
            };
            at = if holds { step.if_true } else { step.if_false };
        }
    }
}

/// Pushes the steps deciding `tree`, continuing at `if_true` or `if_false`,
/// and returns where `tree` starts. Operands are lowered last to first, so
/// each knows where its successor starts.
fn lower(tree: Tree, if_true: Next, if_false: Next, steps: &mut Vec<Step>) -> Next {
    match tree {
        Tree::Leaf(leaf) => {
            steps.push(Step {
                fast: None,
                leaf,
                if_true,
                if_false,
            });
            Next::Step(steps.len() - 1)
        }
        // An empty AND holds and an empty OR does not, as `all` / `any`.
        Tree::All(operands) => operands.into_iter().rev().fold(if_true, |next, operand| {
            lower(operand, next, if_false, steps)
        }),
        Tree::Any(operands) => operands.into_iter().rev().fold(if_false, |next, operand| {
            lower(operand, if_true, next, steps)
        }),
    }
}
