//! Voting rounds: the facilitator's settings and the round's state (draft → open → closed →
//! revealed, reopenable), plus a shared countdown. Rounds live outside the undo scope:
//! opening or closing a round is a decision in the room, not an edit to take back.

use yrs::{Any, Map, MapPrelim, MapRef, Out, ReadTxn, Transact, TransactionMut};

use crate::board::{clean_title, Board};
use crate::error::BoardError;
use crate::ids::{new_id, RoundId};
use crate::read;
use crate::rules::Rules;
use crate::schema::round as key;

/// What gets dots in a round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Target {
    /// The clusters (fields of action), as in the seed.
    #[default]
    Clusters,
    /// Single cards.
    Cards,
}

impl Target {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Clusters => "clusters",
            Target::Cards => "cards",
        }
    }

    fn parse(s: &str) -> Target {
        match s {
            "cards" => Target::Cards,
            _ => Target::Clusters,
        }
    }
}

/// Where a round stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RoundState {
    /// Being set up; participants do not see it yet.
    #[default]
    Draft,
    /// Ballots are taken.
    Open,
    /// No more ballots; results still hidden unless the round shows them live.
    Closed,
    /// The ranking is shown to everyone.
    Revealed,
}

impl RoundState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Draft => "draft",
            RoundState::Open => "open",
            RoundState::Closed => "closed",
            RoundState::Revealed => "revealed",
        }
    }

    fn parse(s: &str) -> RoundState {
        match s {
            "open" => RoundState::Open,
            "closed" => RoundState::Closed,
            "revealed" => RoundState::Revealed,
            _ => RoundState::Draft,
        }
    }

    /// Whether the facilitator may move a round from `self` to `to`. Reopening a closed or
    /// revealed round is allowed (late joiners, a second look); nothing goes back to draft.
    pub fn can_go_to(self, to: RoundState) -> bool {
        use RoundState::*;
        matches!(
            (self, to),
            (Draft, Open)
                | (Open, Closed)
                | (Open, Revealed)
                | (Closed, Revealed)
                | (Closed, Open)
                | (Revealed, Open)
                | (Revealed, Closed)
        )
    }
}

/// What the facilitator sets up for a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundSettings {
    /// Title shown to everyone ("Welche Handlungsfelder sind am wichtigsten?").
    pub title: String,
    /// Clusters or cards.
    pub target: Target,
    /// Dots per person, most per item, fewest items.
    pub rules: Rules,
    /// Whether ballots are cast under a per-round pseudonym and names are never shown.
    pub anonymous: bool,
    /// Whether everyone sees the dots while voting (otherwise only a count until reveal).
    pub live_results: bool,
}

impl RoundSettings {
    /// The seed's round: clusters, 5 dots, at most 2 per field, at least 3 fields, named,
    /// results hidden until reveal.
    pub fn seed(title: &str) -> RoundSettings {
        RoundSettings {
            title: title.to_owned(),
            target: Target::Clusters,
            rules: Rules::SEED,
            anonymous: false,
            live_results: false,
        }
    }
}

/// A round as read from the document.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundView {
    /// Key in `rounds`.
    pub id: RoundId,
    /// Title, target, rules, anonymity, results mode.
    pub settings: RoundSettings,
    /// Where the round stands.
    pub state: RoundState,
    /// End of the running countdown (ms since the epoch), if one runs.
    pub timer_end: Option<f64>,
    /// Creation time (ms since the epoch).
    pub created: f64,
}

impl RoundView {
    fn read<T: ReadTxn>(txn: &T, id: &str, map: &MapRef) -> RoundView {
        let count = |k: &str, default: u32| {
            read::number(txn, map, k)
                .filter(|n| *n >= 0.0)
                .map_or(default, |n| n.min(u32::MAX as f64) as u32)
        };
        let rules = Rules {
            dots: count(key::DOTS, Rules::SEED.dots),
            max_per_item: count(key::MAX_PER_ITEM, Rules::SEED.max_per_item),
            min_items: count(key::MIN_ITEMS, 0),
        }
        .clamped();
        RoundView {
            id: id.to_owned(),
            settings: RoundSettings {
                title: read::string(txn, map, key::TITLE).unwrap_or_default(),
                target: Target::parse(&read::string(txn, map, key::TARGET).unwrap_or_default()),
                rules,
                anonymous: read::boolean(txn, map, key::ANONYMOUS).unwrap_or(false),
                live_results: read::string(txn, map, key::RESULTS).as_deref() == Some("live"),
            },
            state: RoundState::parse(&read::string(txn, map, key::STATE).unwrap_or_default()),
            timer_end: read::number(txn, map, key::TIMER_END),
            created: read::number(txn, map, key::CREATED).unwrap_or(0.0),
        }
    }

    /// Whether everyone may see the dots now: live rounds always, others once revealed.
    pub fn results_visible(&self) -> bool {
        self.state == RoundState::Revealed
            || (self.settings.live_results && self.state != RoundState::Draft)
    }

    /// Seconds left on the countdown at `now_ms`, if a timer runs (0 once it ran out).
    pub fn seconds_left(&self, now_ms: f64) -> Option<u64> {
        self.timer_end
            .map(|end| ((end - now_ms) / 1000.0).ceil().max(0.0) as u64)
    }
}

fn write_settings(txn: &mut TransactionMut, map: &MapRef, s: &RoundSettings) {
    let rules = s.rules.clamped();
    read::set_string(txn, map, key::TITLE, &s.title);
    read::set_string(txn, map, key::TARGET, s.target.as_str());
    read::set_number(txn, map, key::DOTS, rules.dots.into());
    read::set_number(txn, map, key::MAX_PER_ITEM, rules.max_per_item.into());
    read::set_number(txn, map, key::MIN_ITEMS, rules.min_items.into());
    if read::boolean(txn, map, key::ANONYMOUS) != Some(s.anonymous) {
        map.insert(txn, key::ANONYMOUS, s.anonymous);
    }
    let results = if s.live_results { "live" } else { "hidden" };
    read::set_string(txn, map, key::RESULTS, results);
}

impl Board {
    /// Sets up a new round in the draft state; returns its id.
    pub fn add_round(&mut self, settings: &RoundSettings) -> Result<RoundId, BoardError> {
        let title = clean_title(&settings.title)?;
        let settings = RoundSettings {
            title: title.to_owned(),
            ..settings.clone()
        };
        let now = self.now();
        let rounds = self.roots.rounds.clone();
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let mut id = new_id();
        while rounds.contains_key(&txn, &id) {
            id = new_id();
        }
        let map = rounds.insert(
            &mut txn,
            id.as_str(),
            MapPrelim::from([
                (key::STATE, Any::from(RoundState::Draft.as_str())),
                (key::CREATED, Any::from(now)),
            ]),
        );
        write_settings(&mut txn, &map, &settings);
        Ok(id)
    }

    /// Changes a draft round's settings. Once opened, rules are fixed: changing them would
    /// change what earlier ballots mean.
    pub fn update_round(&mut self, id: &str, settings: &RoundSettings) -> Result<(), BoardError> {
        let title = clean_title(&settings.title)?.to_owned();
        let map = self.round_map(id)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let state = read::string(&txn, &map, key::STATE).unwrap_or_default();
        if RoundState::parse(&state) != RoundState::Draft {
            return Err(BoardError::RoundStarted);
        }
        write_settings(
            &mut txn,
            &map,
            &RoundSettings {
                title,
                ..settings.clone()
            },
        );
        Ok(())
    }

    /// Moves a round to `to` (open, close, reveal, reopen). Closing stops its countdown.
    pub fn set_round_state(&mut self, id: &str, to: RoundState) -> Result<(), BoardError> {
        let map = self.round_map(id)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let from = RoundState::parse(&read::string(&txn, &map, key::STATE).unwrap_or_default());
        if from == to {
            return Ok(());
        }
        if !from.can_go_to(to) {
            return Err(BoardError::RoundState { from, to });
        }
        read::set_string(&mut txn, &map, key::STATE, to.as_str());
        if to != RoundState::Open {
            read::remove(&mut txn, &map, key::TIMER_END);
        }
        Ok(())
    }

    /// Starts (or restarts) the round's shared countdown of `seconds`.
    pub fn start_timer(&mut self, id: &str, seconds: u32) -> Result<(), BoardError> {
        let map = self.round_map(id)?;
        let end = self.now() + f64::from(seconds) * 1000.0;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::set_number(&mut txn, &map, key::TIMER_END, end);
        Ok(())
    }

    /// Stops the round's countdown.
    pub fn stop_timer(&mut self, id: &str) -> Result<(), BoardError> {
        let map = self.round_map(id)?;
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        read::remove(&mut txn, &map, key::TIMER_END);
        Ok(())
    }

    /// Deletes a round and every ballot cast in it.
    pub fn delete_round(&mut self, id: &str) -> Result<(), BoardError> {
        self.round_map(id)?;
        let (rounds, ballots) = (self.roots.rounds.clone(), self.roots.ballots.clone());
        let mut txn = self.doc.transact_mut_with(self.local_origin());
        let prefix = format!("{id}/");
        let keys: Vec<String> = ballots
            .keys(&txn)
            .filter(|k| k.starts_with(&prefix))
            .map(str::to_owned)
            .collect();
        for k in keys {
            ballots.remove(&mut txn, &k);
        }
        rounds.remove(&mut txn, id);
        Ok(())
    }

    /// The round with this id.
    pub fn round(&self, id: &str) -> Option<RoundView> {
        let txn = self.doc.transact();
        let map = read::map(&txn, &self.roots.rounds, id)?;
        Some(RoundView::read(&txn, id, &map))
    }

    /// Every round, oldest first.
    pub fn rounds(&self) -> Vec<RoundView> {
        let txn = self.doc.transact();
        let mut out: Vec<RoundView> = self
            .roots
            .rounds
            .iter(&txn)
            .filter_map(|(id, v)| match v {
                Out::YMap(map) => Some(RoundView::read(&txn, id, &map)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| {
            a.created
                .total_cmp(&b.created)
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }

    /// The round participants should see now: the newest open one, else the newest
    /// closed or revealed one; drafts never.
    pub fn current_round(&self) -> Option<RoundView> {
        let rounds = self.rounds();
        let newest = |f: &dyn Fn(&RoundView) -> bool| rounds.iter().rev().find(|r| f(r)).cloned();
        newest(&|r| r.state == RoundState::Open)
            .or_else(|| newest(&|r| r.state != RoundState::Draft))
    }

    fn round_map(&self, id: &str) -> Result<MapRef, BoardError> {
        read::map(&self.doc.transact(), &self.roots.rounds, id)
            .ok_or_else(|| BoardError::UnknownRound(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;

    #[test]
    fn a_round_goes_from_draft_to_revealed_and_can_be_reopened() {
        let mut b = board();
        let id = b.add_round(&RoundSettings::seed("Prioritäten")).unwrap();
        let r = b.round(&id).unwrap();
        assert_eq!(r.state, RoundState::Draft);
        assert_eq!(r.settings.rules, Rules::SEED);
        assert!(
            b.current_round().is_none(),
            "drafts are not shown to participants"
        );
        b.set_round_state(&id, RoundState::Open).unwrap();
        assert_eq!(
            b.update_round(&id, &RoundSettings::seed("x")),
            Err(BoardError::RoundStarted)
        );
        b.set_round_state(&id, RoundState::Closed).unwrap();
        b.set_round_state(&id, RoundState::Revealed).unwrap();
        assert!(b.round(&id).unwrap().results_visible());
        b.set_round_state(&id, RoundState::Open).unwrap();
        assert_eq!(
            b.set_round_state(&id, RoundState::Draft),
            Err(BoardError::RoundState {
                from: RoundState::Open,
                to: RoundState::Draft
            })
        );
        assert!(!b.can_undo(), "round changes are not undoable edits");
        assert_eq!(b.current_round().unwrap().id, id);
    }

    #[test]
    fn drafts_can_be_edited_and_settings_are_clamped() {
        let mut b = board();
        let id = b.add_round(&RoundSettings::seed("A")).unwrap();
        let mut s = RoundSettings::seed("  B ");
        s.rules = Rules {
            dots: 3,
            max_per_item: 9,
            min_items: 9,
        };
        s.target = Target::Cards;
        s.anonymous = true;
        s.live_results = true;
        b.update_round(&id, &s).unwrap();
        let r = b.round(&id).unwrap();
        assert_eq!(r.settings.title, "B");
        assert_eq!(
            r.settings.rules,
            Rules {
                dots: 3,
                max_per_item: 3,
                min_items: 3
            }
        );
        assert_eq!(r.settings.target, Target::Cards);
        assert!(r.settings.anonymous && r.settings.live_results);
        assert!(!r.results_visible(), "a draft shows nothing");
        assert_eq!(
            b.add_round(&RoundSettings::seed(" ")),
            Err(BoardError::EmptyTitle)
        );
    }

    #[test]
    fn the_timer_counts_down_and_stops_when_the_round_closes() {
        let mut b = board();
        let id = b.add_round(&RoundSettings::seed("A")).unwrap();
        b.set_round_state(&id, RoundState::Open).unwrap();
        b.start_timer(&id, 90).unwrap();
        let r = b.round(&id).unwrap();
        let end = r.timer_end.unwrap();
        assert_eq!(r.seconds_left(end - 89_500.0), Some(90));
        assert_eq!(r.seconds_left(end + 5.0), Some(0));
        b.set_round_state(&id, RoundState::Closed).unwrap();
        assert_eq!(b.round(&id).unwrap().timer_end, None);
    }
}
