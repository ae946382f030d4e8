//! The holders' purchase programmes (`[holders.NAME.purchase]`): a total
//! bought evenly over a window of steps, price-insensitively, as a central
//! bank's quantitative easing (docs/MODEL.md §6b). Read after every other
//! section, so a distribution on a purchase draws after all the others.

use super::{Ctx, Key, above};
use crate::model::params::PurchaseParams;
use crate::scenario::ScenarioError;
use crate::scenario::schema::Scenario;

/// Every holder's purchase programme, in holder order, over `steps` steps.
pub(super) fn purchases(
    c: &mut Ctx,
    s: &Scenario,
    steps: usize,
) -> Result<Vec<PurchaseParams>, ScenarioError> {
    let mut out = Vec::new();
    for (holder, (name, h)) in s.holders.iter().enumerate() {
        let Some(pr) = &h.purchase else { continue };
        let hk = |tail: &'static str| Key::named("holders.", name, tail);
        let total = c.num(
            hk(".purchase.total_bn"),
            pr.total_bn.as_ref(),
            above(0.0, 1e7),
        )?;
        let start = pr.start.unwrap_or(1);
        if start == 0 || start > steps as u64 {
            return Err(c.invalid(
                hk(".purchase.start"),
                format!("step {start} is outside the horizon: the first purchase step must be from 1 to {steps}"),
            ));
        }
        let n = pr.steps.ok_or_else(|| {
            c.missing(
                hk(".purchase.steps"),
                "the number of steps the total is spread over, at least 1",
            )
        })?;
        let last = start.saturating_add(n).saturating_sub(1);
        if n == 0 || last > steps as u64 {
            return Err(c.invalid(
                hk(".purchase.steps"),
                format!("{n} steps from step {start} must be at least 1 and end by step {steps}, the horizon"),
            ));
        }
        let mut amounts = vec![0.0; steps + 1];
        let each = total / n as f64;
        for a in &mut amounts[start as usize..=last as usize] {
            *a = each;
        }
        out.push(PurchaseParams { holder, amounts });
    }
    Ok(out)
}
