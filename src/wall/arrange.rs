//! "Felder anordnen": the facilitator tidies the fields into columns in one step that one
//! undo takes back. Fields inside a region are tidied within it, the rest on the open wall.

use std::collections::BTreeMap;

use board::field_layout::{arrange, FieldBox};
use leptos::prelude::*;

use super::layout::CLUSTER_W;
use super::messages::board_error_text;
use super::state::{Notice, WallSnapshot, WallUi};
use crate::i18n::*;
use crate::sync::BoardCtx;

/// Arranges the fields and says so, with undo.
pub fn arrange_fields(ctx: BoardCtx, ui: WallUi, i18n: I18n) {
    let moves = ui.snapshot.with_untracked(plan);
    if moves.is_empty() {
        return;
    }
    match ctx.edit(|b| b.move_clusters(&moves)) {
        Ok(()) => {
            ui.notice.set(Some(Notice {
                text: t_string!(i18n, fields_arranged).to_string(),
                undo: true,
                error: false,
            }));
            if ui.auto_fit.get_value() {
                ui.fit_all();
            }
        }
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    }
}

/// Where each field goes: per region (by where the field shows), columns from the top-left
/// of the fields there.
fn plan(s: &WallSnapshot) -> Vec<(String, f64, f64)> {
    let mut groups: BTreeMap<Option<usize>, Vec<(&str, FieldBox)>> = BTreeMap::new();
    for cluster in &s.clusters {
        let rect = s.field_rect(cluster);
        let region = s.regions.iter().position(|r| r.contains(rect.x, rect.y));
        groups.entry(region).or_default().push((
            &cluster.id,
            FieldBox {
                x: rect.x,
                y: rect.y,
                w: CLUSTER_W,
                h: rect.h,
            },
        ));
    }
    let mut moves = Vec::new();
    for fields in groups.values() {
        let boxes: Vec<FieldBox> = fields.iter().map(|(_, b)| *b).collect();
        let origin = boxes
            .iter()
            .fold((f64::MAX, f64::MAX), |(x, y), b| (x.min(b.x), y.min(b.y)));
        for ((id, _), (x, y)) in fields.iter().zip(arrange(&boxes, origin)) {
            moves.push(((*id).to_owned(), x.round(), y.round()));
        }
    }
    moves
}
