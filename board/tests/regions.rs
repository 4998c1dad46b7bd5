//! Regions of the wall: laying them out, moving them with their material, and locking
//! everything inside, on one board and across two replicas.

use board::{Board, BoardEnv, BoardError, NewCard};

fn sync(from: &Board, to: &mut Board) {
    let diff = from.diff_v1(&to.state_vector_v1()).unwrap();
    to.apply_update_v1(&diff).unwrap();
}

#[test]
fn a_region_is_laid_out_renamed_resized_and_removed() {
    let mut b = Board::new("Zukunftswerkstatt", BoardEnv::default());
    let facts = b
        .add_region("  Daten und Fakten ", 0.0, 0.0, 900.0, 600.0)
        .unwrap();
    let ideas = b.add_region("Ideen", 1000.0, 0.0, 40.0, 40.0).unwrap();
    assert_eq!(
        b.add_region("   ", 0.0, 0.0, 100.0, 100.0),
        Err(BoardError::EmptyTitle)
    );
    let titles: Vec<String> = b.regions().into_iter().map(|r| r.title).collect();
    assert_eq!(
        titles,
        ["Daten und Fakten", "Ideen"],
        "reading order, trimmed"
    );
    assert_eq!(
        b.region(&ideas).unwrap().w,
        board::MIN_REGION_SIZE,
        "never too small for its heading"
    );

    b.rename_region(&facts, "Zahlen").unwrap();
    b.resize_region(&facts, 1200.0, f64::NAN).unwrap();
    let r = b.region(&facts).unwrap();
    assert_eq!(
        (r.title.as_str(), r.w, r.h),
        ("Zahlen", 1200.0, board::MIN_REGION_SIZE)
    );

    b.delete_region(&ideas).unwrap();
    assert_eq!(b.regions().len(), 1);
    assert_eq!(
        b.rename_region(&ideas, "x"),
        Err(BoardError::UnknownRegion(ideas.clone()))
    );
}

#[test]
fn moving_a_region_takes_its_material_along_in_one_undo_step() {
    let mut b = Board::new("T", BoardEnv::default());
    let region = b
        .add_region("Daten und Fakten", 0.0, 0.0, 800.0, 600.0)
        .unwrap();
    let field = b.add_cluster("Statistik", 100.0, 100.0).unwrap();
    let in_field = b
        .add_card(NewCard::new("27 % mit Migrationshintergrund", 0.0, 0.0))
        .unwrap();
    b.put_card_in_cluster(&in_field, &field, 0).unwrap();
    let free_inside = b.add_card(NewCard::new("Vereine", 500.0, 300.0)).unwrap();
    let outside = b.add_card(NewCard::new("Außerhalb", 900.0, 100.0)).unwrap();

    b.move_region(&region, 2000.0, 1000.0).unwrap();
    assert_eq!(
        b.region(&region).map(|r| (r.x, r.y)),
        Some((2000.0, 1000.0))
    );
    let c = b.cluster(&field).unwrap();
    assert_eq!((c.x, c.y), (2100.0, 1100.0));
    let f = b.card(&free_inside).unwrap();
    assert_eq!((f.x, f.y), (2500.0, 1300.0));
    assert_eq!(
        b.card(&in_field).unwrap().cluster.as_deref(),
        Some(field.as_str()),
        "stays in its field"
    );
    let o = b.card(&outside).unwrap();
    assert_eq!((o.x, o.y), (900.0, 100.0), "what lies outside stays");

    assert!(b.undo());
    assert_eq!(b.region(&region).map(|r| (r.x, r.y)), Some((0.0, 0.0)));
    assert_eq!(b.cluster(&field).map(|c| (c.x, c.y)), Some((100.0, 100.0)));
    assert_eq!(
        b.card(&free_inside).map(|c| (c.x, c.y)),
        Some((500.0, 300.0))
    );
}

#[test]
fn a_locked_region_locks_everything_inside_for_participants() {
    let mut facilitator = Board::new("T", BoardEnv::default());
    facilitator.set_facilitator(true);
    let region = facilitator
        .add_region("Vorbereitet", 0.0, 0.0, 800.0, 600.0)
        .unwrap();
    let field = facilitator.add_cluster("Statistik", 100.0, 100.0).unwrap();
    let in_field = facilitator
        .add_card(NewCard::new("27 %", 0.0, 0.0))
        .unwrap();
    facilitator
        .put_card_in_cluster(&in_field, &field, 0)
        .unwrap();
    let free_inside = facilitator
        .add_card(NewCard::new("Vereine", 500.0, 300.0))
        .unwrap();
    let mine = facilitator
        .add_card(NewCard::new("Meine These", 1000.0, 0.0))
        .unwrap();
    facilitator.set_region_locked(&region, true).unwrap();

    let mut phone = Board::joined(BoardEnv::default());
    sync(&facilitator, &mut phone);
    assert!(phone.region(&region).unwrap().locked);
    assert!(
        phone.card(&free_inside).unwrap().locked,
        "a free card inside"
    );
    assert!(
        phone.card(&in_field).unwrap().locked,
        "a card in a field inside"
    );
    assert!(phone.cluster(&field).unwrap().locked, "a field inside");
    assert!(!phone.card(&mine).unwrap().locked, "outside");

    let locked = Err(BoardError::Locked);
    assert_eq!(
        phone.place_card(&free_inside, 2000.0, 0.0),
        locked,
        "nothing is dragged out"
    );
    assert_eq!(phone.set_card_text(&free_inside, "anders"), locked);
    assert_eq!(phone.delete_card(&in_field), locked);
    assert_eq!(phone.move_cluster(&field, 2000.0, 0.0), locked);
    assert_eq!(
        phone.place_card(&mine, 50.0, 50.0),
        locked,
        "nothing is dropped in"
    );
    assert_eq!(
        phone.add_card(NewCard::new("Neu", 10.0, 10.0)).map(|_| ()),
        locked,
        "nothing new goes in"
    );
    assert_eq!(phone.add_cluster("Neu", 10.0, 10.0).map(|_| ()), locked);
    phone.place_card(&mine, 1200.0, 50.0).unwrap();
    phone
        .add_card(NewCard::new("Daneben", 900.0, 10.0))
        .unwrap();

    // The facilitator still arranges the prepared material, and unlocking frees it.
    facilitator.place_card(&free_inside, 400.0, 400.0).unwrap();
    facilitator.set_region_locked(&region, false).unwrap();
    sync(&facilitator, &mut phone);
    assert!(!phone.card(&free_inside).unwrap().locked);
    phone.place_card(&free_inside, 2000.0, 0.0).unwrap();
    phone.move_cluster(&field, 2000.0, 500.0).unwrap();
}

#[test]
fn the_running_wall_step_names_the_region_it_shows() {
    use board::{Activity, StepPlan};
    let mut b = Board::new("T", BoardEnv::default());
    let facts = b
        .add_region("Daten und Fakten", 0.0, 0.0, 800.0, 600.0)
        .unwrap();
    let step = |title: &str, activity| StepPlan {
        title: title.into(),
        activity,
        target: Some(facts.clone()),
        ..StepPlan::default()
    };
    let look = b.add_step(&step("Daten ansehen", Activity::Wall)).unwrap();
    // Not a wall step: its target is no region.
    let vote = b.add_step(&step("Priorisierung", Activity::Round)).unwrap();
    assert_eq!(b.current_region(), None, "no step runs yet");
    b.start_step(&look).unwrap();
    assert_eq!(b.current_region().map(|r| r.id), Some(facts.clone()));
    b.start_step(&vote).unwrap();
    assert_eq!(b.current_region(), None);
    b.start_step(&look).unwrap();
    b.delete_region(&facts).unwrap();
    assert_eq!(
        b.current_region(),
        None,
        "a removed region is shown by nobody"
    );
}
