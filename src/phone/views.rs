//! On the phone entry, away from the home (group work, positioning, the ranking): the way
//! back to the home and to the day's other views a participant has, where the full app has
//! its toolbar.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::{ViewMode, WallUi};

/// The view bar, shown while the page is not on the phone home.
#[component]
pub fn PhoneViews() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let super::DayViews { groups, exercises } = super::DayViews::of(ctx);
    let view_button = move |mode: ViewMode, text: fn(&'static Strings) -> &'static str| {
        view! {
            <button type="button" class="button segment" aria-pressed=move || (ui.mode.get() == mode).to_string()
                on:click=move |_| ui.toggle(mode)>
                {crate::i18n::text(i18n, text)}
            </button>
        }
    };
    view! {
        <Show when=move || ui.mode.get() != ViewMode::Home>
            <nav class="toolbar phone-views" aria-label=t!(i18n, day_views)>
                <button type="button" class="button" on:click=move |_| ui.mode.set(ViewMode::Home)>
                    <span aria-hidden="true">"← "</span>{t!(i18n, back_home)}
                </button>
                <div class="segmented">
                    <Show when=move || exercises.get()>{view_button(ViewMode::Positioning, |s| s.positioning)}</Show>
                    <Show when=move || groups.get()>{view_button(ViewMode::Work, |s| s.work)}</Show>
                </div>
            </nav>
        </Show>
    }
}
