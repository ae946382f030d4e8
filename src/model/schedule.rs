//! Sale schedules: how a total is spread over a window of steps.

/// How a total is spread over the steps of its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// Equal amounts.
    Even,
    /// Linearly declining: weights n, n−1, …, 1.
    FrontLoaded,
    /// Linearly rising: weights 1, 2, …, n.
    BackLoaded,
    /// All at the first step.
    Once,
}

/// Amounts ($B) of a `total` spread over `n` steps (n ≥ 1) with the given shape.
/// The amounts sum to `total` (up to rounding).
pub fn spread(total: f64, n: usize, shape: Spread) -> Vec<f64> {
    let n = n.max(1);
    let weights: Vec<f64> = match shape {
        Spread::Even => vec![1.0; n],
        Spread::FrontLoaded => (0..n).map(|j| (n - j) as f64).collect(),
        Spread::BackLoaded => (0..n).map(|j| (j + 1) as f64).collect(),
        Spread::Once => (0..n).map(|j| if j == 0 { 1.0 } else { 0.0 }).collect(),
    };
    let sum: f64 = weights.iter().sum();
    weights.iter().map(|w| total * w / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_sum_to_the_total_and_order_as_named() {
        for shape in [
            Spread::Even,
            Spread::FrontLoaded,
            Spread::BackLoaded,
            Spread::Once,
        ] {
            let a = spread(1130.0, 3, shape);
            assert_eq!(a.len(), 3);
            assert!((a.iter().sum::<f64>() - 1130.0).abs() < 1e-9);
        }
        let f = spread(60.0, 3, Spread::FrontLoaded);
        assert_eq!(f, vec![30.0, 20.0, 10.0]);
        let b = spread(60.0, 3, Spread::BackLoaded);
        assert_eq!(b, vec![10.0, 20.0, 30.0]);
        assert_eq!(spread(50.0, 2, Spread::Once), vec![50.0, 0.0]);
    }
}
