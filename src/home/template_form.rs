//! "Neue Wand aus Vorlage" on the start page: a new board from the built-in seed workshop,
//! from a template kept on the server (listed when the server answers; one this browser
//! kept there can be deleted here) or from a template file, on the server when it answers,
//! else in this browser.

use leptos::prelude::*;

use crate::export::export_language;
use crate::export::template::{
    keep_new_board, read_template, seed_template, server_template, template_error_text,
    FromTemplateError, Source,
};
use crate::i18n::*;
use crate::route::{use_navigate, Route};
use crate::storage::boards;
use crate::storage::prefs;
use crate::sync::api::{self, ServerTemplate};
use crate::wall::messages::boards_error_text;

/// The form: a title, the template to start from, and the button.
#[component]
pub fn TemplateForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let source = RwSignal::new(Source::Seed);
    let chosen = StoredValue::new_local(None::<web_sys::File>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The server's templates, when it answers (offline: none listed, the rest works).
    let on_server = RwSignal::new(Vec::<ServerTemplate>::new());
    let tokens = RwSignal::new(prefs::template_tokens());
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::templates().await {
            on_server.try_set(list);
        }
    });
    let delete = move |t: ServerTemplate| {
        let Some(token) = tokens.with_untracked(|m| m.get(&t.id).cloned()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::delete_template(&t.id, &token).await {
                // Gone (or gone before): forget it here too.
                Ok(()) | Err(api::ApiError::Status(404)) => {
                    prefs::set_template_token(&t.id, None);
                    tokens.try_set(prefs::template_tokens());
                    on_server.try_update(|list| list.retain(|s| s.id != t.id));
                    if source.get_untracked() == Source::Server(t.id.clone()) {
                        source.try_set(Source::Seed);
                    }
                }
                Err(_) => {
                    error.try_set(Some(
                        t_string!(i18n, template_server_delete_failed).to_string(),
                    ));
                }
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let file = input.files().and_then(|files| files.get(0));
        if file.is_some() {
            source.set(Source::File);
            error.set(None);
        }
        chosen.set_value(file);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = chosen.get_value();
        if source.get_untracked() == Source::File && file.is_none() {
            error.set(Some(t_string!(i18n, template_no_file).to_string()));
            return;
        }
        error.set(None);
        busy.set(true);
        let wanted = title.get_untracked();
        let lang = export_language(i18n);
        let source = source.get_untracked();
        leptos::task::spawn_local(async move {
            let template = match (source, file) {
                (Source::File, Some(file)) => read_template(file)
                    .await
                    .map_err(|e| template_error_text(i18n, &e)),
                (Source::Server(id), _) => server_template(&id)
                    .await
                    .map_err(|e| template_error_text(i18n, &e)),
                _ => Ok(seed_template(lang)),
            };
            let made = template.and_then(|t| {
                t.to_board(&wanted, boards::env())
                    .map_err(|e| template_error_text(i18n, &FromTemplateError::from(e)))
            });
            let kept = match made {
                Ok(board) => keep_new_board(&board)
                    .await
                    .map_err(|e| boards_error_text(i18n, &e)),
                Err(text) => Err(text),
            };
            busy.try_set(false);
            match kept {
                Ok(id) => navigate(Route::Board(id)),
                Err(text) => {
                    error.try_set(Some(text));
                }
            }
        });
    };
    view! {
        <section class="new-board from-template" aria-labelledby="from-template-heading">
            <h2 id="from-template-heading">{t!(i18n, from_template_heading)}</h2>
            <p class="muted">{t!(i18n, from_template_help)}</p>
            <form class="template-form" on:submit=on_submit>
                <fieldset class="choice">
                    <legend>{t!(i18n, template_choice)}</legend>
                    <label>
                        <input type="radio" name="template-source" prop:checked=move || source.get() == Source::Seed
                            on:change=move |_| source.set(Source::Seed)/>
                        {t!(i18n, template_builtin_seed)}
                    </label>
                    <For each=move || on_server.get() key=|t| t.id.clone() let:t>
                        {
                            let id = t.id.clone();
                            let chosen_id = t.id.clone();
                            let deletable = { let id = t.id.clone(); move || tokens.with(|m| m.contains_key(&id)) };
                            let label = t_string!(i18n, template_server_delete_label, title = t.title.as_str()).to_string();
                            let gone = t.clone();
                            view! {
                                <div class="choice-row">
                                    <label>
                                        <input type="radio" name="template-source" prop:checked=move || source.get() == Source::Server(chosen_id.clone())
                                            on:change=move |_| source.set(Source::Server(id.clone()))/>
                                        <span><span class="muted">{t!(i18n, template_from_server)}": "</span>{t.title.clone()}</span>
                                    </label>
                                    <Show when=deletable.clone()>
                                        <button type="button" class="button" aria-label=label.clone()
                                            on:click={ let gone = gone.clone(); move |_| delete(gone.clone()) }>
                                            {t!(i18n, template_server_delete)}
                                        </button>
                                    </Show>
                                </div>
                            }
                        }
                    </For>
                    <label>
                        <input type="radio" name="template-source" prop:checked=move || source.get() == Source::File
                            on:change=move |_| source.set(Source::File)/>
                        {t!(i18n, template_from_file)}
                    </label>
                </fieldset>
                <label class="field">
                    <span>{t!(i18n, template_file_label)}</span>
                    <input type="file" accept=".kartenwand-vorlage" on:change=on_file/>
                </label>
                <label class="field">
                    <span>{t!(i18n, from_template_title_label)}</span>
                    <input type="text" maxlength="200" bind:value=title/>
                </label>
                <button type="submit" class="button button--primary" disabled=move || busy.get()>{t!(i18n, template_create)}</button>
            </form>
            <div aria-live="polite">
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
        </section>
    }
}
