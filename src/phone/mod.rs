//! A participant's phone: below 600 px wide the wall gives way to a home made for one thumb:
//! what the current step asks, "Karte schreiben" for several cards in a row, the cards one
//! wrote, the wall as lists of fields, one's name (to change it) and whether it is in the
//! documentation's list of people. The canvas stays one tap away ("Wand ansehen").

mod app;
mod composer;
mod fields;
mod my_cards;
mod my_name;
mod now;
mod page;
mod views;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::i18n::*;
use crate::wall::{ViewMode, WallUi};
pub use app::ParticipantApp;
use composer::WriteCards;
use fields::FieldList;
use my_cards::MyCards;
use my_name::MyName;
use now::NowCard;

/// Phone-narrow, in CSS pixels: where the home replaces the wall for participants.
const NARROW: f64 = 600.0;

/// Keeps `ui.narrow` in step with the screen's width, and a participant's page on the phone
/// home while narrow (on the wall once wide, after rotating a tablet, say).
pub fn watch_width(ui: WallUi) {
    let measure = move || {
        let width = window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(NARROW);
        let _ = ui.narrow.try_set(width < NARROW);
    };
    measure();
    let on_resize = Closure::<dyn Fn()>::new(measure);
    let _ = window().add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    // Leaving the board removes the listener (and drops the closure with it).
    let on_resize = send_wrapper::SendWrapper::new(on_resize);
    on_cleanup(move || {
        let _ = window()
            .remove_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    });
    if ui.phone_home() {
        ui.mode.set(ViewMode::Home);
    }
    Effect::new(move |_| {
        let home = ui.phone_home();
        match ui.mode.get_untracked() {
            ViewMode::Home if !home => ui.mode.set(ViewMode::Wall),
            _ => {}
        }
    });
}

/// The phone home.
#[component]
pub fn PhoneHome() -> impl IntoView {
    let i18n = use_i18n();
    let ui = expect_context::<WallUi>();
    let writing = RwSignal::new(false);
    let view_wall = move |_| ui.open_wall_fitted();
    view! {
        <div class="phone-home" role="region" aria-label=t!(i18n, phone_home)>
            <NowCard writing/>
            <MyCards/>
            <FieldList/>
            <More/>
            <MyName/>
        </div>
        <div class="phone-actions">
            <button type="button" class="button button--primary" on:click=move |_| writing.set(true)>{t!(i18n, write_card)}</button>
            <button type="button" class="button" on:click=view_wall>{t!(i18n, view_wall)}</button>
        </div>
        <WriteCards open=writing/>
    }
}

/// The day's other views, for whoever wants to look before (or after) their step: group
/// work and positioning, once the facilitator has set them up.
#[component]
fn More() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<crate::sync::BoardCtx>();
    let ui = expect_context::<WallUi>();
    let DayViews { groups, exercises } = DayViews::of(ctx);
    view! {
        <Show when=move || groups.get() || exercises.get()>
            <nav class="phone-section phone-more" aria-label=t!(i18n, phone_more)>
                <Show when=move || groups.get()>
                    <button type="button" class="button" on:click=move |_| ui.toggle(ViewMode::Work)>{t!(i18n, work)}</button>
                </Show>
                <Show when=move || exercises.get()>
                    <button type="button" class="button" on:click=move |_| ui.toggle(ViewMode::Positioning)>{t!(i18n, positioning)}</button>
                </Show>
            </nav>
        </Show>
    }
}

/// Which of the day's other views the facilitator has set up (group work, positioning), for
/// the buttons that lead there.
#[derive(Clone, Copy)]
struct DayViews {
    groups: Memo<bool>,
    exercises: Memo<bool>,
}

impl DayViews {
    fn of(ctx: crate::sync::BoardCtx) -> DayViews {
        DayViews {
            groups: Memo::new(move |_| ctx.track(|b| !b.groups().is_empty())),
            exercises: Memo::new(move |_| ctx.track(|b| !b.exercises().is_empty())),
        }
    }
}
