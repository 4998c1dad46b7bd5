//! The facilitator's "share" dialog: the participants' link with a QR code large enough to
//! scan from a projector, the join code next to it, the projector's read-only link, a
//! co-facilitator link, and what participants may do (`rights.rs`). A co-facilitator's device
//! fetches the invitation tokens from the server the first time.

use leptos::prelude::*;

use super::rights::RightsSection;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::storage::{boards, Invites};
use crate::sync::api::{fetch_invites, invite_link, lan_origin, on_loopback};

use super::join_code::JoinCodePanel;

/// One link with a copy button.
#[component]
fn LinkField(#[prop(into)] label: Signal<String>, link: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&link.get_untracked());
        copied.set(true);
    };
    view! {
        <div class="link-field">
            <label class="field">
                <span>{move || label.get()}</span>
                <input type="text" readonly prop:value=move || link.get() on:focus=|ev| {
                    if let Some(input) = event_target::<web_sys::HtmlInputElement>(&ev).into() {
                        input.select();
                    }
                }/>
            </label>
            <button type="button" class="button" on:click=copy>
                {move || if copied.get() { t_string!(i18n, copied) } else { t_string!(i18n, copy_link) }}
            </button>
        </div>
    }
}

/// The facilitator's switch for the projector's join panel (kept in the document, so every
/// projector follows it).
#[component]
fn JoinOnProjector() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<crate::sync::BoardCtx>();
    let shown = Memo::new(move |_| ctx.track(|b| b.join_panel()));
    let toggle = move |ev: leptos::ev::Event| {
        let show = event_target_checked(&ev);
        if let Err(e) = ctx.try_edit(|b| b.set_join_panel(show)) {
            leptos::logging::warn!("kartenwand: could not switch the join panel: {e}");
        }
    };
    view! {
        <label class="check join-on-projector">
            <input type="checkbox" prop:checked=move || shown.get() on:change=toggle/>
            <span>{t!(i18n, join_panel_toggle_long)}</span>
        </label>
    }
}

/// What the share dialog needs: the board, its facilitator token, and the invitation tokens
/// if this device knows them (the creator's does; a co-facilitator's fetches them).
#[derive(Clone, Debug, PartialEq)]
pub struct ShareTarget {
    /// The board id.
    pub board: String,
    /// The invitation tokens, once known.
    pub invites: Option<Invites>,
    /// This device's facilitator token.
    pub facilitator_token: String,
}

/// Where the invitation tokens stand.
#[derive(Clone, Debug, PartialEq)]
enum InvitesState {
    /// Not known on this device and not asked for yet.
    Missing,
    /// Being fetched from the server.
    Loading,
    /// The server did not hand them out (offline, or refused).
    Failed,
    /// Known.
    Known(Invites),
}

/// Fetches the invitation tokens into `state` and keeps them with the board.
fn load_invites(
    board: StoredValue<String>,
    token: StoredValue<String>,
    state: RwSignal<InvitesState>,
) {
    state.set(InvitesState::Loading);
    leptos::task::spawn_local(async move {
        let result = fetch_invites(&board.get_value(), &token.get_value()).await;
        let next = match result {
            Ok(tokens) => {
                let invites = Invites {
                    participant: tokens.participant_token,
                    viewer: tokens.viewer_token,
                };
                if let Err(e) = boards::remember_invites(&board.get_value(), invites.clone()) {
                    leptos::logging::warn!("kartenwand: could not keep the invitation links: {e}");
                }
                InvitesState::Known(invites)
            }
            Err(e) => {
                leptos::logging::warn!("kartenwand: no invitation links from the server: {e}");
                InvitesState::Failed
            }
        };
        let _ = state.try_set(next);
    });
}

/// Shows the board's invitation links. Opened at `localhost`, the links and the QR code use
/// the server's LAN address instead, so phones on the same network can follow them.
#[component]
pub fn ShareDialog(open: RwSignal<bool>, target: ShareTarget) -> impl IntoView {
    let i18n = use_i18n();
    let here = window().location().origin().unwrap_or_default();
    let origin = RwSignal::new(here.clone());
    // None: not on loopback; Some(None): on loopback, no LAN address; Some(Some(url)).
    let lan = RwSignal::new(None::<Option<String>>);
    if on_loopback() {
        leptos::task::spawn_local(async move {
            let found = lan_origin().await.ok().flatten();
            if let Some(url) = &found {
                let _ = origin.try_set(url.clone());
            }
            let _ = lan.try_set(Some(found));
        });
    }
    let ShareTarget {
        board,
        invites,
        facilitator_token,
    } = target;
    let state = RwSignal::new(invites.map_or(InvitesState::Missing, InvitesState::Known));
    let board = StoredValue::new(board);
    let token = StoredValue::new(facilitator_token);
    Effect::new(move |_| {
        if open.get() && state.with_untracked(|s| *s == InvitesState::Missing) {
            load_invites(board, token, state);
        }
    });
    let link = move |token: &str| invite_link(&origin.get(), &board.get_value(), token);
    let known = move || match state.get() {
        InvitesState::Known(invites) => Some(invites),
        _ => None,
    };
    let participant =
        Signal::derive(move || known().map(|i| link(&i.participant)).unwrap_or_default());
    let viewer = Signal::derive(move || known().map(|i| link(&i.viewer)).unwrap_or_default());
    let facilitator = Signal::derive(move || token.with_value(|t| link(t)));
    let qr = move || {
        format!(
            "/api/qr?text={}",
            String::from(js_sys::encode_uri_component(&participant.get()))
        )
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.share_heading)>
            <div class="share">
                {move || match state.get() {
                    InvitesState::Known(_) => view! {
                        // Only while open: the image is a request to the server.
                        <div class="share-join">
                            <Show when=move || open.get()>
                                <img class="qr" src=qr alt=t!(i18n, qr_alt) width="320" height="320"/>
                            </Show>
                            <JoinCodePanel open board token origin/>
                        </div>
                        <JoinOnProjector/>
                        <p class="muted">{t!(i18n, share_participants_help)}</p>
                        {move || lan.get().map(|found| match found {
                            Some(url) => view! { <p class="share-lan">{t_string!(i18n, share_lan, url = url)}</p> }.into_any(),
                            None => view! { <p class="share-lan share-lan--warn" role="alert">{t!(i18n, share_loopback_only)}</p> }.into_any(),
                        })}
                        <LinkField label=text_signal(i18n, |s| s.share_participants) link=participant/>
                        <LinkField label=text_signal(i18n, |s| s.share_projector) link=viewer/>
                    }.into_any(),
                    InvitesState::Failed => view! {
                        <p class="field-error" role="alert">{t!(i18n, share_invites_failed)}</p>
                        <button type="button" class="button" on:click=move |_| load_invites(board, token, state)>{t!(i18n, share_invites_retry)}</button>
                    }.into_any(),
                    InvitesState::Missing | InvitesState::Loading => view! {
                        <p class="muted" role="status">{t!(i18n, share_invites_loading)}</p>
                    }.into_any(),
                }}
                <LinkField label=text_signal(i18n, |s| s.share_facilitator) link=facilitator/>
                <RightsSection/>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, dismiss)}</button>
                </div>
            </div>
        </Modal>
    }
}
