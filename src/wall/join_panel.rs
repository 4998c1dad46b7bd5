//! The projector's join panel, shown while the facilitator wants it (`flow.join_panel`): a
//! QR code of the participant link, the address to type (`{server}/j`) and the join code,
//! large enough to read from the back of the room. Read with this device's token.

use leptos::prelude::*;

use crate::i18n::*;
use crate::sync::api::{self, invite_link, lan_origin, on_loopback};
use crate::sync::BoardCtx;

/// How often a shown panel asks again, so a code renewed in the share dialog shows.
const REFRESH_SECS: u64 = 30;

/// Where the panel's data stands.
#[derive(Clone, Debug, PartialEq)]
enum PanelState {
    /// Being fetched.
    Loading,
    /// The server did not hand it out (offline, or refused).
    Failed,
    /// The code and the participant token.
    Known(api::JoinPanel),
}

/// Fetches the join code and participant token into `state`; a failed refresh keeps what
/// was shown.
fn load(board: StoredValue<String>, token: StoredValue<String>, state: RwSignal<PanelState>) {
    leptos::task::spawn_local(async move {
        match api::join_panel(&board.get_value(), &token.get_value()).await {
            Ok(panel) => {
                let _ = state.try_set(PanelState::Known(panel));
            }
            Err(e) => {
                leptos::logging::warn!("kartenwand: no join code for the projector: {e}");
                if state.try_get_untracked() == Some(PanelState::Loading) {
                    let _ = state.try_set(PanelState::Failed);
                }
            }
        }
    });
}

/// The join panel while the document says to show it; `token` is this device's (the
/// projector's or the facilitator's).
#[component]
pub fn JoinPanel(board: String, token: String) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let shown = Memo::new(move |_| ctx.track(|b| b.join_panel()));
    let board = StoredValue::new(board);
    let token = StoredValue::new(token);
    move || shown.get().then(|| view! { <JoinPanelBody board token/> })
}

/// The panel itself: fetched when it appears, refreshed while it stays.
#[component]
fn JoinPanelBody(board: StoredValue<String>, token: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(PanelState::Loading);
    load(board, token, state);
    if let Ok(handle) = set_interval_with_handle(
        move || load(board, token, state),
        std::time::Duration::from_secs(REFRESH_SECS),
    ) {
        on_cleanup(move || handle.clear());
    }
    // Opened at localhost, phones need the server's LAN address, as in the share dialog.
    let origin = RwSignal::new(window().location().origin().unwrap_or_default());
    if on_loopback() {
        leptos::task::spawn_local(async move {
            if let Ok(Some(url)) = lan_origin().await {
                let _ = origin.try_set(url);
            }
        });
    }
    let address = move || format!("{}/j", origin.get().trim_end_matches('/'));
    let known = move || match state.get() {
        PanelState::Known(panel) => Some(panel),
        _ => None,
    };
    let qr = move || {
        known().map(|p| {
            let link = invite_link(&origin.get(), &board.get_value(), &p.participant_token);
            format!(
                "/api/qr?text={}",
                String::from(js_sys::encode_uri_component(&link))
            )
        })
    };
    view! {
        <aside class="join-panel" aria-labelledby="join-panel-heading">
            <h2 id="join-panel-heading" class="join-panel-heading">{t!(i18n, join_panel_heading)}</h2>
            {move || match state.get() {
                PanelState::Failed => view! { <p class="join-panel-failed" role="alert">{t!(i18n, join_panel_failed)}</p> }.into_any(),
                PanelState::Loading => view! { <p class="join-panel-loading" role="status">{t!(i18n, share_code_loading)}</p> }.into_any(),
                PanelState::Known(panel) => view! {
                    <p class="join-panel-step">{t!(i18n, join_panel_scan)}</p>
                    <img class="join-panel-qr" src=qr alt=t!(i18n, join_panel_qr_alt) width="420" height="420"/>
                    <p class="join-panel-step">{t!(i18n, join_panel_address)}</p>
                    <p class="join-panel-address">{address}</p>
                    <p class="join-panel-step">{t!(i18n, join_panel_code)}</p>
                    <p class="join-panel-code"><output aria-label=t!(i18n, share_code_label)>{panel.code}</output></p>
                }.into_any(),
            }}
        </aside>
    }
}
