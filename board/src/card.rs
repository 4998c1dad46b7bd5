//! Card operations on [`Board`], the read-only [`CardView`], [`NewCard`] and [`CardColor`]
//! (shared with clusters). Views tolerate anything a remote peer wrote; operations validate.

use std::cmp::Ordering;
use std::fmt;

use yrs::{In, Map, MapPrelim, MapRef, Out, ReadTxn, TextPrelim, Transact, TransactionMut};

use crate::board::{Board, Roots};
use crate::error::BoardError;
use crate::ids::{new_id, CardId, ClusterId};
use crate::merge::field_of;
use crate::read;
use crate::schema::{card as key, MAX_CARD_TEXT};
use crate::text;

/// Colour of a card or cluster, stored as its lowercase English name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum CardColor {
    /// `"yellow"`, the default (also for unknown names).
    #[default]
    Yellow,
    /// `"green"`.
    Green,
    /// `"blue"`.
    Blue,
    /// `"pink"`.
    Pink,
    /// `"orange"`.
    Orange,
    /// `"white"`.
    White,
}

impl CardColor {
    /// Every colour, in palette order.
    pub const ALL: [CardColor; 6] = [
        CardColor::Yellow,
        CardColor::Green,
        CardColor::Blue,
        CardColor::Pink,
        CardColor::Orange,
        CardColor::White,
    ];

    /// The name stored in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            CardColor::Yellow => "yellow",
            CardColor::Green => "green",
            CardColor::Blue => "blue",
            CardColor::Pink => "pink",
            CardColor::Orange => "orange",
            CardColor::White => "white",
        }
    }

    /// The colour with this stored name, if it is one of ours.
    pub fn parse(name: &str) -> Option<Self> {
        CardColor::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// Reads a stored value: unknown or missing names read as the default, yellow.
    pub(crate) fn read<T: ReadTxn>(txn: &T, map: &MapRef, key: &str) -> Self {
        read::string(txn, map, key)
            .and_then(|s| CardColor::parse(&s))
            .unwrap_or_default()
    }
}

impl fmt::Display for CardColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`Board::add_card`] needs to create a card.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCard {
    /// Card text: not blank, at most [`MAX_CARD_TEXT`] chars.
    pub text: String,
    /// Card colour.
    pub color: CardColor,
    /// Left edge on the wall (used while free).
    pub x: f64,
    /// Top edge on the wall (used while free).
    pub y: f64,
    /// Cluster to put the card in (appended at its end), or `None` for a free card.
    pub cluster: Option<ClusterId>,
    /// Into the incoming area ("Eingang") instead of at `x`,`y` (for a free card).
    pub incoming: bool,
}

impl NewCard {
    /// A yellow free card with `text` at `x`,`y`.
    pub fn new(text: impl Into<String>, x: f64, y: f64) -> Self {
        NewCard {
            text: text.into(),
            color: CardColor::default(),
            x,
            y,
            cluster: None,
            incoming: false,
        }
    }

    /// A card for the incoming area ("Eingang"): where it shows is the area's layout, not
    /// the writer's screen, so cards from many phones never pile up on each other.
    pub fn incoming(text: impl Into<String>, color: CardColor) -> Self {
        NewCard {
            color,
            incoming: true,
            ..NewCard::new(text, 0.0, 0.0)
        }
    }
}

/// A card as read from the document: a plain snapshot, cheap to compare.
#[derive(Clone, Debug, PartialEq)]
pub struct CardView {
    /// The card's key in `cards`.
    pub id: CardId,
    /// Current text.
    pub text: String,
    /// Colour (unknown names read as yellow).
    pub color: CardColor,
    /// Left edge on the wall (meaningful while free).
    pub x: f64,
    /// Top edge on the wall (meaningful while free).
    pub y: f64,
    /// The field showing the card: its cluster, or the field that cluster was merged into;
    /// `None` if free or if the cluster no longer exists.
    pub cluster: Option<ClusterId>,
    /// The cluster the card itself names (differs from `cluster` inside a merged field).
    pub home: Option<ClusterId>,
    /// Sort key inside the cluster.
    pub order: f64,
    /// Participant id of the writer (empty if unknown).
    pub author: String,
    /// Creation time in ms since the Unix epoch (0 if unknown).
    pub created: f64,
    /// Locked by the facilitator (itself, through its cluster, or through its region).
    pub locked: bool,
    /// Waits in the incoming area ("Eingang"): free, and shown where that area lays it out.
    pub incoming: bool,
}

impl CardView {
    /// Reads one card map; missing or mistyped fields take defaults.
    pub(crate) fn read<T: ReadTxn>(txn: &T, clusters: &MapRef, id: &str, card: &MapRef) -> Self {
        let home =
            read::string(txn, card, key::CLUSTER).filter(|c| read::map(txn, clusters, c).is_some());
        let cluster = home.as_deref().and_then(|h| field_of(txn, clusters, h));
        let locked = crate::lock::card_map_locked(txn, clusters, card, home.as_deref());
        let incoming =
            cluster.is_none() && read::boolean(txn, card, key::INCOMING).unwrap_or(false);
        CardView {
            id: id.to_owned(),
            home,
            text: read::text(txn, card, key::TEXT).unwrap_or_default(),
            color: CardColor::read(txn, card, key::COLOR),
            x: read::number(txn, card, key::X).unwrap_or(0.0),
            y: read::number(txn, card, key::Y).unwrap_or(0.0),
            cluster,
            order: read::number(txn, card, key::ORDER).unwrap_or(0.0),
            author: read::string(txn, card, key::AUTHOR).unwrap_or_default(),
            created: read::number(txn, card, key::CREATED).unwrap_or(0.0),
            locked,
            incoming,
        }
    }

    fn by_created(a: &CardView, b: &CardView) -> Ordering {
        a.created
            .total_cmp(&b.created)
            .then_with(|| a.id.cmp(&b.id))
    }

    fn by_order(a: &CardView, b: &CardView) -> Ordering {
        a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id))
    }
}

/// Checks card text: not blank, at most [`MAX_CARD_TEXT`] chars. The text is stored as given
/// (not trimmed), so live editing keeps the space the user just typed.
fn check_text(text: &str) -> Result<(), BoardError> {
    if text.trim().is_empty() {
        return Err(BoardError::EmptyText);
    }
    if text.chars().count() > MAX_CARD_TEXT {
        return Err(BoardError::TooLong { max: MAX_CARD_TEXT });
    }
    Ok(())
}

/// The card maps whose raw `cluster` field is `cluster`, with their order, sorted by (order, id).
pub(crate) fn members<T: ReadTxn>(
    txn: &T,
    cards: &MapRef,
    cluster: &str,
) -> Vec<(String, MapRef, f64)> {
    let mut out: Vec<(String, MapRef, f64)> = cards
        .iter(txn)
        .filter_map(|(id, value)| match value {
            Out::YMap(card) => Some((id.to_owned(), card)),
            _ => None,
        })
        .filter(|(_, card)| read::string(txn, card, key::CLUSTER).as_deref() == Some(cluster))
        .map(|(id, card)| {
            let order = read::number(txn, &card, key::ORDER).unwrap_or(0.0);
            (id, card, order)
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| {
        a.2.total_cmp(&b.2).then_with(|| a.0.cmp(&b.0))
    });
    out
}

/// Cards split by where they are, as [`Board::card_groups`] returns them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardGroups {
    /// Cards in no existing cluster, sorted by (created, id).
    pub free: Vec<CardView>,
    /// Each existing cluster's cards, sorted by (order, id); clusters without cards are absent.
    pub clusters: std::collections::HashMap<ClusterId, Vec<CardView>>,
}

/// A sort key strictly between two neighbours (either may be missing); `None` if floats ran out.
fn order_between(prev: Option<f64>, next: Option<f64>) -> Option<f64> {
    let order = match (prev, next) {
        (None, None) => 0.0,
        (Some(p), None) => p + 1.0,
        (None, Some(n)) => n - 1.0,
        (Some(p), Some(n)) => p + (n - p) / 2.0,
    };
    let fits = prev.is_none_or(|p| p < order) && next.is_none_or(|n| order < n);
    (fits && order.is_finite()).then_some(order)
}

fn card_map<T: ReadTxn>(txn: &T, r: &Roots, id: &str) -> Result<MapRef, BoardError> {
    read::map(txn, &r.cards, id).ok_or_else(|| BoardError::UnknownCard(id.to_owned()))
}

fn check_cluster<T: ReadTxn>(txn: &T, r: &Roots, id: &str) -> Result<(), BoardError> {
    match read::map(txn, &r.clusters, id) {
        Some(_) => Ok(()),
        None => Err(BoardError::UnknownCluster(id.to_owned())),
    }
}

/// Makes the Y.Text under `key` read `value`, replacing a non-text value with a new Y.Text.
pub(crate) fn write_text(txn: &mut TransactionMut, map: &MapRef, key: &str, value: &str) {
    match map.get(txn, key) {
        Some(Out::YText(t)) => text::replace(txn, &t, value),
        _ => {
            map.insert(txn, key, TextPrelim::new(value));
        }
    }
}

/// Writes a new card under a fresh id (its cluster checked by the caller); returns the id.
fn insert_card(
    txn: &mut TransactionMut,
    r: &Roots,
    card: NewCard,
    author: &str,
    created: f64,
) -> CardId {
    let order = match &card.cluster {
        Some(cluster) => {
            let last = members(txn, &r.cards, cluster).last().map(|m| m.2);
            order_between(last, None).unwrap_or(last.unwrap_or(0.0))
        }
        None => 0.0,
    };
    let mut id = new_id();
    while r.cards.contains_key(txn, &id) {
        id = new_id();
    }
    let mut fields: Vec<(&str, In)> = vec![
        (key::TEXT, TextPrelim::new(card.text).into()),
        (key::X, read::finite(card.x).into()),
        (key::Y, read::finite(card.y).into()),
        (key::COLOR, card.color.as_str().into()),
        (key::AUTHOR, author.into()),
        (key::CREATED, created.into()),
        (key::ORDER, order.into()),
    ];
    match card.cluster {
        Some(cluster) => fields.push((key::CLUSTER, cluster.into())),
        None if card.incoming => fields.push((key::INCOMING, true.into())),
        None => {}
    }
    r.cards
        .insert(txn, id.as_str(), MapPrelim::from_iter(fields));
    id
}

/// The cards of a pasted list: one per line that has text, without list markers ("- ",
/// "• ", "1. ", "a) "); texts longer than a card may hold are kept whole (adding them
/// then says so).
pub fn cards_from_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| strip_marker(line.trim()).trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

fn strip_marker(line: &str) -> &str {
    for bullet in ["- ", "* ", "• ", "– ", "· "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest;
        }
    }
    // "1. ", "12) ", "a) ": a short number or letter, then "." or ")", then a space.
    let marker = line.find(['.', ')']).filter(|&i| {
        let head = &line[..i];
        (1..=3).contains(&head.len())
            && (head.bytes().all(|b| b.is_ascii_digit())
                || (head.len() == 1 && head.bytes().all(|b| b.is_ascii_lowercase())))
    });
    match marker {
        Some(i) if line[i + 1..].starts_with(' ') => &line[i + 2..],
        _ => line,
    }
}

impl Board {
    /// Adds a card written by [`Board::author`] at the clock's current time; returns its id.
    pub fn add_card(&mut self, card: NewCard) -> Result<CardId, BoardError> {
        let mut ids = self.add_cards(vec![card])?;
        ids.pop().ok_or(BoardError::UnknownItem)
    }

    /// Adds several cards in one step, which one undo takes back (a pasted list); all or
    /// none: a card that may not be added fails the whole list. Returns their ids in order.
    pub fn add_cards(&mut self, cards: Vec<NewCard>) -> Result<Vec<CardId>, BoardError> {
        for card in &cards {
            check_text(&card.text)?;
            match &card.cluster {
                Some(cluster) => self.guard_cluster(cluster)?,
                // The incoming area is no spot on the wall: no region's lock covers it.
                None if card.incoming => {}
                None => self.guard_spot(card.x, card.y)?,
            }
        }
        let created = self.now();
        let author = self.author.clone();
        self.step(|txn, r| {
            for card in &cards {
                if let Some(cluster) = &card.cluster {
                    check_cluster(txn, r, cluster)?;
                }
            }
            Ok(cards
                .into_iter()
                .map(|card| insert_card(txn, r, card, &author, created))
                .collect())
        })
    }

    /// Replaces the card's text, changing only the part that differs (concurrent edits merge).
    pub fn set_card_text(&mut self, id: &str, text: &str) -> Result<(), BoardError> {
        self.guard_card(id)?;
        self.guard_edit_card(id)?;
        check_text(text)?;
        self.step(|txn, r| {
            let card = card_map(txn, r, id)?;
            write_text(txn, &card, key::TEXT, text);
            Ok(())
        })
    }

    /// Changes the card's colour.
    pub fn set_card_color(&mut self, id: &str, color: CardColor) -> Result<(), BoardError> {
        self.guard_card(id)?;
        self.guard_edit_card(id)?;
        self.step(|txn, r| {
            let card = card_map(txn, r, id)?;
            read::set_string(txn, &card, key::COLOR, color.as_str());
            Ok(())
        })
    }

    /// Makes the card a free card at `x`,`y` (removes it from its cluster).
    pub fn place_card(&mut self, id: &str, x: f64, y: f64) -> Result<(), BoardError> {
        self.guard_card(id)?;
        self.guard_right(crate::rights::Right::MoveCards)?;
        self.guard_spot(x, y)?;
        self.step(|txn, r| {
            let card = card_map(txn, r, id)?;
            read::set_number(txn, &card, key::X, read::finite(x));
            read::set_number(txn, &card, key::Y, read::finite(y));
            read::remove(txn, &card, key::CLUSTER);
            read::remove(txn, &card, key::INCOMING);
            Ok(())
        })
    }

    /// Puts the card into `cluster` at position `index` among the cluster's other cards
    /// (clamped to the end), with an `order` between its new neighbours.
    pub fn put_card_in_cluster(
        &mut self,
        id: &str,
        cluster: &str,
        index: usize,
    ) -> Result<(), BoardError> {
        self.guard_card(id)?;
        self.guard_right(crate::rights::Right::MoveCards)?;
        self.guard_cluster(cluster)?;
        self.step(|txn, r| {
            let card = card_map(txn, r, id)?;
            check_cluster(txn, r, cluster)?;
            let mut others = members(txn, &r.cards, cluster);
            let current = others
                .iter()
                .position(|m| m.0 == id)
                .map(|i| others.remove(i));
            let index = index.min(others.len());
            let prev = index.checked_sub(1).map(|i| others[i].2);
            let next = others.get(index).map(|m| m.2);
            if let Some((_, _, order)) = current {
                let fits = prev.is_none_or(|p| p < order) && next.is_none_or(|n| order < n);
                if fits {
                    return Ok(()); // already there
                }
            }
            let order = match order_between(prev, next) {
                Some(order) => order,
                None => {
                    // No float left between the neighbours: renumber the cluster 0, 1, 2, …
                    for (i, (_, other, _)) in others.iter().enumerate() {
                        read::set_number(txn, other, key::ORDER, i as f64);
                    }
                    index as f64 - 0.5
                }
            };
            read::set_string(txn, &card, key::CLUSTER, cluster);
            read::set_number(txn, &card, key::ORDER, order);
            read::remove(txn, &card, key::INCOMING);
            Ok(())
        })
    }

    /// Deletes the card.
    pub fn delete_card(&mut self, id: &str) -> Result<(), BoardError> {
        self.guard_card(id)?;
        self.guard_edit_card(id)?;
        self.step(|txn, r| {
            card_map(txn, r, id)?;
            r.cards.remove(txn, id);
            Ok(())
        })
    }

    /// The card with this id, if it exists.
    pub fn card(&self, id: &str) -> Option<CardView> {
        let txn = self.doc.transact();
        let card = read::map(&txn, &self.roots.cards, id)?;
        Some(CardView::read(&txn, &self.roots.clusters, id, &card))
    }

    /// All cards, sorted by (created, id) so every replica lists them alike.
    pub fn cards(&self) -> Vec<CardView> {
        let txn = self.doc.transact();
        let mut cards: Vec<CardView> = self
            .roots
            .cards
            .iter(&txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(card) => Some(CardView::read(&txn, &self.roots.clusters, id, &card)),
                _ => None,
            })
            .collect();
        crate::sort::sort_by(&mut cards, CardView::by_created);
        cards
    }

    /// The cards in `cluster`, sorted by (order, id); empty if the cluster does not exist.
    pub fn cluster_cards(&self, cluster: &str) -> Vec<CardView> {
        let txn = self.doc.transact();
        if read::map(&txn, &self.roots.clusters, cluster).is_none() {
            return Vec::new();
        }
        let mut cards: Vec<CardView> = members(&txn, &self.roots.cards, cluster)
            .into_iter()
            .map(|(id, card, _)| CardView::read(&txn, &self.roots.clusters, &id, &card))
            .collect();
        crate::sort::sort_by(&mut cards, CardView::by_order);
        cards
    }

    /// All cards in one pass, split by where they are: what a wall draws. Cheaper than
    /// `cluster_cards` per cluster, which reads every card once for each cluster.
    pub fn card_groups(&self) -> CardGroups {
        let mut groups = CardGroups::default();
        for card in self.cards() {
            match &card.cluster {
                Some(cluster) => groups
                    .clusters
                    .entry(cluster.clone())
                    .or_default()
                    .push(card),
                None => groups.free.push(card),
            }
        }
        // Inside a merged field, the merged fields' cards come first, field by field in
        // their wall order, then cards dropped into the merged field itself.
        let place: std::collections::HashMap<ClusterId, usize> = self
            .clusters()
            .into_iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        for (field, cards) in groups.clusters.iter_mut() {
            let rank = |c: &CardView| match c.home.as_ref() {
                Some(h) if h != field => place.get(h).copied().unwrap_or(0),
                _ => usize::MAX,
            };
            crate::sort::sort_by(cards, |a, b| {
                rank(a).cmp(&rank(b)).then_with(|| CardView::by_order(a, b))
            });
        }
        groups
    }

    /// Cards in no existing cluster, sorted by (created, id).
    pub fn free_cards(&self) -> Vec<CardView> {
        let mut cards = self.cards();
        cards.retain(|c| c.cluster.is_none());
        cards
    }

    /// Number of cards.
    pub fn card_count(&self) -> usize {
        let txn = self.doc.transact();
        self.roots
            .cards
            .iter(&txn)
            .filter(|(_, value)| matches!(value, Out::YMap(_)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::testing::board;
    use crate::schema;
    use yrs::{Any, Map, Transact};

    fn free(b: &mut Board, text: &str) -> CardId {
        b.add_card(NewCard::new(text, 10.0, 20.0)).unwrap()
    }

    fn texts(cards: &[CardView]) -> Vec<&str> {
        cards.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn a_pasted_list_becomes_cards_in_one_undo_step() {
        let mut b = board();
        let texts = cards_from_list("Kernthesen:\n- Toleranz\n\n• Offenheit\n1. Geduld\n12) Dialog führen\na) Begleitung\nz.B. Sprache\nA. Müller\n");
        assert_eq!(
            texts,
            [
                "Kernthesen:",
                "Toleranz",
                "Offenheit",
                "Geduld",
                "Dialog führen",
                "Begleitung",
                "z.B. Sprache",
                "A. Müller"
            ]
        );
        let cards: Vec<NewCard> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| NewCard::new(t.clone(), i as f64 * 240.0, 0.0))
            .collect();
        let ids = b.add_cards(cards).unwrap();
        assert_eq!(ids.len(), 8);
        assert_eq!(b.card(&ids[1]).unwrap().text, "Toleranz");
        b.undo();
        assert_eq!(b.card_count(), 0, "one undo takes the whole list back");
        let too_long = vec![
            NewCard::new("ok", 0.0, 0.0),
            NewCard::new("x".repeat(MAX_CARD_TEXT + 1), 0.0, 0.0),
        ];
        assert!(b.add_cards(too_long).is_err());
        assert_eq!(b.card_count(), 0, "all or none");
    }

    #[test]
    fn card_groups_match_the_per_cluster_reads() {
        let mut b = board();
        let a = b.add_cluster("A", 0.0, 0.0).unwrap();
        let c = b.add_cluster("C", 300.0, 0.0).unwrap();
        let ids: Vec<_> = (0..6).map(|i| free(&mut b, &format!("card {i}"))).collect();
        b.put_card_in_cluster(&ids[0], &a, 0).unwrap();
        b.put_card_in_cluster(&ids[1], &a, 0).unwrap();
        b.put_card_in_cluster(&ids[2], &c, 0).unwrap();
        b.put_card_in_cluster(&ids[3], &c, 5).unwrap();
        b.put_card_in_cluster(&ids[4], &c, 1).unwrap();
        let groups = b.card_groups();
        assert_eq!(groups.free, b.free_cards());
        assert_eq!(groups.clusters[&a], b.cluster_cards(&a));
        assert_eq!(groups.clusters[&c], b.cluster_cards(&c));
        assert_eq!(texts(&groups.clusters[&c]), ["card 2", "card 4", "card 3"]);
        b.delete_cluster(&a).unwrap();
        let groups = b.card_groups();
        assert!(!groups.clusters.contains_key(&a));
        assert_eq!(groups.free.len(), 3);
    }

    #[test]
    fn colors_round_trip_by_name() {
        for c in CardColor::ALL {
            assert_eq!(CardColor::parse(c.as_str()), Some(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        assert_eq!(CardColor::parse("purple"), None);
        assert_eq!(CardColor::default(), CardColor::Yellow);
    }

    #[test]
    fn add_card_stores_every_field() {
        let mut b = board();
        b.set_author("p1".into());
        let id = b
            .add_card(NewCard {
                text: "Bildung für alle 👍".into(),
                color: CardColor::Green,
                x: 12.5,
                y: -3.0,
                cluster: None,
                incoming: false,
            })
            .unwrap();
        let c = b.card(&id).unwrap();
        assert_eq!(c.id, id);
        assert_eq!(c.text, "Bildung für alle 👍");
        assert_eq!(c.color, CardColor::Green);
        assert_eq!((c.x, c.y), (12.5, -3.0));
        assert_eq!(c.cluster, None);
        assert_eq!(c.author, "p1");
        assert_eq!(b.card_count(), 1);
        assert_eq!(b.cards(), vec![c]);
    }

    #[test]
    fn incoming_cards_wait_until_placed_or_sorted() {
        let mut b = board();
        let field = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        let first = b
            .add_card(NewCard::incoming("Sprachkurse", CardColor::Blue))
            .unwrap();
        let second = b
            .add_card(NewCard::incoming("Patenschaften", CardColor::Yellow))
            .unwrap();
        let c = b.card(&first).unwrap();
        assert!(c.incoming, "a phone's card waits in the incoming area");
        assert_eq!((c.cluster.as_deref(), c.color), (None, CardColor::Blue));
        assert!(!b
            .add_card(NewCard::new("vom Laptop", 400.0, 0.0))
            .map(|id| b.card(&id).unwrap().incoming)
            .unwrap());
        b.place_card(&first, 300.0, 40.0).unwrap();
        assert!(
            !b.card(&first).unwrap().incoming,
            "placed on the wall, it leaves the area"
        );
        b.put_card_in_cluster(&second, &field, 0).unwrap();
        b.delete_cluster(&field).unwrap();
        assert!(
            !b.card(&second).unwrap().incoming,
            "sorted into a field, it does not go back when the field goes"
        );
    }

    #[test]
    fn add_card_validates_text() {
        let mut b = board();
        assert_eq!(
            b.add_card(NewCard::new("", 0.0, 0.0)),
            Err(BoardError::EmptyText)
        );
        assert_eq!(
            b.add_card(NewCard::new(" \n\t ", 0.0, 0.0)),
            Err(BoardError::EmptyText)
        );
        let too_long = "👍".repeat(MAX_CARD_TEXT + 1);
        assert_eq!(
            b.add_card(NewCard::new(too_long, 0.0, 0.0)),
            Err(BoardError::TooLong { max: MAX_CARD_TEXT })
        );
        let longest = "👍".repeat(MAX_CARD_TEXT);
        let id = b.add_card(NewCard::new(longest.clone(), 0.0, 0.0)).unwrap();
        assert_eq!(b.card(&id).unwrap().text, longest);
        assert_eq!(b.card_count(), 1, "rejected cards leave no trace");
    }

    #[test]
    fn add_card_keeps_text_as_typed() {
        let mut b = board();
        let id = free(&mut b, " Sprache \n");
        assert_eq!(b.card(&id).unwrap().text, " Sprache \n");
    }

    #[test]
    fn add_card_sanitizes_non_finite_positions() {
        let mut b = board();
        let id = b
            .add_card(NewCard::new("x", f64::NAN, f64::INFINITY))
            .unwrap();
        let c = b.card(&id).unwrap();
        assert_eq!((c.x, c.y), (0.0, 0.0));
    }

    #[test]
    fn add_card_into_cluster_appends() {
        let mut b = board();
        let k = b.add_cluster("Bildung", 0.0, 0.0).unwrap();
        for t in ["a", "b", "c"] {
            let mut card = NewCard::new(t, 0.0, 0.0);
            card.cluster = Some(k.clone());
            b.add_card(card).unwrap();
        }
        assert_eq!(texts(&b.cluster_cards(&k)), ["a", "b", "c"]);
        assert!(b.free_cards().is_empty());

        let mut card = NewCard::new("d", 0.0, 0.0);
        card.cluster = Some("nope".into());
        assert_eq!(
            b.add_card(card),
            Err(BoardError::UnknownCluster("nope".into()))
        );
        assert_eq!(b.card_count(), 3);
    }

    #[test]
    fn set_card_text_validates_and_edits() {
        let mut b = board();
        let id = free(&mut b, "Bildung für alle");
        b.set_card_text(&id, "Bildung für alle 👍").unwrap();
        assert_eq!(b.card(&id).unwrap().text, "Bildung für alle 👍");
        assert_eq!(b.set_card_text(&id, "  "), Err(BoardError::EmptyText));
        assert_eq!(
            b.set_card_text(&id, &"x".repeat(MAX_CARD_TEXT + 1)),
            Err(BoardError::TooLong { max: MAX_CARD_TEXT })
        );
        assert_eq!(
            b.set_card_text("nope", "x"),
            Err(BoardError::UnknownCard("nope".into()))
        );
        assert_eq!(b.card(&id).unwrap().text, "Bildung für alle 👍");
    }

    #[test]
    fn unchanged_values_write_nothing() {
        let mut b = board();
        let id = free(&mut b, "gleich");
        b.set_card_color(&id, CardColor::Yellow).unwrap();
        b.set_card_text(&id, "gleich").unwrap();
        b.place_card(&id, 10.0, 20.0).unwrap();
        assert!(b.undo(), "only add_card is on the stack");
        assert!(!b.can_undo());
    }

    #[test]
    fn set_card_text_replaces_a_plain_string() {
        let mut b = board();
        let id = free(&mut b, "alt");
        {
            let doc = b.doc().clone();
            let cards = doc.get_or_insert_map(schema::CARDS);
            let mut txn = doc.transact_mut();
            let Some(Out::YMap(card)) = cards.get(&txn, &id) else {
                panic!("card map")
            };
            card.insert(&mut txn, key::TEXT, "plain");
        }
        assert_eq!(b.card(&id).unwrap().text, "plain");
        b.set_card_text(&id, "neu").unwrap();
        assert_eq!(b.card(&id).unwrap().text, "neu");
    }

    #[test]
    fn recolor_and_place() {
        let mut b = board();
        let k = b.add_cluster("K", 0.0, 0.0).unwrap();
        let id = free(&mut b, "x");
        b.set_card_color(&id, CardColor::Pink).unwrap();
        assert_eq!(b.card(&id).unwrap().color, CardColor::Pink);
        assert_eq!(
            b.set_card_color("nope", CardColor::Pink),
            Err(BoardError::UnknownCard("nope".into()))
        );

        b.put_card_in_cluster(&id, &k, 0).unwrap();
        assert_eq!(b.card(&id).unwrap().cluster, Some(k.clone()));
        b.place_card(&id, 300.0, 400.0).unwrap();
        let c = b.card(&id).unwrap();
        assert_eq!((c.x, c.y, c.cluster), (300.0, 400.0, None));
        assert_eq!(
            b.place_card("nope", 0.0, 0.0),
            Err(BoardError::UnknownCard("nope".into()))
        );
    }

    #[test]
    fn put_card_in_cluster_orders_by_index() {
        let mut b = board();
        let k = b.add_cluster("K", 0.0, 0.0).unwrap();
        let a = free(&mut b, "a");
        let c = free(&mut b, "c");
        let x = free(&mut b, "b");
        b.put_card_in_cluster(&a, &k, 0).unwrap();
        b.put_card_in_cluster(&c, &k, 99).unwrap(); // clamped to the end
        b.put_card_in_cluster(&x, &k, 1).unwrap();
        assert_eq!(texts(&b.cluster_cards(&k)), ["a", "b", "c"]);
        // Move within the cluster: "c" to the front.
        b.put_card_in_cluster(&c, &k, 0).unwrap();
        assert_eq!(texts(&b.cluster_cards(&k)), ["c", "a", "b"]);
        // Already in place: no write, no undo step.
        b.put_card_in_cluster(&c, &k, 0).unwrap();
        assert!(b.undo());
        assert_eq!(texts(&b.cluster_cards(&k)), ["a", "b", "c"]);
    }

    #[test]
    fn put_card_in_cluster_moves_between_clusters() {
        let mut b = board();
        let k1 = b.add_cluster("K1", 0.0, 0.0).unwrap();
        let k2 = b.add_cluster("K2", 500.0, 0.0).unwrap();
        let id = free(&mut b, "wandert");
        b.put_card_in_cluster(&id, &k1, 0).unwrap();
        b.put_card_in_cluster(&id, &k2, 0).unwrap();
        assert!(b.cluster_cards(&k1).is_empty());
        assert_eq!(b.cluster_cards(&k2).len(), 1);
        assert_eq!(
            b.put_card_in_cluster(&id, "nope", 0),
            Err(BoardError::UnknownCluster("nope".into()))
        );
        assert_eq!(
            b.put_card_in_cluster("nope", &k1, 0),
            Err(BoardError::UnknownCard("nope".into()))
        );
    }

    #[test]
    fn put_card_in_cluster_renumbers_when_floats_run_out() {
        let mut b = board();
        let k = b.add_cluster("K", 0.0, 0.0).unwrap();
        let first = free(&mut b, "first");
        let last = free(&mut b, "last");
        b.put_card_in_cluster(&first, &k, 0).unwrap();
        b.put_card_in_cluster(&last, &k, 1).unwrap();
        // Always insert right after "first": halves the same gap every time.
        let mut expected = vec!["first".to_string(), "last".to_string()];
        for i in 0..80 {
            let t = format!("n{i}");
            let id = free(&mut b, &t);
            b.put_card_in_cluster(&id, &k, 1).unwrap();
            expected.insert(1, t);
        }
        let got: Vec<String> = b.cluster_cards(&k).into_iter().map(|c| c.text).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn delete_card_and_undo_bring_back_text() {
        let mut b = board();
        let id = free(&mut b, "Bildung für alle 👍");
        b.set_card_text(&id, "Bildung für alle 👍👍").unwrap();
        b.delete_card(&id).unwrap();
        assert!(b.card(&id).is_none());
        assert_eq!(b.card_count(), 0);
        assert_eq!(b.delete_card(&id), Err(BoardError::UnknownCard(id.clone())));
        assert!(b.undo());
        let c = b.card(&id).expect("card is back");
        assert_eq!(c.text, "Bildung für alle 👍👍");
        assert_eq!((c.x, c.y), (10.0, 20.0));
        // The restored text is still a live Y.Text.
        b.set_card_text(&id, "Bildung für alle").unwrap();
        assert_eq!(b.card(&id).unwrap().text, "Bildung für alle");
    }

    #[test]
    fn undo_put_card_in_cluster_returns_it() {
        let mut b = board();
        let k1 = b.add_cluster("K1", 0.0, 0.0).unwrap();
        let k2 = b.add_cluster("K2", 0.0, 0.0).unwrap();
        let id = free(&mut b, "x");
        let before = b.card(&id).unwrap();
        b.put_card_in_cluster(&id, &k1, 0).unwrap();
        assert!(b.undo());
        assert_eq!(b.card(&id).unwrap(), before, "free again, same place");

        let other = free(&mut b, "y");
        b.put_card_in_cluster(&other, &k1, 0).unwrap();
        b.put_card_in_cluster(&id, &k1, 0).unwrap();
        let in_k1 = b.card(&id).unwrap();
        b.put_card_in_cluster(&id, &k2, 0).unwrap();
        assert!(b.undo());
        assert_eq!(b.card(&id).unwrap(), in_k1);
        assert_eq!(texts(&b.cluster_cards(&k1)), ["x", "y"]);
    }

    #[test]
    fn views_sort_deterministically() {
        let mut b = board();
        let k = b.add_cluster("K", 0.0, 0.0).unwrap();
        let ids: Vec<CardId> = ["1", "2", "3", "4"]
            .iter()
            .map(|t| free(&mut b, t))
            .collect();
        b.put_card_in_cluster(&ids[3], &k, 0).unwrap();
        b.put_card_in_cluster(&ids[1], &k, 0).unwrap();
        assert_eq!(texts(&b.cards()), ["1", "2", "3", "4"]);
        assert_eq!(texts(&b.free_cards()), ["1", "3"]);
        assert_eq!(texts(&b.cluster_cards(&k)), ["2", "4"]);
        assert!(b.cluster_cards("nope").is_empty());
    }

    #[test]
    fn views_tolerate_whatever_peers_write() {
        let mut b = board();
        let good = free(&mut b, "gut");
        {
            let doc = b.doc().clone();
            let cards = doc.get_or_insert_map(schema::CARDS);
            let mut txn = doc.transact_mut();
            cards.insert(&mut txn, "not-a-map", "just a string");
            cards.insert(&mut txn, "number", 42);
            let odd = cards.insert(&mut txn, "odd", MapPrelim::default());
            odd.insert(&mut txn, key::TEXT, 17);
            odd.insert(&mut txn, key::X, "left");
            odd.insert(&mut txn, key::Y, Any::Null);
            odd.insert(&mut txn, key::COLOR, "purple");
            odd.insert(&mut txn, key::CLUSTER, "gone");
            odd.insert(&mut txn, key::CREATED, true);
            odd.insert(&mut txn, key::ORDER, f64::NAN);
            let int = cards.insert(&mut txn, "ints", MapPrelim::default());
            int.insert(&mut txn, key::TEXT, "plain string");
            int.insert(&mut txn, key::X, 5_i64);
            int.insert(&mut txn, key::CLUSTER, 3);
        }
        let cards = b.cards();
        assert_eq!(cards.len(), 3);
        assert_eq!(b.card_count(), 3);
        let odd = b.card("odd").unwrap();
        assert_eq!(odd.text, "");
        assert_eq!((odd.x, odd.y, odd.order, odd.created), (0.0, 0.0, 0.0, 0.0));
        assert_eq!(odd.color, CardColor::Yellow);
        assert_eq!(odd.cluster, None, "dangling cluster reads as free");
        let int = b.card("ints").unwrap();
        assert_eq!(
            (int.text.as_str(), int.x, int.cluster.clone()),
            ("plain string", 5.0, None)
        );
        assert!(b.card("not-a-map").is_none());
        assert_eq!(b.free_cards().len(), 3);
        assert!(b.card(&good).is_some());
        // Operations on odd cards work too (for a facilitator: no one owns them).
        b.set_facilitator(true);
        b.set_card_text("odd", "repariert").unwrap();
        assert_eq!(b.card("odd").unwrap().text, "repariert");
        assert_eq!(
            b.delete_card("not-a-map"),
            Err(BoardError::UnknownCard("not-a-map".into()))
        );
    }

    #[test]
    fn order_between_neighbours() {
        assert_eq!(order_between(None, None), Some(0.0));
        assert_eq!(order_between(Some(1.0), None), Some(2.0));
        assert_eq!(order_between(None, Some(1.0)), Some(0.0));
        assert_eq!(order_between(Some(1.0), Some(2.0)), Some(1.5));
        assert_eq!(order_between(Some(1.0), Some(1.0)), None);
        assert_eq!(
            order_between(Some(1.0), Some(f64::from_bits(1.0f64.to_bits() + 1))),
            None
        );
        assert_eq!(order_between(Some(1e300 * 1e10), None), None);
    }
}
