//! The facilitator rewords a template's question for this board ("… kennen Sie in
//! Quakenbrück?") or goes back to the template's wording. Every worksheet of the template
//! on the board, and the documentation, then ask it that way.

use board::worksheet::{Question, MAX_WORDING};
use board::Template;
use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::messages::board_error_text;
use crate::wall::WallUi;

/// The reword button of one question, and its form while open.
#[component]
pub fn Rewording(
    template: Template,
    question: Question,
    wording: Memo<String>,
    reworded: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let run = move |text: &str| match ctx
        .edit(|b| b.set_question_wording(template, question.key, text))
    {
        Ok(()) => editing.set(false),
        Err(e) => ui.complain(board_error_text(i18n, &e)),
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(&draft.get_untracked());
    };
    let open = move |_| {
        draft.set(wording.get_untracked());
        editing.set(true);
    };
    let label = move || t_string!(i18n, wording_edit_label, question = wording.get());
    view! {
        <Show when=move || reworded.get()>
            <p class="muted wording-note">{t!(i18n, wording_reworded)}</p>
        </Show>
        <Show when=move || editing.get() fallback=move || view! {
            <button type="button" class="button wording-edit" aria-label=label on:click=open>{t!(i18n, wording_edit)}</button>
        }>
            <form class="inline-form wording-form" on:submit=save>
                <label class="field">
                    <span>{t!(i18n, wording_field)}</span>
                    <input type="text" maxlength=MAX_WORDING.to_string() dir="auto" bind:value=draft/>
                </label>
                <button type="submit" class="button button--primary">{t!(i18n, wording_save)}</button>
                <Show when=move || reworded.get()>
                    <button type="button" class="button" on:click=move |_| run("")>{t!(i18n, wording_reset)}</button>
                </Show>
                <button type="button" class="button" on:click=move |_| editing.set(false)>{t!(i18n, cancel)}</button>
            </form>
        </Show>
    }
}
